import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { GitError, InternalError, UsageError } from '../errors.js'
import type { CommittedEntry, EntryStatus, LoggedCommit } from '../types.js'
import { PINNED_DIFF_OPTIONS, runGit, splitNul, type GitContext } from './exec.js'
import { OBJECT_ID, ZERO_ID } from './ids.js'
import { topLiteral } from './pathspec.js'

/** The judged commits: every path once, and every commit walked (newest first). */
export interface CommitListing {
  entries: CommittedEntry[]
  commits: LoggedCommit[]
  /** Paths the commits deleted (never judged; they bound the directories the recovery collapses). */
  deleted: string[]
}

/**
 * `git log` of a revision set, one process, read with `-z`. Every commit of the set is walked
 * (not only first parents), so a path brought in by a merged branch is judged at the commit
 * that introduced it. Merges show the combined diff (`-c`): only paths whose result differs
 * from every parent, i.e. what the merge itself introduced (a conflict resolution or an
 * "evil merge"); a path merged unchanged from one side is not judged a second time.
 * `--root` shows a root commit's files as added; the rest pins output whatever the config.
 */
const LOG_ARGS = [
  'log',
  '--raw',
  '-z',
  '-c',
  '--root',
  ...PINNED_DIFF_OPTIONS,
  '--no-show-signature',
]

/** Separates the header's ids from the optional date and subject. */
const DETAILS = '\u0002'

/** A combined diff's status letters, one per parent; `--no-renames` rules out R and C. */
const STATUS_LETTERS = /^[ADMT]+$/
const MODE = /^[0-7]{6}$/
const HEX = /^[0-9a-f]+$/

/**
 * Parse `git log --raw -z -c --format='commit %H %P[\x02%cs %s]'`: a header token per commit,
 * then `:meta\0path\0` records (`::meta` with one colon per parent for merges). Anything else
 * throws: output we do not understand must stop the run (fail closed), never be skipped.
 * @example parseLog(`commit ${'c'.repeat(40)} \0\0:000000 100644 0 e69de29 A\0.env\0`)
 */
export function parseLog(stdout: string): { commits: LoggedCommit[]; deleted: string[] } {
  const commits: LoggedCommit[] = []
  const deleted: string[] = []
  const fields = splitNul(stdout)
  for (let i = 0; i < fields.length; i++) {
    // git separates records with newlines too; a path is never trimmed, only these tokens.
    const token = fields[i]!.replace(/^\n+/, '')
    if (token === '') continue
    if (token.startsWith('commit ')) {
      const split = token.indexOf(DETAILS)
      const ids = split === -1 ? token : token.slice(0, split)
      const [id = '', ...parents] = ids
        .slice('commit '.length)
        .trim()
        .split(' ')
        .filter((part) => part !== '')
      if (!OBJECT_ID.test(id) || !parents.every((parent) => OBJECT_ID.test(parent))) {
        fail('commit header', token)
      }
      const commit: LoggedCommit = { id, parents, entries: [] }
      if (split !== -1) {
        const details = token.slice(split + 1)
        const space = details.indexOf(' ')
        commit.date = space === -1 ? details : details.slice(0, space)
        commit.subject = space === -1 ? '' : details.slice(space + 1)
      }
      commits.push(commit)
    } else if (token.startsWith(':')) {
      // `:srcmode dstmode srcoid dstoid STATUS`, then the path as the next field; a merge of
      // n parents starts with n colons and lists n source modes and oids (`-c`).
      const path = fields[++i] ?? ''
      const colons = token.length - token.replace(/^:+/, '').length
      const parts = token.slice(colons).split(' ')
      const status = parts[parts.length - 1]!
      if (
        parts.length !== 2 * colons + 3 ||
        !parts.slice(0, colons + 1).every((mode) => MODE.test(mode)) ||
        !parts.slice(colons + 1, 2 * colons + 2).every((oid) => HEX.test(oid)) ||
        status.length !== colons ||
        !STATUS_LETTERS.test(status)
      ) {
        fail('record', token)
      }
      if (path === '') fail('record without a path', token)
      const commit = commits[commits.length - 1]
      if (!commit) fail('record before any commit', token)
      const mode = parts[colons]!
      const oid = parts[2 * colons + 1]!
      if (mode === '000000' || /^D+$/.test(status)) {
        deleted.push(path)
        commit.deletes = true
        continue
      }
      // Combined diffs give one letter per parent: added only when new to every parent.
      const letter: EntryStatus = /^A+$/.test(status) ? 'A' : status === 'T' ? 'T' : 'M'
      commit.entries.push({ path, status: letter, mode, oid })
    } else {
      fail('token', token)
    }
  }
  return { commits, deleted }
}

function fail(what: string, token: string): never {
  throw new InternalError(`unexpected \`git log\` ${what} ${JSON.stringify(token.slice(0, 80))}`)
}

/** Merge the commits' entries: each path once, with every commit that touched it. */
export function collectEntries(commits: readonly LoggedCommit[]): CommittedEntry[] {
  const byPath = new Map<string, CommittedEntry>()
  // git log lists newest first; walk oldest first so `commits` and `mode` read in order.
  for (let c = commits.length - 1; c >= 0; c--) {
    const commit = commits[c]!
    for (const entry of commit.entries) {
      const known = byPath.get(entry.path)
      if (!known) {
        byPath.set(entry.path, { ...entry, commits: [commit.id] })
        continue
      }
      if (!known.commits.includes(commit.id)) known.commits.push(commit.id)
      known.mode = entry.mode
      if (entry.status === 'A') known.status = 'A'
    }
  }
  return [...byPath.values()]
}

