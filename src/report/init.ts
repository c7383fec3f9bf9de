import type { InitNote, InitReason, InitResult } from '../types.js'

const REASONS: Record<InitReason, string> = {
  'lint-staged-task': 'run the guard on staged files',
  'husky-prepare': '"prepare": "husky" activates the hook on npm install',
  'hook-runs-guard': 'runs precommit-guard before every commit',
  'hook-runs-lint-staged': 'runs lint-staged before every commit',
  'gitignore-block': 'recommended ignore rules (missing lines only)',
  'env-example': 'keys from .env with placeholder values',
}

const PRE_COMMIT_SNIPPET = `repos:
  - repo: https://github.com/precommit-guard/precommit-guard
    rev: v0.1.0
    hooks:
      - id: precommit-guard`

function noteText(note: InitNote): string[] {
  switch (note.code) {
    case 'lint-staged-not-json':
      return [`add "*": "precommit-guard" to ${note.file} (not edited: it is not JSON)`]
    case 'install-guard':
      return ['add the guard to the project: npm install --save-dev precommit-guard']
    case 'install-lint-staged':
      return ['add lint-staged: npm install --save-dev lint-staged']
    case 'install-husky':
      return [
        'husky is not installed: npm install --save-dev husky (its prepare script then activates the hook)',
      ]
    case 'no-package-json':
      return [
        'no package.json: this looks like a Python repository, so no husky set-up was made. Either',
        `  add the pre-commit framework hook to .pre-commit-config.yaml:\n${PRE_COMMIT_SNIPPET.replace(/^/gm, '    ')}`,
        '  or use the plain hook: copy node_modules/precommit-guard/hooks/pre-commit to .git/hooks/pre-commit',
      ]
  }
}

/** What `init` did, a line per change, then what is left to the user. */
export function renderInit(result: InitResult): string {
  const verb = result.dryRun ? 'would update' : 'updated'
  const out = result.changes.map((change) => `${verb} ${change.path}: ${REASONS[change.why]}`)
  if (result.huskyActivated) out.push('activated husky (core.hooksPath = .husky/_)')
  if (out.length === 0) out.push('already set up: nothing to change')
  if (result.dryRun) out.push('(dry run: nothing was written)')
  out.push(...result.notes.flatMap(noteText).map((note) => `note: ${note}`))
  out.push(
    'next steps for teammates: pull, run npm install (it activates the hook), then cp .env.example .env and fill in real values',
  )
  return `${out.join('\n')}\n`
}
