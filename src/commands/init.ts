import { isUtf8 } from 'node:buffer'
import { lstatSync, readFileSync } from 'node:fs'
import { posix } from 'node:path'
import { GuardError, UsageError } from '../errors.js'
import { runGit, runProcess, type GitContext } from '../git/exec.js'
import { openRepo } from '../git/repo.js'
import { listFilesNamed } from '../git/worktree-files.js'
import type { InitFile, InitNote, InitReason, InitResult, InitRoute } from '../types.js'
import { envExampleFor } from '../content/env-example.js'
import { mergeGitignore } from '../init/gitignore-block.js'
import { LINT_STAGED_FILES } from '../init/lint-staged-files.js'
import { addHookLine, hookRuns, replaceHookLine } from '../init/hook-file.js'
import {
  formatPackageJson,
  withHuskyPrepare,
  withLintStagedGuard,
  type PackageJson,
} from '../init/package-json.js'
import { lintStagedRunsGuard, withLintStagedYaml, withPreCommitEntry } from '../init/yaml-config.js'
import { shellQuote } from '../recovery/quote.js'
import { checkWritable, readRepoFile, writeRepoFile } from '../worktree/repo-files.js'

export interface InitOptions {
  ctx: GitContext
  lintStaged: boolean
  dryRun: boolean
  /** The guard's version: the `rev` of the pre-commit framework entry. */
  version: string
  /** The guard's own `hooks/` folder (the plain hook scripts it ships). */
  shippedHooks: URL
}

/** The repository the pre-commit framework entry points at. */
const PRE_COMMIT_REPO = 'https://github.com/precommit-guard/precommit-guard'

/** The folder the plain hook is written to, for `core.hooksPath`. */
const PLAIN_HOOKS_DIR = '.githooks'

/** Env templates a `.env` may already have beside it; a new one is `.env.example`. */
const TEMPLATE_NAMES = [
  '.env.example',
  '.env.sample',
  '.env.template',
  'env.example',
  '.env.dist',
  '.env-example',
  '.env_example',
]

