import { changesOf, findLeaks, gatedOids, judgeHistory } from '../content/leaks.js'
import { readBlobs } from '../git/blobs.js'
import type { GitContext } from '../git/exec.js'
import { pushedCommits, readLog } from '../git/log.js'
import { listIndexPaths } from '../git/staged.js'
import type { LeakedFile } from '../types.js'
import { openRepoAndRules } from './shared.js'

/**
 * `precommit-guard history`: every env or credential file that any commit on any ref ever
 * held, whether it was pushed, and how to rotate and purge. Reads only; never rewrites.
 */
export async function runHistory(options: {
  ctx: GitContext
  config?: string | undefined
}): Promise<LeakedFile[]> {
  const { ctx } = options
  // Every path ever added or modified on any ref, in one pass.
  const log = readLog(ctx, ['--all'], { details: true })
  log.catch(() => {}) // awaited below; openRepo's error (e.g. not a repo) is reported first
  const { matcher } = await openRepoAndRules(ctx, options.config)
  const changes = changesOf((await log).commits)
  const findings = judgeHistory(changes, matcher)
  if (findings.length === 0) return []
  const [blobs, pushed, tracked] = await Promise.all([
    readBlobs(ctx, gatedOids(changes, findings)),
    pushedCommits(ctx),
    listIndexPaths(ctx, []).then((paths) => new Set(paths)),
  ])
  return findLeaks({ changes, findings, blobs, pushed, tracked })
}
