import { InternalError, UsageError } from '../errors.js'
import type { CommittedEntry, LoggedCommit, ObjectRef, RefUpdate } from '../types.js'
import { mapBounded, runGit, splitNul, type GitContext } from './exec.js'
import { OBJECT_ID, OBJECT_ID_DIGITS, ZERO_ID } from './ids.js'
import { collectEntries, readLog, type CommitListing } from './log.js'

/** Parse the hook's stdin; anything but `<id> <id> <ref>` lines is exit 2 (the push is refused). */
export function parseRefUpdates(text: string): RefUpdate[] {
  const updates: RefUpdate[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const [old = '', next = '', ref = ''] = line.replace(/\r$/, '').split(' ')
    if (!OBJECT_ID.test(old) || !OBJECT_ID.test(next) || ref === '') {
      throw new UsageError(
        `--pre-receive: not a "<old> <new> <ref>" line: ${JSON.stringify(line.slice(0, 120))}`,
        'run it as a pre-receive hook; git writes these lines on its stdin',
      )
    }
    updates.push({ old, new: next, ref })
  }
  return updates
}

/**
 * Parse a pre-push hook's stdin (`<local ref> <local oid> <remote ref> <remote oid>` lines,
 * githooks(5)) into the updates the remote will see: old is the remote's id, new the local one.
 * Anything else is exit 2 (the push is stopped).
 */
export function parsePushLines(text: string): RefUpdate[] {
  const updates: RefUpdate[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    // A ref name holds no space (git-check-ref-format): exactly four fields.
    const fields = line.replace(/\r$/, '').split(' ')
    const [, local = '', ref = '', remote = ''] = fields
    if (fields.length !== 4 || !OBJECT_ID.test(local) || !OBJECT_ID.test(remote) || ref === '') {
      throw new UsageError(
        `--pre-push: not a "<local ref> <local oid> <remote ref> <remote oid>" line: ${JSON.stringify(line.slice(0, 120))}`,
        'run it as a pre-push hook; git writes these lines on its stdin',
      )
    }
    updates.push({ old: remote, new: local, ref })
  }
  return updates
}

/** What a push brings: its commits, its tips, and the refs that name a tree or a blob. */
export interface PushedListing extends CommitListing {
  /** The commits the pushed refs point at (annotated tags peeled). */
  tips: string[]
  /** Refs whose object, peeled through annotated tags, is a tree or a blob: no commit to walk. */
  objectRefs: ObjectRef[]
  /** Every path of each pushed tree, once per tree (`commits` is empty: no commit holds them). */
  treeEntries: Map<string, CommittedEntry[]>
}

/**
 * Which commits count as already on the other side. A server's pre-receive excludes every
 * ref it has (`--all`: in pre-receive the refs still hold their old values); a pre-push hook
 * excludes what the remote-tracking refs say was pushed (`--remotes`).
 */
export type KnownRefs = '--all' | '--remotes'

/** `git cat-file --batch-check` header: `<oid> <type> <size>`. */
const CHECK_LINE = new RegExp(`^(${OBJECT_ID_DIGITS}) ([a-z]+) \\d+$`)

/**
 * The object each id names once annotated tags are peeled (`<id>^{}`): one process, ids on
 * stdin. An id the repository lacks maps to undefined (a pre-push remote id never fetched).
 */
async function peelAll(
  ctx: GitContext,
  ids: readonly string[],
): Promise<Map<string, { oid: string; type: string } | undefined>> {
  const unique = [...new Set(ids)]
  const peeled = new Map<string, { oid: string; type: string } | undefined>()
  if (unique.length === 0) return peeled
  const { stdout } = await runGit(ctx, ['cat-file', '--batch-check'], {
    input: unique.map((id) => `${id}^{}\n`).join(''),
  })
  const lines = stdout.split('\n')
  unique.forEach((id, i) => {
    const line = lines[i] ?? ''
    const match = CHECK_LINE.exec(line)
    if (match) peeled.set(id, { oid: match[1]!, type: match[2]! })
    else if (line === `${id}^{} missing`) peeled.set(id, undefined)
    else
      throw new InternalError(
        `unexpected \`git cat-file --batch-check\` line ${JSON.stringify(line)}`,
      )
  })
  return peeled
}

/** `git ls-tree -r -z --full-tree` line: `<mode> <type> <oid>\t<path>`. */
const TREE_LINE = new RegExp(`^([0-7]{6}) ([a-z]+) (${OBJECT_ID_DIGITS})\t(.+)$`, 's')

/** Every path of a tree with its mode and blob id (a gitlink's commit id). */
async function readTreeEntries(ctx: GitContext, tree: string): Promise<CommittedEntry[]> {
  const { stdout } = await runGit(ctx, ['ls-tree', '-r', '-z', '--full-tree', tree], {
    exactNames: true,
  })
  return splitNul(stdout).map((record) => {
    const match = TREE_LINE.exec(record)
    if (!match) {
      throw new InternalError(
        `unexpected \`git ls-tree\` record ${JSON.stringify(record.slice(0, 80))}`,
      )
    }
    return { path: match[4]!, status: 'A', mode: match[1]!, oid: match[3]!, commits: [] }
  })
}