/**
 * The one `git log` reader (`--range`, `--pre-receive`, `history`). `details` adds each
 * commit's date and subject. Names must be exact: a printed `git rm --ignore-unmatch` of a
 * mis-decoded name would succeed silently and leave the secret in the rewritten history.
 */
export async function readLog(
  ctx: GitContext,
  revs: readonly string[],
  options: { details?: boolean } = {},
): Promise<{ commits: LoggedCommit[]; deleted: string[] }> {
  const format = options.details ? `--format=commit %H %P${DETAILS}%cs %s` : '--format=commit %H %P'
  const { stdout } = await runGit(ctx, [...LOG_ARGS, format, ...revs], { exactNames: true })
  return parseLog(stdout)
}

async function listCommits(ctx: GitContext, revs: readonly string[]): Promise<CommitListing> {
  const { commits, deleted } = await readLog(ctx, revs)
  return { entries: collectEntries(commits), commits, deleted }
}

/**
 * The revisions of `--range`: `A..B` and `A...B` as git reads them; a bare revision means that
 * one commit (`rev^!`). An all-zero `A` (a CI's "before" on the first push of a branch) has no
 * base to exclude, so everything reachable from `B` is judged: more, never less.
 */
export function rangeRevs(range: string): string[] {
  const match = /^(.*?)(\.\.\.?)(.*)$/.exec(range)
  if (!match) return [`${range}^!`]
  const [, from = '', , to = ''] = match
  if (ZERO_ID.test(from)) return [to === '' ? 'HEAD' : to]
  return [range]
}

/** Every path added or modified by the commits of `--range`; an unknown revision is exit 2. */
export async function listRange(ctx: GitContext, range: string): Promise<CommitListing> {
  if (range.trim() === '') {
    throw new UsageError('--range needs a revision range', 'e.g. --range origin/main..HEAD')
  }
  const shallow = shallowCommits(ctx)
  shallow.catch(() => {}) // awaited below, after the log's own error
  let listing: CommitListing
  try {
    // `--end-of-options` and `--`: the range is a revision, never an option or a path.
    listing = await listCommits(ctx, ['--end-of-options', ...rangeRevs(range), '--'])
  } catch (error) {
    if (
      error instanceof GitError &&
      /bad revision|unknown revision|bad object|invalid|ambiguous/i.test(error.stderr)
    ) {
      throw new UsageError(
        `unknown revision in --range ${range}: ${error.stderr.trim().split('\n')[0]}`,
        'check the names; a CI checkout needs the history (actions/checkout with fetch-depth: 0)',
      )
    }
    throw error
  }
  // A commit at the edge of a shallow clone looks like a root: its diff would show every
  // file of its tree as added (and hide what its missing parents did). Refuse, fail closed.
  const cut = await shallow
  const edge = listing.commits.find((commit) => cut.has(commit.id))
  if (edge) {
    throw new UsageError(
      `--range ${range} reaches the edge of a shallow clone at ${edge.id.slice(0, 12)}: its parents were not fetched`,
      'fetch the history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)',
    )
  }
  return listing
}

/** The commits whose parents a shallow clone lacks (`$GIT_DIR/shallow`); empty when complete. */
async function shallowCommits(ctx: GitContext): Promise<Set<string>> {
  const { stdout } = await runGit(ctx, ['rev-parse', '--git-path', 'shallow'])
  try {
    const text = await readFile(resolve(ctx.cwd, stdout.trim()), 'utf8')
    return new Set(text.split('\n').filter((line) => line !== ''))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set()
    throw error
  }
}

/** Commits reachable from a remote-tracking ref: already pushed (one `rev-list`). */
export async function pushedCommits(ctx: GitContext): Promise<Set<string>> {
  const { stdout } = await runGit(ctx, ['rev-list', '--remotes'])
  return new Set(stdout.split('\n').filter((line) => line !== ''))
}

/**
 * The commit a `--range` ends at (`B` of `A..B`, or the single revision); it is `amendable`
 * only when it is HEAD: amending a range that ends elsewhere (`--range HEAD~1`, another
 * branch) would rewrite the wrong commit, so that gets the rebase guidance instead.
 */
export async function resolveRangeTip(
  ctx: GitContext,
  range: string,
): Promise<{ tips: string[]; amendable: string[] }> {
  const end = /\.\.\.?(.*)$/.exec(range)?.[1] ?? range
  const verify = (rev: string) =>
    runGit(ctx, ['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`], {
      okCodes: [1],
    }).then(({ stdout }) => stdout.trim())
  const [tip, head] = await Promise.all([verify(end === '' ? 'HEAD' : end), verify('HEAD')])
  const tips = tip === '' ? [] : [tip]
  return { tips, amendable: tip !== '' && tip === head ? tips : [] }
}

/** Paths of a commit's tree below the given top-level directories (all of it past 64). */
export async function listTree(
  ctx: GitContext,
  tip: string,
  dirs: readonly string[],
): Promise<string[]> {
  // Literal pathspecs: a directory named `:foo` must not be read as pathspec magic.
  const paths = dirs.length <= 64 ? dirs.map(topLiteral) : []
  const { stdout } = await runGit(ctx, [
    'ls-tree',
    '-r',
    '-z',
    '--name-only',
    '--full-tree',
    tip,
    '--',
    ...paths,
  ])
  return splitNul(stdout)
}
