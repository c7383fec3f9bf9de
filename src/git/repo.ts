import { resolve } from 'node:path'
import { NotARepoError, GitError } from '../errors.js'
import { runGit, splitNul, type GitContext } from './exec.js'

export interface Repo {
  ctx: GitContext
  /** Absolute path of the working tree's top level. */
  top: string
  /** The cwd relative to `top`, `/`-terminated, '' at the top (git's `--show-prefix`). */
  prefix: string
  /** The index file git reads (GIT_INDEX_FILE in a `commit -a` hook), absolute. */
  indexFile: string
  /** `core.ignorecase`: matching and ignore rules become case-insensitive. */
  ignoreCase: boolean
  /** `core.sparseCheckout`: the printed `git rm` then needs `--sparse` (see removalCommand). */
  sparseCheckout: boolean
  /** A `filter.<driver>.clean` or `.process` is configured: a staged blob may outgrow its file. */
  cleanFilters: boolean
  /** Where git writes objects (GIT_OBJECT_DIRECTORY honoured), absolute. */
  objectDir?: string
  /** `core.bigFileThreshold` in bytes: `git add` streams bigger files into a pack, not loose. */
  bigFileThreshold: number
  /** A bare repository (no working tree): `top` is then its git directory. */
  bare?: boolean
}

/**
 * Locate the repository the way git does from `ctx` (honouring GIT_DIR and GIT_WORK_TREE).
 * The two questions are independent, so both git processes run at once.
 */
export async function openRepo(ctx: GitContext): Promise<Repo> {
  const [location, flags] = await Promise.all([
    runGit(ctx, [
      'rev-parse',
      '--show-toplevel',
      '--show-prefix',
      '--git-path',
      'index',
      '--git-path',
      'objects',
    ]).catch((error: unknown) => {
      if (error instanceof GitError && /not a git repository/i.test(error.stderr)) {
        throw new NotARepoError(ctx.cwd)
      }
      throw error
    }),
    readCoreFlags(ctx),
  ])
  // `top\nprefix\nindex\nobjects\n`; a newline inside any of them gives more lines, so then
  // ask one by one.
  const lines = location.stdout.split('\n')
  const [top = '', prefix = '', indexFile = '', objectDir = ''] =
    lines.length === 5
      ? lines
      : await Promise.all([
          askPath(ctx, '--show-toplevel'),
          askPath(ctx, '--show-prefix'),
          askPath(ctx, '--git-path', 'index'),
          askPath(ctx, '--git-path', 'objects'),
        ])
  return {
    ctx,
    top,
    prefix,
    indexFile: resolve(ctx.cwd, indexFile),
    objectDir: resolve(ctx.cwd, objectDir),
    ...flags,
  }
}

/**
 * Like `openRepo`, but a bare repository (a server running `--pre-receive`) is accepted: it
 * has no working tree, so its git directory stands in for the top (config is looked for there).
 */
export async function openAnyRepo(ctx: GitContext): Promise<Repo> {
  try {
    return await openRepo(ctx)
  } catch (error) {
    if (!(error instanceof GitError && /work tree/i.test(error.stderr))) throw error
    const [gitDir, flags] = await Promise.all([
      runGit(ctx, ['rev-parse', '--absolute-git-dir']),
      readCoreFlags(ctx),
    ])
    return {
      ctx,
      top: gitDir.stdout.trim(),
      prefix: '',
      indexFile: resolve(gitDir.stdout.trim(), 'index'),
      ...flags,
      bare: true,
    }
  }
}

/** One `rev-parse` path answer, without the newline git ends it with (and nothing more). */
async function askPath(ctx: GitContext, ...flags: string[]): Promise<string> {
  const { stdout } = await runGit(ctx, ['rev-parse', ...flags])
  return stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout
}

type CoreFlags = Pick<Repo, 'ignoreCase' | 'sparseCheckout' | 'cleanFilters' | 'bigFileThreshold'>

/** git's default `core.bigFileThreshold`, 512 MiB. */
const DEFAULT_BIG_FILE_THRESHOLD = 512 * 1024 * 1024

/**
 * `core.ignorecase`, `core.sparseCheckout`, `core.bigFileThreshold` and whether any clean
 * filter is configured, in one
 * git process (each spawn costs a few ms of the hook's start-up). Section and key names come
 * back lower-cased; as with `--get`, the last value wins. No `--type`: a filter's command is no
 * boolean (and `bool-or-str` is newer than the git we support), so the flags are read as git
 * reads a boolean.
 */
async function readCoreFlags(ctx: GitContext): Promise<CoreFlags> {
  const { stdout } = await runGit(
    ctx,
    [
      'config',
      '-z',
      '--get-regexp',
      '^core\\.(ignorecase|sparsecheckout|bigfilethreshold)$|^filter\\..*\\.(clean|process)$',
    ],
    { okCodes: [1] },
  )
  const flags: CoreFlags = {
    ignoreCase: false,
    sparseCheckout: false,
    cleanFilters: false,
    bigFileThreshold: DEFAULT_BIG_FILE_THRESHOLD,
  }
  for (const record of splitNul(stdout)) {
    const newline = record.indexOf('\n')
    const key = newline === -1 ? record : record.slice(0, newline)
    const text = newline === -1 ? undefined : record.slice(newline + 1)
    // A key without a value (`[core] ignorecase`) is true, as git reads it.
    const value = text === undefined || isGitTrue(text)
    if (key === 'core.ignorecase') flags.ignoreCase = value
    else if (key === 'core.sparsecheckout') flags.sparseCheckout = value
    else if (key === 'core.bigfilethreshold') flags.bigFileThreshold = gitSize(text)
    else flags.cleanFilters = true
  }
  return flags
}

/** A size as git reads it (`512m`, `2g`); anything unreadable counts as unbounded. */
function gitSize(text: string | undefined): number {
  const match = /^\s*(\d+)\s*([kmg]?)\s*$/i.exec(text ?? '')
  if (!match) return Infinity
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '']
  return Number(match[1]) * unit
}

/** git's spellings of true (git-config(1)): yes, on, true, or a non-zero number. */
function isGitTrue(value: string): boolean {
  const lower = value.trim().toLowerCase()
  if (lower === 'yes' || lower === 'on' || lower === 'true') return true
  return /^[-+]?\d+[kmg]?$/.test(lower) && Number.parseInt(lower, 10) !== 0
}