/**
 * Order commits newest first across several walks: every commit before its parents, ties in
 * the order the walks listed them. A rebase starts before the oldest offending commit, so the
 * joined lists of two refs must not put a newer commit last.
 */
export function newestFirst(commits: readonly LoggedCommit[]): LoggedCommit[] {
  const byId = new Map(commits.map((commit) => [commit.id, commit]))
  const children = new Map<string, number>()
  for (const commit of commits) {
    for (const parent of commit.parents) {
      if (byId.has(parent)) children.set(parent, (children.get(parent) ?? 0) + 1)
    }
  }
  const ordered: LoggedCommit[] = []
  const ready = commits.filter((commit) => !children.has(commit.id))
  // Each commit is emitted once all its children were: a depth-first take keeps a line together.
  while (ready.length > 0) {
    const commit = ready.shift()!
    ordered.push(commit)
    const freed: LoggedCommit[] = []
    for (const parent of commit.parents) {
      const left = children.get(parent)
      if (left === undefined) continue
      if (left === 1) {
        children.delete(parent)
        freed.push(byId.get(parent)!)
      } else children.set(parent, left - 1)
    }
    ready.unshift(...freed)
  }
  return ordered
}

/**
 * What a push brings, for every ref kind. Refs to commits (annotated tags peeled): for an
 * update, the commits `old..new`; for a new ref (or one whose old object is not a commit),
 * the commits not reachable from the known refs, all such refs in one `git log --stdin`.
 * Refs to trees: every path of the tree. Refs to blobs: listed, nothing to walk. Deletions
 * are skipped. At most a few git processes run at once, however many refs are pushed.
 */
export async function listPushed(
  ctx: GitContext,
  updates: readonly RefUpdate[],
  known: KnownRefs = '--all',
): Promise<PushedListing> {
  const pushes = updates.filter((update) => !ZERO_ID.test(update.new))
  const peeled = await peelAll(ctx, [
    ...pushes.map((update) => update.new),
    ...pushes.filter((update) => !ZERO_ID.test(update.old)).map((update) => update.old),
  ])
  const ranges: string[][] = []
  const fresh = new Set<string>()
  const tips = new Set<string>()
  const objectRefs: ObjectRef[] = []
  for (const update of pushes) {
    const object = peeled.get(update.new)
    if (!object) throw new InternalError(`pushed object ${update.new} is not in the repository`)
    if (object.type === 'tree' || object.type === 'blob') {
      objectRefs.push({ ref: update.ref, kind: object.type, oid: object.oid })
      continue
    }
    if (object.type !== 'commit') {
      throw new InternalError(`${update.ref} points at a ${object.type}`)
    }
    tips.add(object.oid)
    const old = ZERO_ID.test(update.old) ? undefined : peeled.get(update.old)
    // Both ids were checked to be hexadecimal: neither can be read as an option.
    if (old?.type === 'commit') {
      ranges.push([`${update.old}..${update.new}`, ...(known === '--all' ? [] : ['--not', known])])
    } else fresh.add(update.new)
  }
  const walks: Promise<{ commits: LoggedCommit[]; deleted: string[] }>[] = []
  if (fresh.size > 0) {
    // Positive ids on stdin (never on the command line), after `--not <known>`.
    walks.push(
      readLog(ctx, ['--not', known, '--stdin'], {
        input: [...fresh].map((id) => `${id}\n`).join(''),
      }),
    )
  }
  walks.push(mapBounded(ranges, (revs) => readLog(ctx, [...revs, '--'])).then(joinLogs))
  const trees = [...new Set(objectRefs.filter((r) => r.kind === 'tree').map((r) => r.oid))]
  const [logs, treeLists] = await Promise.all([
    Promise.all(walks).then(joinLogs),
    mapBounded(trees, (tree) => readTreeEntries(ctx, tree)),
  ])
  const commits = newestFirst(logs.commits)
  return {
    entries: collectEntries(commits),
    commits,
    deleted: logs.deleted,
    tips: [...tips],
    objectRefs,
    treeEntries: new Map(trees.map((tree, i) => [tree, treeLists[i]!])),
  }
}

/** Several walks as one: each commit once, in the order first seen. */
function joinLogs(logs: readonly { commits: LoggedCommit[]; deleted: string[] }[]) {
  const seen = new Set<string>()
  const commits: LoggedCommit[] = []
  const deleted: string[] = []
  for (const log of logs) {
    for (const commit of log.commits) {
      if (seen.has(commit.id)) continue
      seen.add(commit.id)
      commits.push(commit)
    }
    deleted.push(...log.deleted)
  }
  return { commits, deleted }
}
