import { isUtf8 } from 'node:buffer'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { GitError, InternalError, UndecodableNameError, UsageError } from '../errors.js'
import type { CommittedEntry, EntryStatus, LoggedCommit } from '../types.js'
import { PINNED_DIFF_OPTIONS, runGit, splitNul, streamGit, type GitContext } from './exec.js'
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

/**
 * What a `git log --raw` of a long history holds is mostly git's cache of delta bases (96 MB
 * by default) and the pack files it maps (all of them, up to gigabytes, each page it reads
 * counting as resident). Smaller limits keep it near 70 MB on sympy's 100,000 commits, at
 * about the same CPU time.
 */
const LOG_MEMORY = [
  'core.deltaBaseCacheLimit=32m',
  'core.packedGitWindowSize=32m',
  'core.packedGitLimit=64m',
]

/** Separates the header's ids from the optional date and subject. */
const DETAILS = '\u0002'

/** A combined diff's status letters, one per parent; `--no-renames` rules out R and C. */
const STATUS_LETTERS = /^[ADMT]+$/
const MODE = /^[0-7]{6}$/
const HEX = /^[0-9a-f]+$/

/**
 * Parse `git log --raw -z -c --format='commit %H %P[\x02%cs %s]'` as it streams in: a header
 * token per commit, then `:meta\0path\0` records (`::meta` with one colon per parent for
 * merges). Each commit is handed to `onCommit` once its records are complete, and not kept.
 * Anything else throws: output we do not understand must stop the run (fail closed), never be
 * skipped. Paths must be UTF-8 (a printed command must name the real file); a subject is
 * shown, never run, so its undecodable bytes are escaped instead (`\xNN`).
 */
export class LogParser {
  private rest: Buffer | undefined
  /** A record token read, waiting for its path field. */
  private record: string | undefined
  private commit: LoggedCommit | undefined
  private deleted: string[] = []

  constructor(private readonly onCommit: (commit: LoggedCommit, deleted: string[]) => void) {}

  push(chunk: Buffer): void {
    let start = 0
    for (let nul = chunk.indexOf(0); nul !== -1; nul = chunk.indexOf(0, start)) {
      const piece = chunk.subarray(start, nul)
      this.field(this.rest ? Buffer.concat([this.rest, piece]) : piece)
      this.rest = undefined
      start = nul + 1
    }
    if (start < chunk.length) {
      const tail = chunk.subarray(start)
      this.rest = this.rest ? Buffer.concat([this.rest, tail]) : Buffer.from(tail)
    }
  }

  end(): void {
    if (this.rest) this.field(this.rest)
    this.rest = undefined
    if (this.record !== undefined) fail('record without a path', this.record)
    this.flush()
  }

  private flush(): void {
    if (this.commit) this.onCommit(this.commit, this.deleted)
    this.commit = undefined
    this.deleted = []
  }

  private field(bytes: Buffer): void {
    if (this.record !== undefined) {
      const token = this.record
      this.record = undefined
      this.entry(token, exactName(bytes))
      return
    }
    // git separates records with newlines too; a path is never trimmed, only these tokens.
    let skip = 0
    while (skip < bytes.length && bytes[skip] === 0x0a) skip++
    const raw = bytes.subarray(skip)
    if (raw.length === 0) return
    if (raw.subarray(0, COMMIT.length).equals(COMMIT)) this.header(raw)
    else if (raw[0] === 0x3a) this.record = raw.toString('latin1')
    else fail('token', escapeUndecodable(raw))
  }

  private header(raw: Buffer): void {
    this.flush()
    const split = raw.indexOf(DETAILS)
    const ids = raw.subarray(0, split === -1 ? raw.length : split).toString('latin1')
    const [id = '', ...parents] = ids
      .slice(COMMIT.length)
      .trim()
      .split(' ')
      .filter((part) => part !== '')
    if (!OBJECT_ID.test(id) || !parents.every((parent) => OBJECT_ID.test(parent))) {
      fail('commit header', escapeUndecodable(raw))
    }
    const commit: LoggedCommit = { id, parents, entries: [] }
    if (split !== -1) {
      const details = escapeUndecodable(raw.subarray(split + 1))
      const space = details.indexOf(' ')
      commit.date = space === -1 ? details : details.slice(0, space)
      commit.subject = space === -1 ? '' : details.slice(space + 1)
    }
    this.commit = commit
  }

  /** `:srcmode dstmode srcoid dstoid STATUS` and its path; n parents give n colons (`-c`). */
  private entry(token: string, path: string): void {
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
    const commit = this.commit
    if (!commit) fail('record before any commit', token)
    const mode = parts[colons]!
    const oid = parts[2 * colons + 1]!
    if (mode === '000000' || /^D+$/.test(status)) {
      this.deleted.push(path)
      commit.deletes = true
      return
    }
    // Combined diffs give one letter per parent: added only when new to every parent.
    const letter: EntryStatus = /^A+$/.test(status) ? 'A' : status === 'T' ? 'T' : 'M'
    commit.entries.push({ path, status: letter, mode, oid })
  }
}