interface Planned extends InitFile {
  content: Buffer
  mode?: number
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

/** Lines of `after` that `before` does not have (as many times as they are new). */
function addedLines(before: string, after: string): string[] {
  const left = new Map<string, number>()
  for (const line of before.split('\n')) left.set(line, (left.get(line) ?? 0) + 1)
  const added: string[] = []
  for (const line of after.replace(/\n$/, '').split('\n')) {
    const count = left.get(line) ?? 0
    if (count > 0) left.set(line, count - 1)
    else added.push(line)
  }
  return added
}

/** The package.json `init` works with: the nearest one from the cwd up to the top. */
function findPackageDir(top: string, prefix: string): string | undefined {
  const parts = prefix.split('/').filter(Boolean)
  for (let depth = parts.length; depth >= 0; depth--) {
    const dir = parts.slice(0, depth).join('/')
    if (readRepoFile(top, dir === '' ? 'package.json' : `${dir}/package.json`) !== undefined) {
      return dir
    }
  }
  return undefined
}

/** A hook line run from the package's folder (husky's recipe for a package below the top). */
function inPackage(packageDir: string, command: string): string {
  return packageDir === '' ? command : `(cd ${shellQuote(packageDir)} && ${command})`
}

/** `"prepare"` for husky: `husky`, or `cd .. && husky frontend/.husky` below the top. */
function huskyPrepare(packageDir: string): string {
  if (packageDir === '') return 'husky'
  const up = packageDir
    .split('/')
    .map(() => '..')
    .join('/')
  return `cd ${up} && husky ${shellQuote(`${packageDir}/.husky`)}`
}

/**
 * `precommit-guard init`: wire the hook (husky, lint-staged, the pre-commit framework, or the
 * plain hook through `core.hooksPath`), for pre-commit and pre-merge-commit; merge the
 * recommended .gitignore block; derive a template beside every `.env`. Idempotent: a file is
 * written only when its content changes, and nothing is written through a symbolic link or
 * outside the repository (every file is checked before the first write).
 */
export async function runInit(options: InitOptions): Promise<InitResult> {
  const repo = await openRepo(options.ctx)
  const top = repo.top
  const planned: Planned[] = []
  const notes: InitNote[] = []
  const readText = (rel: string) => readRepoFile(top, rel)?.toString('utf8')
  const plan = (
    rel: string,
    before: string | undefined,
    after: string,
    why: InitReason,
    encoding: BufferEncoding = 'utf8',
    mode?: number,
  ) => {
    const action = before === undefined ? 'create' : before === after ? 'unchanged' : 'update'
    planned.push({
      path: rel,
      why,
      action,
      added: action === 'unchanged' ? [] : addedLines(before ?? '', after),
      content: Buffer.from(after, encoding),
      ...(mode === undefined ? {} : { mode }),
    })
  }

  const packageDir = findPackageDir(top, repo.prefix)
  let route: InitRoute
  let hooksPathWanted: string | undefined
  let huskyBin: string | undefined
  let hooksDir: string | undefined
  if (packageDir !== undefined) {
    const inDir = (name: string) => (packageDir === '' ? name : `${packageDir}/${name}`)
    const pkgPath = inDir('package.json')
    const pkgText = readText(pkgPath)!
    const original = parseJson<PackageJson>(pkgPath, pkgText)
    let pkg = withHuskyPrepare(original, huskyPrepare(packageDir))
    const guardLine = inPackage(packageDir, 'precommit-guard')
    const lintStagedLine = inPackage(packageDir, 'lint-staged')
    const hookPath = inDir('.husky/pre-commit')
    const hookText = readText(hookPath)

    // Where lint-staged reads its configuration, and whether it already runs the guard.
    const existing = (names: readonly string[]) =>
      names.find((n) => readText(inDir(n)) !== undefined)
    const jsonRc = existing(LINT_STAGED_FILES.json)
    const yamlRc = existing(LINT_STAGED_FILES.yaml)
    const scriptRc = existing(LINT_STAGED_FILES.script)
    const rcText = (name: string | undefined) => (name ? readText(inDir(name)) : undefined)
    const lintStagedHasGuard = (() => {
      if (jsonRc) {
        const text = rcText(jsonRc)!
        try {
          return lintStagedRunsGuard(JSON.parse(text))
        } catch {
          return withLintStagedYaml(text) === text
        }
      }
      if (yamlRc) return withLintStagedYaml(rcText(yamlRc)!) === rcText(yamlRc)
      if (scriptRc) return rcText(scriptRc)!.includes('precommit-guard')
      return lintStagedRunsGuard(pkg['lint-staged'])
    })()

    let hookAfter: string
    let hookWhy: InitReason | undefined
    if (options.lintStaged && packageDir !== '') {
      // lint-staged below the top passes only the files below its folder, so the guard keeps
      // its own line (the whole stage) and lint-staged runs after it, without a guard task.
      route = 'lint-staged'
      hookWhy = 'hook-runs-guard-then-lint-staged'
      hookAfter = addHookLine(hookText, guardLine, 'precommit-guard')
      if (!hookRuns(hookAfter, 'lint-staged')) hookAfter = `${hookAfter}${lintStagedLine}\n`
      notes.push({ code: 'lint-staged-below-top', packageDir })
    } else if (options.lintStaged) {
      route = 'lint-staged'
      if (jsonRc) {
        const text = rcText(jsonRc)!
        let edited: string | undefined
        try {
          const config = JSON.parse(text) as Record<string, string | string[]>
          edited = `${JSON.stringify(withLintStagedGuard(config), null, 2)}\n`
          if (lintStagedRunsGuard(config)) edited = text
        } catch {
          edited = withLintStagedYaml(text)
        }
        if (edited === undefined) notes.push({ code: 'lint-staged-snippet', file: inDir(jsonRc) })
        else plan(inDir(jsonRc), text, edited, 'lint-staged-task')
      } else if (yamlRc) {
        const text = rcText(yamlRc)!
        const edited = withLintStagedYaml(text)
        if (edited === undefined) notes.push({ code: 'lint-staged-snippet', file: inDir(yamlRc) })
        else plan(inDir(yamlRc), text, edited, 'lint-staged-task')
      } else if (scriptRc) {
        if (!lintStagedHasGuard) notes.push({ code: 'lint-staged-snippet', file: inDir(scriptRc) })
      } else {
        pkg = { ...pkg, 'lint-staged': withLintStagedGuard(pkg['lint-staged'] ?? {}) }
      }
      // The hook runs lint-staged instead of the guard's own line, so the guard runs once.
      hookAfter =
        hookText === undefined
          ? `${lintStagedLine}\n`
          : replaceHookLine(hookText, guardLine, lintStagedLine, 'lint-staged')
    } else if (hookRuns(hookText, 'lint-staged') && lintStagedHasGuard) {
      // Already run through lint-staged: a second line would run the guard twice.
      route = 'lint-staged'
      hookAfter = hookText!
    } else {
      route = 'husky'
      hookAfter = addHookLine(hookText, guardLine, 'precommit-guard')
    }
    const prepareChanged = pkg.scripts?.prepare !== original.scripts?.prepare
    const lintStagedChanged =
      JSON.stringify(pkg['lint-staged']) !== JSON.stringify(original['lint-staged'])
    plan(
      pkgPath,
      pkgText,
      formatPackageJson(pkg, pkgText),
      lintStagedChanged
        ? prepareChanged
          ? 'husky-prepare-and-lint-staged-task'
          : 'lint-staged-task'
        : 'husky-prepare',
    )
    plan(
      hookPath,
      hookText,
      hookAfter,
      hookWhy ?? (route === 'lint-staged' ? 'hook-runs-lint-staged' : 'hook-runs-guard'),
    )
    // A merge commit skips pre-commit; git runs pre-merge-commit for it instead.
    const mergeHookPath = inDir('.husky/pre-merge-commit')
    const mergeHookText = readText(mergeHookPath)
    plan(
      mergeHookPath,
      mergeHookText,
      addHookLine(mergeHookText, guardLine, 'precommit-guard'),
      'merge-hook-runs-guard',
    )

    const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) }
    if (!('precommit-guard' in deps)) notes.push({ code: 'install-guard', packageDir })
    if (options.lintStaged && !('lint-staged' in deps)) {
      notes.push({ code: 'install-lint-staged', packageDir })
    }
    hooksPathWanted = inDir('.husky/_')
    huskyBin = await installedBin(options.ctx, top, inDir('node_modules'), 'husky')
    if (huskyBin === undefined) notes.push({ code: 'install-husky', packageDir })
  } else {
    if (options.lintStaged) {
      throw new UsageError(
        '--lint-staged needs a package.json (lint-staged is an npm package), and there is none here',
        'run init in the folder of your package.json, or without --lint-staged',
      )
    }
    const configPath = '.pre-commit-config.yaml'
    const configText = readText(configPath)
    if (configText !== undefined) {
      route = 'pre-commit'
      const edited = withPreCommitEntry(configText, PRE_COMMIT_REPO, `v${options.version}`)
      if (edited === undefined) notes.push({ code: 'pre-commit-snippet', file: configPath })
      else plan(configPath, configText, edited, 'pre-commit-entry')
    } else {
      route = 'plain-hook'
      hooksDir = PLAIN_HOOKS_DIR
      hooksPathWanted = PLAIN_HOOKS_DIR
      for (const [name, why] of [
        ['pre-commit', 'hook-runs-guard'],
        ['pre-merge-commit', 'merge-hook-runs-guard'],
      ] as const) {
        const shipped = readFileSync(new URL(name, options.shippedHooks), 'utf8')
        const rel = `${PLAIN_HOOKS_DIR}/${name}`
        const current = readText(rel)
        // A hook file of the team's own is kept: the guard is added as its first command.
        const after =
          current === undefined || current === shipped
            ? shipped
            : addHookLine(current, 'precommit-guard "$@"', 'precommit-guard')
        plan(rel, current, after, why, 'utf8', 0o755)
      }
    }
  }

  // .gitignore is read and written as bytes (latin1 maps each byte to one character), so
  // bytes that are not UTF-8 come back exactly as they were.
  const gitignore = readRepoFile(top, '.gitignore')?.toString('latin1')
  plan('.gitignore', gitignore, mergeGitignore(gitignore ?? ''), 'gitignore-block', 'latin1')

  const templates: InitResult['templates'] = []
  for (const env of await listFilesNamed(options.ctx, '.env')) {
    const dir = posix.dirname(env)
    const beside = (name: string) => (dir === '.' ? name : `${dir}/${name}`)
    let envBytes: Buffer | undefined
    try {
      envBytes = readRepoFile(top, env)
    } catch (error) {
      // A .env linked from outside the repository is not read: its keys stay out of git.
      if (!(error instanceof GuardError)) throw error
      notes.push({ code: 'env-not-read', file: env })
      continue
    }
    if (envBytes === undefined || !isUtf8(envBytes)) continue
    const existing = TEMPLATE_NAMES.map(beside).find((name) => readText(name) !== undefined)
    const template = existing ?? beside('.env.example')
    const before = existing === undefined ? undefined : readText(existing)
    const after = envExampleFor(envBytes.toString('utf8'), before)
    if (after !== '' || before !== undefined) {
      plan(template, before, after, 'env-example')
      templates.push({ env, template })
    }
  }

  const changed = planned.filter((file) => file.action !== 'unchanged')
  for (const file of changed) checkWritable(top, file.path)
  let activated: string | undefined
  if (!options.dryRun) {
    for (const file of changed) writeRepoFile(top, file.path, file.content, file.mode)
    activated = await activate(options.ctx, top, hooksPathWanted, huskyBin, packageDir, notes)
  }
  return {
    dryRun: options.dryRun,
    route,
    packageDir: packageDir ?? '',
    files: planned.map(({ path, why, action, added }) => ({ path, why, action, added })),
    activated,
    hooksDir,
    templates,
    notes,
  }
}

