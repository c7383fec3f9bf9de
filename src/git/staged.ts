import { InternalError, UndecodableNameError } from '../errors.js'
import type { EntryStatus, StagedEntry } from '../types.js'
import {
  PINNED_DIFF_OPTIONS,
  PINNED_LS_FILES_OPTIONS,
  runGit,
  splitNul,
  type GitContext,
} from './exec.js'
import { scopedPathspecs, topLiteral } from './pathspec.js'

/**
 * The staged change: index vs HEAD (the empty tree on an unborn branch), root-relative and
 * deterministic whatever the user's config says (diff.renames, diff.relative, colour).
 * Deletions are dropped: a staged deletion is the fix, never an offence.
 */
export async function listStaged(ctx: GitContext): Promise<StagedEntry[]> {
  const { stdout } = await runGit(
    ctx,
    [
      'diff',
      '--cached',
      '--raw',
      '-z',
      ...PINNED_DIFF_OPTIONS,
      // Deletions never block; leaving them out also keeps the exact-name check below from
      // refusing the staged removal of a badly named file, which is its fix.
      '--diff-filter=d',
    ],
    { exactNames: true },
  )
  return parseRawDiff(stdout)
}

/**
 * What `git commit -a` would commit: every index path whose working-tree file differs from
 * HEAD (tracked changes not yet staged included), deletions dropped. Such a file has no blob
 * yet: its entry carries no object id.
 */
export async function listCommitAll(ctx: GitContext): Promise<StagedEntry[]> {
  const head = await runGit(ctx, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], {
    okCodes: [1],
  })
  // On an unborn branch every path `commit -a` would commit is in the index already.
  if (head.stdout.trim() === '') return listStaged(ctx)
  const { stdout } = await runGit(
    ctx,
    ['diff', 'HEAD', '--raw', '-z', ...PINNED_DIFF_OPTIONS, '--diff-filter=d', '--'],
    { exactNames: true },
  )
  return parseRawDiff(stdout).map(({ oid, ...entry }) =>
    oid === undefined || /^0+$/.test(oid) ? entry : { ...entry, oid },
  )
}

const STATUSES = 'ACDMRTU'
const COLON = 58
const SPACE = 32

/**
 * Parse `git diff --raw -z` records: `:srcmode dstmode srcsha dstsha STATUS\0path\0`
 * (renames and copies carry two paths). Anything else throws: output we do not understand
 * must stop the commit (fail closed), never be skipped.
 * @example parseRawDiff(':000000 100644 0000000 e69de29 A\0.env\0')
 */
export function parseRawDiff(stdout: string): StagedEntry[] {
  const entries: StagedEntry[] = []
  // One indexOf scan, no field arrays and no regex: a 100,000-path stage is ~12 MB of output,
  // and splitting it into fields was the guard's largest cost after git. The checks below are
  // what the fixed layout `:MMMMMM MMMMMM <oid> <oid> S[score]` allows; anything else throws.
  for (let at = 0; at < stdout.length;) {
    const metaEnd = stdout.indexOf('\0', at)
    const srcModeEnd = at + 7
    const dstModeEnd = at + 14
    const srcOidEnd = stdout.indexOf(' ', dstModeEnd + 1)
    const dstOidEnd = srcOidEnd === -1 ? -1 : stdout.indexOf(' ', srcOidEnd + 1)
    const status = dstOidEnd === -1 ? '' : stdout.charAt(dstOidEnd + 1)
    if (
      metaEnd === -1 ||
      stdout.charCodeAt(at) !== COLON ||
      stdout.charCodeAt(srcModeEnd) !== SPACE ||
      stdout.charCodeAt(dstModeEnd) !== SPACE ||
      dstOidEnd === -1 ||
      dstOidEnd >= metaEnd ||
      dstOidEnd - srcOidEnd !== srcOidEnd - dstModeEnd ||
      status === '' ||
      !STATUSES.includes(status) ||
      metaEnd - dstOidEnd > 5
    ) {
      const meta = stdout.slice(at, at + 80).split('\0')[0]!
      throw new InternalError(`unexpected \`git diff --raw\` record ${JSON.stringify(meta)}`)
    }
    // Renames and copies carry two paths; the second is the one in the index.
    const pathStart =
      status === 'R' || status === 'C' ? stdout.indexOf('\0', metaEnd + 1) + 1 : metaEnd + 1
    const pathEnd = pathStart === 0 ? -1 : stdout.indexOf('\0', pathStart)
    if (pathEnd === -1 || pathEnd === pathStart) {
      const meta = stdout.slice(at, metaEnd)
      throw new InternalError(
        `unexpected \`git diff --raw\` record ${JSON.stringify(meta.slice(0, 80))}`,
      )
    }
    at = pathEnd + 1
    if (status === 'D') continue
    entries.push({
      path: stdout.slice(pathStart, pathEnd),
      status: status as EntryStatus,
      mode: stdout.slice(srcModeEnd + 1, dstModeEnd),
      oid: stdout.slice(srcOidEnd + 1, dstOidEnd),
    })
  }
  return entries
}

// `<mode> <sha> <stage>\t<path>` from `git ls-files --stage`.
const LS_STAGE_META = /^[0-7]{6} [0-9a-f]{4,64} [0-3]\t./

/**
 * One `git ls-files --stage -z` record, `<mode> <sha> <stage>\t<path>`; anything else throws.
 * @example parseStageRecord('100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 0\t.env')
 */
export function parseStageRecord(record: string): { path: string; mode: string; oid: string } {
  if (!LS_STAGE_META.test(record)) {
    throw new InternalError(
      `unexpected \`git ls-files --stage\` record ${JSON.stringify(record.slice(0, 80))}`,
    )
  }
  const tab = record.indexOf('\t')
  const [mode = '', oid = ''] = record.slice(0, tab).split(' ')
  return { path: record.slice(tab + 1), mode, oid }
}