const COMMIT = Buffer.from('commit ')

/** A file name exactly, or the run stops: a mis-decoded name would be a wrong command. */
function exactName(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new UndecodableNameError(bytes.toString('utf8'))
  return bytes.toString('utf8')
}

/**
 * Text for display: valid UTF-8 as it is, every byte of an invalid sequence as `\xNN` (a
 * commit message in Latin-1 stays readable, and no byte is silently replaced).
 */
export function escapeUndecodable(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8')
  let out = ''
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i]!
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0
    const sequence = length === 0 ? undefined : bytes.subarray(i, i + length)
    if (sequence && sequence.length === length && isUtf8(sequence)) {
      out += sequence.toString('utf8')
      i += length
    } else {
      out += `\\x${lead.toString(16).padStart(2, '0')}`
      i++
    }
  }
  return out
}

/** Parse a whole `git log` output at once (see LogParser). */
export function parseLog(stdout: string | Buffer): { commits: LoggedCommit[]; deleted: string[] } {
  const commits: LoggedCommit[] = []
  const deleted: string[] = []
  const parser = new LogParser((commit, gone) => {
    commits.push(commit)
    deleted.push(...gone)
  })
  parser.push(typeof stdout === 'string' ? Buffer.from(stdout, 'utf8') : stdout)
  parser.end()
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
 * commit's date and subject; `input` feeds `--stdin`. Names must be exact: a printed `git rm --ignore-unmatch` of a
 * mis-decoded name would succeed silently and leave the secret in the rewritten history.
 * `onCommit` receives each commit as it is read (newest first), and then nothing is kept:
 * memory stays flat however long the history. Without it, the commits are collected.
 */
export async function readLog(
  ctx: GitContext,
  revs: readonly string[],
  options: { details?: boolean; input?: string } = {},
): Promise<{ commits: LoggedCommit[]; deleted: string[] }> {
  const commits: LoggedCommit[] = []
  const deleted: string[] = []
  await streamLog(ctx, revs, options, (commit, gone) => {
    commits.push(commit)
    deleted.push(...gone)
  })
  return { commits, deleted }
}

/** `readLog` without collecting: each commit goes to `onCommit` as soon as it is complete. */
export async function streamLog(
  ctx: GitContext,
  revs: readonly string[],
  options: { details?: boolean; input?: string },
  onCommit: (commit: LoggedCommit, deleted: string[]) => void,
): Promise<void> {
  const format = options.details ? `--format=commit %H %P${DETAILS}%cs %s` : '--format=commit %H %P'
  const parser = new LogParser(onCommit)
  await streamGit(
    ctx,
    [...LOG_ARGS, format, ...revs],
    (chunk) => parser.push(chunk),
    LOG_MEMORY,
    options.input,
  )
  parser.end()
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
export async function shallowCommits(ctx: GitContext): Promise<Set<string>> {
  const { stdout } = await runGit(ctx, ['rev-parse', '--git-path', 'shallow'])
  try {
    const text = await readFile(resolve(ctx.cwd, stdout.trim()), 'utf8')
    return new Set(text.split('\n').filter((line) => line !== ''))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set()
    throw error
  }
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
  const [tip, head] = await Promise.all([verify(end === '' ? 'HEAD' : end), resolveHead(ctx)])
  const tips = tip === '' ? [] : [tip]
  return { tips, amendable: tip !== '' && tip === head ? tips : [] }
}

/**
 * The commit a `--range` starts from, where its configuration is read: `A` of `A..B`, the
 * merge base of `A...B`, the first parent of a bare revision. '' when there is none: an
 * all-zero `A` (a first push), a root commit, unrelated histories.
 */
export async function resolveRangeBase(ctx: GitContext, range: string): Promise<string> {
  const verify = (rev: string) =>
    runGit(ctx, ['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`], {
      okCodes: [1],
    }).then(({ stdout }) => stdout.trim())
  const match = /^(.*?)(\.\.\.?)(.*)$/.exec(range)
  if (!match) return verify(`${range}^`)
  const [, from = '', dots, to = ''] = match
  if (ZERO_ID.test(from)) return ''
  const start = await verify(from === '' ? 'HEAD' : from)
  if (dots === '..' || start === '') return start
  const end = await verify(to === '' ? 'HEAD' : to)
  if (end === '') return ''
  const { stdout } = await runGit(ctx, ['merge-base', start, end], { okCodes: [1] })
  return stdout.trim()
}

/** The commit HEAD names, or '' when there is none (an unborn branch). */
export async function resolveHead(ctx: GitContext): Promise<string> {
  const { stdout } = await runGit(ctx, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], {
    okCodes: [1],
  })
  return stdout.trim()
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
