import type { EntryStatus, StagedEntry } from '../types.js'
import { runGit, splitNul, type GitContext } from './exec.js'

/**
 * The staged change: index vs HEAD (the empty tree on an unborn branch), root-relative and
 * deterministic whatever the user's config says (diff.renames, diff.relative, colour).
 * Deletions are dropped: a staged deletion is the fix, never an offence.
 */
export async function listStaged(ctx: GitContext): Promise<StagedEntry[]> {
  const { stdout } = await runGit(ctx, [
    'diff',
    '--cached',
    '--raw',
    '-z',
    '--no-renames',
    '--no-relative',
    '--no-ext-diff',
    '--no-color',
    // Full object names: the content checks read blobs by them, and abbreviating makes git
    // search the object store once per path (~130 ms of git's CPU on a 100,000-path stage).
    '--no-abbrev',
  ])
  return parseRawDiff(stdout)
}

/**
 * Parse `git diff --raw -z` records: `:srcmode dstmode srcsha dstsha STATUS\0path\0`.
 * @example parseRawDiff(':000000 100644 0000000 e69de29 A\0.env\0')
 */
export function parseRawDiff(stdout: string): StagedEntry[] {
  const entries: StagedEntry[] = []
  // One scan with indexOf, no intermediate field arrays: a 100,000-path stage is ~12 MB of
  // output, and splitting it into fields and words was the guard's largest cost after git.
  for (let at = 0; at < stdout.length;) {
    const metaEnd = stdout.indexOf('\0', at)
    const pathEnd = metaEnd === -1 ? -1 : stdout.indexOf('\0', metaEnd + 1)
    if (pathEnd === -1) break
    // `:srcmode dstmode srcsha dstsha STATUS`: the words end at these four spaces.
    const srcModeEnd = stdout.indexOf(' ', at)
    const dstModeEnd = stdout.indexOf(' ', srcModeEnd + 1)
    const srcOidEnd = stdout.indexOf(' ', dstModeEnd + 1)
    const dstOidEnd = stdout.indexOf(' ', srcOidEnd + 1)
    const status = dstOidEnd === -1 || dstOidEnd > metaEnd ? '' : stdout.charAt(dstOidEnd + 1)
    const path = stdout.slice(metaEnd + 1, pathEnd)
    const mode = stdout.slice(srcModeEnd + 1, dstModeEnd)
    const oid = stdout.slice(srcOidEnd + 1, dstOidEnd)
    at = pathEnd + 1
    if (status === 'D' || status === '') continue
    entries.push({ path, status: status as EntryStatus, mode, oid })
  }
  return entries
}

/** Every index entry (`--all`), with the status of its difference from HEAD. */
export async function listIndex(ctx: GitContext): Promise<StagedEntry[]> {
  const [index, staged] = await Promise.all([
    runGit(ctx, ['ls-files', '--stage', '-z', '--full-name', '--', ':(top)']),
    listStaged(ctx),
  ])
  const statusOf = new Map(staged.map((entry) => [entry.path, entry.status]))
  const entries: StagedEntry[] = []
  let previous = ''
  for (const record of splitNul(index.stdout)) {
    // `<mode> <sha> <stage>\t<path>`; unmerged paths appear once per stage.
    const tab = record.indexOf('\t')
    const path = record.slice(tab + 1)
    if (path === previous) continue
    previous = path
    const [mode = '', oid = ''] = record.slice(0, tab).split(' ')
    entries.push({ path, status: statusOf.get(path) ?? '=', mode, oid })
  }
  return entries
}

/** Index paths (root-relative) at or below the given root-relative directories. */
export async function listIndexPaths(ctx: GitContext, dirs: readonly string[]): Promise<string[]> {
  const pathspecs = dirs.length > 0 && dirs.length <= 64 ? dirs.map(topLiteral) : [':(top)']
  const { stdout } = await runGit(ctx, ['ls-files', '-z', '--full-name', '--', ...pathspecs])
  return splitNul(stdout)
}

/**
 * Root-relative paths whose working-tree file exists and differs from the index: the files
 * `git rm --cached` refuses without `-f` when their staged content also differs from HEAD.
 */
export async function listWorktreeChanged(
  ctx: GitContext,
  paths: readonly string[],
): Promise<Set<string>> {
  const pathspecs = paths.length > 0 && paths.length <= 64 ? paths.map(topLiteral) : [':(top)']
  const { stdout } = await runGit(ctx, [
    'diff',
    '--name-only',
    '-z',
    '--no-renames',
    '--no-relative',
    '--no-ext-diff',
    '--no-color',
    '--diff-filter=d',
    '--',
    ...pathspecs,
  ])
  return new Set(splitNul(stdout))
}

/** A pathspec naming exactly one root-relative path, from any cwd. */
export function topLiteral(path: string): string {
  return `:(top,literal)${path}`
}
