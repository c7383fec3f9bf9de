import { shellQuote, visible } from '../recovery/quote.js'
import type { InitFile, InitNote, InitReason, InitResult } from '../types.js'

const REASONS: Record<InitReason, string> = {
  'lint-staged-task': 'lint-staged runs the guard on staged files',
  'husky-prepare': '"prepare" runs husky, which activates the hook on npm install',
  'husky-prepare-and-lint-staged-task':
    '"prepare" runs husky (activates the hook on npm install); lint-staged runs the guard',
  'hook-runs-guard': 'runs precommit-guard before every commit',
  'hook-runs-lint-staged': 'runs lint-staged (and so the guard) before every commit',
  'hook-runs-guard-then-lint-staged':
    'runs precommit-guard on the whole stage, then lint-staged, before every commit',
  'merge-hook-runs-guard': 'runs precommit-guard before every merge commit (git merge)',
  'gitignore-block': 'recommended ignore rules (missing lines only)',
  'env-example': 'keys from the .env beside it; values that could be secret replaced',
  'pre-commit-entry': 'the pre-commit framework runs precommit-guard',
}

const VERBS: Record<InitFile['action'], [done: string, dry: string]> = {
  create: ['created', 'would create'],
  update: ['updated', 'would update'],
  unchanged: ['already there:', 'already there:'],
}

/** A teammate's shell is wherever they stand: commands below the top say where to run them. */
const inDir = (dir: string, command: string) =>
  dir === '' ? command : `cd ${shellQuote(dir)} && ${command}`

function noteText(note: InitNote): string {
  switch (note.code) {
    case 'lint-staged-snippet':
      return `${note.file} is not edited by init: add the task "'*': 'precommit-guard'" to the object it exports, e.g. export default { '*': 'precommit-guard', /* your tasks */ }`
    case 'pre-commit-snippet':
      return `${note.file} could not be edited safely: add under repos:\n  - repo: https://github.com/precommit-guard/precommit-guard\n    rev: <the release you use>\n    hooks:\n      - id: precommit-guard`
    case 'install-guard':
      return `add the guard to the project: ${inDir(note.packageDir, 'npm install --save-dev precommit-guard')}`
    case 'install-lint-staged':
      return `add lint-staged: ${inDir(note.packageDir, 'npm install --save-dev lint-staged')}`
    case 'install-husky':
      return `husky is not installed, so no hook is active yet: ${inDir(note.packageDir, 'npm install --save-dev husky')} (its prepare script then activates the hook)`
    case 'env-not-read':
      return `${visible(note.file)} is a symbolic link to a file outside the repository, so no template was made from it`
    case 'lint-staged-below-top':
      return `lint-staged in ${visible(note.packageDir)}/ only passes files below that folder, so the guard runs as its own hook line (on the whole stage), not as a lint-staged task`
    case 'hooks-path-taken':
      return `core.hooksPath is ${JSON.stringify(note.current)}, so git does not run ${note.wanted}; left as it is (point it at ${note.wanted}, or call the guard from your hooks)`
  }
}

function nextSteps(result: InitResult): string[] {
  const steps: string[] = []
  switch (result.route) {
    case 'husky':
    case 'lint-staged':
      steps.push(
        `${inDir(result.packageDir, 'npm install')} (its prepare script activates the hook)`,
      )
      break
    case 'pre-commit':
      steps.push('pre-commit install --hook-type pre-commit --hook-type pre-merge-commit')
      break
    case 'plain-hook':
      steps.push(
        `git config core.hooksPath ${result.hooksDir ?? ''} (the hook runs precommit-guard from PATH)`,
      )
      break
  }
  for (const { env, template } of result.templates) {
    steps.push(`cp ${shellQuote(template)} ${shellQuote(env)}, then fill in the real values`)
  }
  return steps
}

/** What `init` did, a line per file, then what is left to the user and to teammates. */
export function renderInit(result: InitResult): string {
  const out: string[] = []
  for (const file of result.files) {
    const verb = VERBS[file.action][result.dryRun ? 1 : 0]
    out.push(`${verb} ${visible(file.path)}: ${REASONS[file.why]}`)
    if (result.dryRun) out.push(...file.added.map((line) => `    + ${visible(line)}`))
  }
  if (result.activated) out.push(`activated the hooks (core.hooksPath = ${result.activated})`)
  if (result.files.every((file) => file.action === 'unchanged') && !result.activated) {
    const unfinished = result.notes.some((note) => note.code.endsWith('-snippet'))
    out.push(
      unfinished
        ? 'nothing to change in the files init edits; one step is left to you (below)'
        : 'nothing to change: already set up',
    )
  }
  if (result.dryRun) out.push('(dry run: nothing was written)')
  out.push(...result.notes.map((note) => `note: ${noteText(note)}`))
  out.push('next steps for teammates, after they pull:')
  out.push(...nextSteps(result).map((step) => `  ${step}`))
  return `${out.join('\n')}\n`
}
