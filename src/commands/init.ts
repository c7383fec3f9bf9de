import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { GuardError } from '../errors.js'
import { runGit, runProcess, type GitContext } from '../git/exec.js'
import { openRepo } from '../git/repo.js'
import type { InitNote, InitReason, InitResult } from '../types.js'
import { mergeEnvExample } from '../content/env-template.js'
import { mergeGitignore } from '../init/gitignore-block.js'
import { addHookLine } from '../init/hook-file.js'
import { replaceFile } from '../worktree/replace-file.js'
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
  content: string | Buffer
  why: InitReason
}

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

/** All or nothing: a failed write (full disk, `ulimit -f`) leaves the old .gitignore whole. */
function writeGitignore(path: string, bytes: string | Buffer): void {
  try {
    replaceFile(path, Buffer.from(bytes))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTREG') {
      throw new GuardError(
        '.gitignore is a symbolic link or not a regular file; not writing through it',
        'replace it with a regular file, then run init again',
      )
    }
    throw new GuardError(
      `cannot write .gitignore (${code ?? 'error'}); it was left as it was`,
      'free some disk space (or raise the file size limit), then run init again',
    )
  }
}

/**
 * `precommit-guard init`: wire the hook (husky, lint-staged, or the pre-commit framework for
 * Python-only repositories), merge the recommended .gitignore block, derive .env.example from
 * .env. Idempotent: every file is written only when its content changes.
 */
export async function runInit(options: InitOptions): Promise<InitResult> {
  const repo = await openRepo(options.ctx)
  const top = repo.top
  const changes: FileChange[] = []
  const notes: InitNote[] = []
  const change = (rel: string, before: string | undefined, after: string, why: InitReason) => {
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
          'lint-staged-task',
        )
      } else if (otherRc) {
        notes.push({ code: 'lint-staged-not-json', file: otherRc })
      } else {
        pkg = { ...pkg, 'lint-staged': withLintStagedGuard(pkg['lint-staged'] ?? {}) }
      }
    }
    change('package.json', pkgText, formatPackageJson(pkg, pkgText), 'husky-prepare')
    const hookPath = '.husky/pre-commit'
    const hookText = read(join(top, hookPath))
    change(
      hookPath,
      hookText,
      addHookLine(hookText, hookLine, hookLine),
      options.lintStaged ? 'hook-runs-lint-staged' : 'hook-runs-guard',
    )
    const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) }
    if (!('precommit-guard' in deps)) notes.push({ code: 'install-guard' })
    if (options.lintStaged && !('lint-staged' in deps)) notes.push({ code: 'install-lint-staged' })
    if (existsSync(join(top, 'node_modules/.bin/husky'))) activateHusky = true
    else notes.push({ code: 'install-husky' })
  } else {
    notes.push({ code: 'no-package-json' })
  }

  // The .gitignore's own bytes are kept as they are (they need not be UTF-8): only what the
  // merge adds after them is new.
  const gitignorePath = join(top, '.gitignore')
  const gitignore = existsSync(gitignorePath) ? readFileSync(gitignorePath) : Buffer.alloc(0)
  const asText = gitignore.toString('utf8')
  const added = mergeGitignore(asText).slice(asText.length)
  if (added !== '') {
    changes.push({
      path: '.gitignore',
      content: Buffer.concat([gitignore, Buffer.from(added, 'utf8')]),
      why: 'gitignore-block',
    })
  }

  const envText = read(join(top, '.env'))
  if (envText !== undefined) {
    const example = read(join(top, '.env.example'))
    change('.env.example', example, mergeEnvExample(envText, example), 'env-example')
  }

  if (!options.dryRun) {
    for (const c of changes) {
      mkdirSync(dirname(join(top, c.path)), { recursive: true })
      if (c.path === '.gitignore') writeGitignore(gitignorePath, c.content)
      else writeFileSync(join(top, c.path), c.content)
    }
  }
  let huskyActivated = false
  if (activateHusky && !options.dryRun) {
    const hooksPath = await runGit(options.ctx, ['config', '--get', 'core.hooksPath'], {
      okCodes: [1],
    })
    if (hooksPath.stdout.trim() !== '.husky/_') {
      await runProcess(join(top, 'node_modules/.bin/husky'), { ...options.ctx, cwd: top }, [])
      huskyActivated = true
    }
  }
  return {
    dryRun: options.dryRun,
    changes: changes.map(({ path, why }) => ({ path, why })),
    huskyActivated,
    notes,
  }
}