/**
 * Every index entry (`--all`), with the status of its difference from HEAD; `staged` is the
 * staged change when the caller has it already.
 */
export async function listIndex(
  ctx: GitContext,
  staged: Promise<StagedEntry[]> = listStaged(ctx),
): Promise<StagedEntry[]> {
  const [index, stagedEntries] = await Promise.all([
    runGit(ctx, ['ls-files', '--stage', '-z', ...PINNED_LS_FILES_OPTIONS, '--', ':(top)'], {
      exactNames: true,
    }).catch((error: unknown) => {
      // Name the file, not its whole `<mode> <oid> <stage>\t<path>` record: the message must
      // not depend on which of the two listings failed first.
      if (!(error instanceof UndecodableNameError)) throw error
      throw new UndecodableNameError(error.shown.slice(error.shown.indexOf('\t') + 1))
    }),
    staged,
  ])
  const statusOf = new Map(stagedEntries.map((entry) => [entry.path, entry.status]))
  const entries: StagedEntry[] = []
  let previous = ''
  for (const record of splitNul(index.stdout)) {
    // Unmerged paths appear once per stage: the first stands for them all.
    const { path, mode, oid } = parseStageRecord(record)
    if (path === previous) continue
    previous = path
    entries.push({ path, status: statusOf.get(path) ?? '=', mode, oid })
  }
  return entries
}

/** Root-relative paths whose deletion is staged (in HEAD, no longer in the index). */
export async function listStagedDeletions(ctx: GitContext): Promise<{ path: string }[]> {
  const { stdout } = await runGit(ctx, [
    'diff',
    '--cached',
    '--name-only',
    '-z',
    ...PINNED_DIFF_OPTIONS,
    '--diff-filter=D',
  ])
  return splitNul(stdout).map((path) => ({ path }))
}

/** Index paths (root-relative) at or below the given root-relative directories. */
export async function listIndexPaths(ctx: GitContext, dirs: readonly string[]): Promise<string[]> {
  const pathspecs = scopedPathspecs(dirs)
  const { stdout } = await runGit(ctx, [
    'ls-files',
    '-z',
    ...PINNED_LS_FILES_OPTIONS,
    '--',
    ...pathspecs,
  ])
  return splitNul(stdout)
}

/**
 * Root-relative paths among `paths` that differ, not deleted: `'disk'` compares the working
 * tree with the index, `'head'` the index with HEAD (or that HEAD lacks). A file differing in
 * both is one `git rm --cached` refuses without `-f`.
 */
export async function listChanged(
  ctx: GitContext,
  paths: readonly string[],
  against: 'disk' | 'head',
): Promise<Set<string>> {
  const { stdout } = await runGit(ctx, [
    'diff',
    ...(against === 'head' ? ['--cached'] : []),
    '--name-only',
    '-z',
    ...PINNED_DIFF_OPTIONS,
    '--diff-filter=d',
    '--',
    ...scopedPathspecs(paths),
  ])
  return new Set(splitNul(stdout))
}

/**
 * The index entries at or below root-relative `paths` (every entry past 64 paths), and those
 * whose bits make git ignore the disk: the skip-worktree bit (a sparse checkout,
 * `update-index --skip-worktree`; `ls-files -v` tags it `S`) and the assume-unchanged bit (a
 * lower-case tag). One index-loading process answers both.
 */
export async function listScopedIndex(
  ctx: GitContext,
  paths: readonly string[],
): Promise<{ paths: string[]; skipWorktree: Set<string>; assumeUnchanged: Set<string> }> {
  const pathspecs = scopedPathspecs(paths)
  const { stdout } = await runGit(ctx, [
    'ls-files',
    '-v',
    '-z',
    ...PINNED_LS_FILES_OPTIONS,
    '--',
    ...pathspecs,
  ])
  const listed = {
    paths: [] as string[],
    skipWorktree: new Set<string>(),
    assumeUnchanged: new Set<string>(),
  }
  for (const record of splitNul(stdout)) {
    const tag = record.charAt(0)
    const path = record.slice(2)
    listed.paths.push(path)
    if (tag === 'S' || tag === 's') listed.skipWorktree.add(path)
    if (tag !== tag.toUpperCase()) listed.assumeUnchanged.add(path)
  }
  return listed
}

/**
 * The index entry of one root-relative path (stage 0, or the first stage of a conflict);
 * undefined for a directory, whose pathspec lists the entries below it instead.
 */
export async function readIndexEntry(
  ctx: GitContext,
  path: string,
): Promise<StagedEntry | undefined> {
  const { stdout } = await runGit(ctx, [
    'ls-files',
    '--stage',
    '-z',
    ...PINNED_LS_FILES_OPTIONS,
    '--',
    topLiteral(path),
  ])
  const record = splitNul(stdout)[0]
  if (record === undefined) return undefined
  const entry = parseStageRecord(record)
  if (entry.path !== path) return undefined
  return { ...entry, status: 'A' }
}

/**
 * A digest of every index entry (mode, object id, stage, path): equal digests mean no entry was
 * added, removed or restaged in between, whatever git refreshed of the stat data meanwhile.
 */
export async function indexFingerprint(ctx: GitContext): Promise<string> {
  const { bytes } = await runGit(ctx, [
    'ls-files',
    '--stage',
    '-z',
    ...PINNED_LS_FILES_OPTIONS,
    '--',
    ':(top)',
  ])
  // node:crypto costs a few ms to load: only `--fix` needs it, not every commit.
  const { createHash } = await import('node:crypto')
  return createHash('sha256').update(bytes).digest('hex')
}
