import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { GuardError } from '../errors.js'
import { runGit, runProcess, type GitContext } from '../git/exec.js'
import { openRepo } from '../git/repo.js'
import { mergeEnvExample } from '../content/env-template.js'
import { mergeGitignore } from '../init/gitignore-block.js'
import { addHookLine } from '../init/hook-file.js'
import {
  formatPackageJson,
  withHuskyPrepare,
  withLintStagedGuard,
  type PackageJson,
} from '../init/package-json.js'

export interface InitOptions {
  ctx: GitContext
  lintStaged: boolean
  dryRun: boolean
}

interface FileChange {
  path: string
  content: string
  why: string
}

const PRE_COMMIT_SNIPPET = `repos:
  - repo: https://github.com/precommit-guard/precommit-guard
    rev: v0.1.0
    hooks:
      - id: precommit-guard`

const LINT_STAGED_JSON = ['.lintstagedrc', '.lintstagedrc.json']
const LINT_STAGED_OTHER = [
  '.lintstagedrc.yaml',
  '.lintstagedrc.yml',
  '.lintstagedrc.mjs',
  '.lintstagedrc.cjs',
  '.lintstagedrc.js',
  'lint-staged.config.js',
  'lint-staged.config.mjs',
  'lint-staged.config.cjs',
]

function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

function parseJson<T>(path: string, text: string): T {
  try {
    return JSON.parse(text) as T
  } catch (error) {
    throw new GuardError(
      `${path}: not valid JSON (${(error as Error).message})`,
      'fix the file, then run init again',
    )
  }
}

/**
 * `precommit-guard init`: wire the hook (husky, lint-staged, or the pre-commit framework for
 * Python-only repositories), merge the recommended .gitignore block, derive .env.example from
 * .env. Idempotent: every file is written only when its content changes.
 */
export async function runInit(options: InitOptions): Promise<string> {
  const repo = await openRepo(options.ctx)
  const top = repo.top
  const changes: FileChange[] = []
  const notes: string[] = []
  const change = (rel: string, before: string | undefined, after: string, why: string) => {
    if (before !== after) changes.push({ path: rel, content: after, why })
  }

  const pkgText = read(join(top, 'package.json'))
  let activateHusky = false
  if (pkgText !== undefined) {
    let pkg = withHuskyPrepare(parseJson<PackageJson>('package.json', pkgText))
    let hookLine = 'precommit-guard'
    if (options.lintStaged) {
      hookLine = 'lint-staged'
      const jsonRc = LINT_STAGED_JSON.find((name) => existsSync(join(top, name)))
      const otherRc = LINT_STAGED_OTHER.find((name) => existsSync(join(top, name)))
      if (jsonRc) {
        const text = read(join(top, jsonRc))!
        const config = parseJson<Record<string, string | string[]>>(jsonRc, text)
        change(
          jsonRc,
          text,
          `${JSON.stringify(withLintStagedGuard(config), null, 2)}\n`,
          'run the guard on staged files',
        )
      } else if (otherRc) {
        notes.push(`add "*": "precommit-guard" to ${otherRc} (not edited: it is not JSON)`)
      } else {
        pkg = { ...pkg, 'lint-staged': withLintStagedGuard(pkg['lint-staged'] ?? {}) }
      }
    }
    change(
      'package.json',
      pkgText,
      formatPackageJson(pkg, pkgText),
      '"prepare": "husky" activates the hook on npm install',
    )
    const hookPath = '.husky/pre-commit'
    const hookText = read(join(top, hookPath))
    change(
      hookPath,
      hookText,
      addHookLine(hookText, hookLine, hookLine),
      `runs ${hookLine} before every commit`,
    )
    const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) }
    if (!('precommit-guard' in deps))
      notes.push('add the guard to the project: npm install --save-dev precommit-guard')
    if (options.lintStaged && !('lint-staged' in deps))
      notes.push('add lint-staged: npm install --save-dev lint-staged')
    if (existsSync(join(top, 'node_modules/.bin/husky'))) activateHusky = true
    else
      notes.push(
        'husky is not installed: npm install --save-dev husky (its prepare script then activates the hook)',
      )
  } else {
    notes.push(
      'no package.json: this looks like a Python repository, so no husky set-up was made. Either',
      `  add the pre-commit framework hook to .pre-commit-config.yaml:\n${PRE_COMMIT_SNIPPET.replace(/^/gm, '    ')}`,
      '  or use the plain hook: copy node_modules/precommit-guard/hooks/pre-commit to .git/hooks/pre-commit',
    )
  }

  const gitignore = read(join(top, '.gitignore'))
  change(
    '.gitignore',
    gitignore,
    mergeGitignore(gitignore ?? ''),
    'recommended ignore rules (missing lines only)',
  )

  const envText = read(join(top, '.env'))
  if (envText !== undefined) {
    const example = read(join(top, '.env.example'))
    change(
      '.env.example',
      example,
      mergeEnvExample(envText, example),
      'keys from .env with placeholder values',
    )
  }

  const verb = options.dryRun ? 'would update' : 'updated'
  const out: string[] = []
  for (const c of changes) {
    out.push(`${verb} ${c.path}: ${c.why}`)
    if (!options.dryRun) {
      mkdirSync(dirname(join(top, c.path)), { recursive: true })
      writeFileSync(join(top, c.path), c.content)
    }
  }
  if (activateHusky && !options.dryRun) {
    const hooksPath = await runGit(options.ctx, ['config', '--get', 'core.hooksPath'], {
      okCodes: [1],
    })
    if (hooksPath.stdout.trim() !== '.husky/_') {
      await runProcess(join(top, 'node_modules/.bin/husky'), { ...options.ctx, cwd: top }, [])
      out.push('activated husky (core.hooksPath = .husky/_)')
    }
  }
  if (out.length === 0) out.push('already set up: nothing to change')
  if (options.dryRun) out.push('(dry run: nothing was written)')
  out.push(...notes.map((note) => `note: ${note}`))
  out.push(
    'next steps for teammates: pull, run npm install (it activates the hook), then cp .env.example .env and fill in real values',
  )
  return `${out.join('\n')}\n`
}
