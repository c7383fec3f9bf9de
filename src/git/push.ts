import { UsageError } from '../errors.js'
import type { GitContext } from './exec.js'
import { OBJECT_ID, ZERO_ID } from './ids.js'
import type { LoggedCommit, RefUpdate } from '../types.js'
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
 * What a push brings: for an update, the commits `old..new`; for a new ref (all-zero old),
 * the commits not reachable from any existing ref (`new --not --all`; in pre-receive the refs
 * still hold their old values); deletions (all-zero new) are skipped. One `git log` per ref,
 * and a commit pushed to two refs is judged once.
 */
export async function listPushed(
  ctx: GitContext,
  updates: readonly RefUpdate[],
): Promise<CommitListing & { tips: string[] }> {
  const pushes = updates.filter((update) => !ZERO_ID.test(update.new))
  const listings = await Promise.all(
    pushes.map((update) =>
      // Both ids were checked to be hexadecimal: neither can be read as an option.
      readLog(
        ctx,
        ZERO_ID.test(update.old)
          ? [update.new, '--not', '--all', '--']
          : [`${update.old}..${update.new}`, '--'],
      ),
    ),
  )
  const seen = new Set<string>()
  const commits: LoggedCommit[] = []
  const deleted: string[] = []
  for (const listing of listings) {
    for (const commit of listing.commits) {
      if (seen.has(commit.id)) continue
      seen.add(commit.id)
      commits.push(commit)
    }
    deleted.push(...listing.deleted)
  }
  return {
    entries: collectEntries(commits),
    commits,
    deleted,
    tips: pushes.map((update) => update.new),
  }
}
