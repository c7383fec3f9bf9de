import { loadConfig } from '../config/load.js'
import { readBlobs } from '../git/blobs.js'
import { runGit, splitNul, type GitContext } from '../git/exec.js'
import { openRepo } from '../git/repo.js'
import { compileRules } from '../rules/match.js'
import { findLeaks, gatedOids, judgeHistory, type LeakedFile } from '../content/leaks.js'
import { pushedCommits, readHistory } from '../git/history-log.js'

/**
 * `precommit-guard history`: every env or credential file that any commit on any ref ever
 * held, whether it was pushed, and how to rotate and purge. Reads only; never rewrites.
 */
export async function runHistory(options: {
  ctx: GitContext
  config?: string
}): Promise<LeakedFile[]> {
  const { ctx } = options
  const history = readHistory(ctx)
  history.catch(() => {}) // awaited below; openRepo's error (e.g. not a repo) is reported first
  const repo = await openRepo(ctx)
  const rules = await loadConfig(repo.top, ctx.cwd, options.config)
  const matcher = compileRules({ ...rules, ignoreCase: repo.ignoreCase })
  const changes = await history
  const findings = judgeHistory(changes, matcher)
  if (findings.length === 0) return []
  const [blobs, pushed, tracked] = await Promise.all([
    readBlobs(ctx, gatedOids(changes, findings)),
    pushedCommits(ctx),
    runGit(ctx, ['ls-files', '-z', '--full-name', '--', ':(top)']).then(
      ({ stdout }) => new Set(splitNul(stdout)),
    ),
  ])
  return findLeaks({ changes, findings, blobs, pushed, tracked })
}
