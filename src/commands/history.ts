import { findLeaks, gatedOids, HistoryCollector } from '../content/leaks.js'
import { readBlobs } from '../git/blobs.js'
import type { GitContext } from '../git/exec.js'
import { shallowCommits, streamLog } from '../git/log.js'
import { commitsOnRemotes } from '../git/remotes.js'
import { listIndexPaths } from '../git/staged.js'
import type { HistoryReport } from '../types.js'
import { openRepoAndRules } from './shared.js'

/**
 * `precommit-guard history`: every env or credential file that any commit on any ref ever
 * held, whether it was pushed, and how to rotate and purge. Reads only; never rewrites. A bare
 * repository is read like any other (history is objects; there is just nothing to untrack).
 */
export async function runHistory(options: {
  ctx: GitContext
  config?: string | undefined
}): Promise<HistoryReport> {
  const { ctx } = options
  const { repo, matcher } = await openRepoAndRules(ctx, options.config, { bare: true })
  const bare = repo.bare === true
  // Every path ever added or modified on any ref, in one pass, streamed: only the changes of
  // paths that could be secret are kept.
  const collector = new HistoryCollector(matcher)
  const [edges] = await Promise.all([
    shallowCommits(ctx),
    streamLog(ctx, ['--all'], { details: true }, (commit) => collector.add(commit)),
  ])
  const shallowEdges = [...edges]
  const findings = collector.findings()
  if (findings.length === 0) return { leaks: [], shallowEdges, remotes: [], bare }
  const { changes } = collector
  const leakCommits = new Set(changes.map((change) => change.commit))
  const [blobs, onRemotes, tracked] = await Promise.all([
    readBlobs(ctx, gatedOids(changes, findings)),
    commitsOnRemotes(ctx, leakCommits),
    bare ? new Set<string>() : listIndexPaths(ctx, []).then((paths) => new Set(paths)),
  ])
  const pushed = new Set([...onRemotes.values()].flatMap((commits) => [...commits]))
  const leaks = findLeaks({ changes, findings, blobs, pushed, tracked, edges })
  // Only remotes that hold a commit of a reported leak (a content-gated name may not count).
  const reported = new Set(leaks.flatMap((leak) => leak.commits.map((commit) => commit.commit)))
  const remotes = [...onRemotes]
    .filter(([, commits]) => [...commits].some((commit) => reported.has(commit)))
    .map(([remote]) => remote)
    .sort()
  return { leaks, shallowEdges, remotes, bare }
}