/**
 * The absolute path of a tool npm installed in `modules` (`node_modules/.bin/<name>`), or
 * undefined. A node_modules that git tracks files in came with the clone, not from an
 * install, so its programs are never run.
 */
async function installedBin(
  ctx: GitContext,
  top: string,
  modules: string,
  name: string,
): Promise<string | undefined> {
  const bin = posix.join(top, modules, '.bin', name)
  try {
    lstatSync(bin)
  } catch {
    return undefined
  }
  const tracked = await runGit({ ...ctx, cwd: top }, [
    'ls-files',
    '-z',
    '--',
    `:(top,literal)${modules}/`,
  ])
  return tracked.stdout === '' ? bin : undefined
}

/**
 * Point `core.hooksPath` at the hooks: husky does it itself (run from the top with the hooks
 * folder, as its recipe for a package below the top does); the plain hook gets it set here.
 * A hooks path the user set to something else is left alone and noted.
 */
async function activate(
  ctx: GitContext,
  top: string,
  wanted: string | undefined,
  huskyBin: string | undefined,
  packageDir: string | undefined,
  notes: InitNote[],
): Promise<string | undefined> {
  if (wanted === undefined) return undefined
  const current = (
    await runGit(ctx, ['config', '--get', 'core.hooksPath'], { okCodes: [1] })
  ).stdout.replace(/\n$/, '')
  if (current === wanted) return undefined
  // Only an older husky's own path (v4–8 used `.husky`) is replaced, and only by husky.
  const olderHusky = packageDir !== undefined && /(^|\/)\.husky(\/_)?$/.test(current)
  if (current !== '' && !olderHusky) {
    notes.push({ code: 'hooks-path-taken', current, wanted })
    return undefined
  }
  if (packageDir !== undefined) {
    if (huskyBin === undefined) return undefined
    const args = packageDir === '' ? [] : [`${packageDir}/.husky`]
    await runProcess(huskyBin, { ...ctx, cwd: top }, args)
  } else {
    await runGit({ ...ctx, cwd: top }, ['config', 'core.hooksPath', wanted])
  }
  return wanted
}
