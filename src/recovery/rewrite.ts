import type { GitCommand, LoggedCommit, RecoveryUnit, RewritePlan } from '../types.js'
import { gitCommand, untrackAtStop } from './commands.js'

export interface RewriteInput {
  units: readonly RecoveryUnit[]
  /** The commits walked, newest first (as `git log` lists them). */
  commits: readonly LoggedCommit[]
  /** The tip commit(s) that may be amended in place (the range ends at HEAD, or a push). */
  tips: readonly string[]
  /** The directory the guard ran from, relative to the top (`Repo.prefix`). */
  prefix: string
  /** `core.sparseCheckout`: `git rm` needs `--sparse` (see removalCommand). */
  sparse?: boolean
}

/**
 * Take offenders out of commits that already exist. Neither plan touches a working-tree
 * file: `git rm --cached` leaves the files on disk.
 */
export function planRewrite(input: RewriteInput): { rewrite: RewritePlan; commands: GitCommand[] } {
  const offending = new Set(input.units.flatMap((u) => u.findings.flatMap((f) => f.commits ?? [])))
  // Oldest first: git log lists newest first.
  const ordered = input.commits.filter((c) => offending.has(c.id)).reverse()
  const amend = gitCommand(['commit', '--amend', '--no-edit'])
  const only = ordered.length === 1 ? ordered[0]! : undefined
  if (only && input.tips.includes(only.id)) {
    const commands = [
      ...input.units.map((unit) => untrackAtStop(unit, input.prefix, false, input.sparse)),
      amend,
    ]
    return { rewrite: { kind: 'amend', stops: [{ commit: only.id, commands }] }, commands }
  }
  const oldest = ordered[0]
  // Without --rebase-merges, `rebase -i` drops every merge it replays and flattens the branch.
  const merges = input.commits.some((c) => c.parents.length > 1)
  const start = gitCommand([
    'rebase',
    '-i',
    ...(merges ? ['--rebase-merges'] : []),
    ...(oldest && oldest.parents.length > 0 ? [`${oldest.id}^`] : ['--root']),
  ])
  const stops = ordered.map((commit) => ({
    commit: commit.id,
    commands: [
      ...input.units
        .filter((unit) => unit.findings.some((f) => f.commits?.includes(commit.id)))
        .map((unit) => untrackAtStop(unit, input.prefix, true, input.sparse)),
      amend,
      gitCommand(['rebase', '--continue']),
    ],
  }))
  return {
    rewrite: { kind: 'rebase', start, stops },
    commands: [start, ...stops.flatMap((stop) => stop.commands)],
  }
}
