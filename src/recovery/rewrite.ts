import type { GitCommand, LoggedCommit, RecoveryUnit, RewritePlan } from '../types.js'
import { gitCommand, untrackAtStop } from './commands.js'

export interface RewriteInput {
  units: readonly RecoveryUnit[]
  /** The commits walked, newest first (as `git log` lists them). */
  commits: readonly LoggedCommit[]
  /** The tip commit(s) that may be amended in place (the range ends at HEAD, or a push). */
  tips: readonly string[]
  /** `core.sparseCheckout`: `git rm` needs `--sparse` (see removalCommand). */
  sparse?: boolean
}

/**
 * A commit that only added offenders: amending it without them would leave it empty, which
 * git refuses ("would make it empty"), so it is dropped instead. A merge, a deletion or any
 * other path keeps it.
 */
function holdsOnlyOffenders(commit: LoggedCommit, offenders: ReadonlySet<string>): boolean {
  return (
    commit.parents.length <= 1 &&
    commit.deletes !== true &&
    commit.entries.length > 0 &&
    commit.entries.every((entry) => entry.status === 'A' && offenders.has(entry.path))
  )
}

/**
 * Take offenders out of commits that already exist. Neither plan touches a working-tree
 * file: `git rm --cached` leaves the files on disk, and `reset --soft` moves only the branch.
 * Untracking comes first, while the index still matches the commit, so that `git rm` never
 * needs `-f` for a file edited since.
 */
export function planRewrite(input: RewriteInput): { rewrite: RewritePlan; commands: GitCommand[] } {
  const offending = new Set(input.units.flatMap((u) => u.findings.flatMap((f) => f.commits ?? [])))
  const offenders = new Set(input.units.flatMap((u) => u.findings.map((f) => f.path)))
  // Oldest first: git log lists newest first.
  const ordered = input.commits.filter((c) => offending.has(c.id)).reverse()
  const amend = gitCommand(['commit', '--amend', '--no-edit'])
  const only = ordered.length === 1 ? ordered[0]! : undefined
  if (only && input.tips.includes(only.id)) {
    const untrack = input.units.map((unit) => untrackAtStop(unit, false, input.sparse))
    const drop = holdsOnlyOffenders(only, offenders)
    // A root commit has no parent to reset to: deleting the branch ref undoes it, keeping the index.
    const undo =
      only.parents.length > 0 ? ['reset', '--soft', 'HEAD^'] : ['update-ref', '-d', 'HEAD']
    const commands = [...untrack, drop ? gitCommand(undo) : amend]
    return {
      rewrite: { kind: 'amend', stops: [{ commit: only.id, commands, drop }] },
      commands,
    }
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
  const stops = ordered.map((commit) => {
    const drop = holdsOnlyOffenders(commit, offenders)
    // At an `edit` stop of a commit that held only offenders, stepping back to its parent
    // drops it and `rebase --continue` replays the rest. `drop` in the todo list would not do:
    // checking out the commit before it deletes the tracked files from the working tree.
    // The root commit has no parent: it is kept, empty.
    const finish = !drop
      ? amend
      : commit.parents.length > 0
        ? gitCommand(['reset', '--soft', 'HEAD^'])
        : gitCommand(['commit', '--amend', '--no-edit', '--allow-empty'])
    return {
      commit: commit.id,
      drop,
      commands: [
        ...input.units
          .filter((unit) => unit.findings.some((f) => f.commits?.includes(commit.id)))
          .map((unit) => untrackAtStop(unit, true, input.sparse)),
        finish,
        gitCommand(['rebase', '--continue']),
      ],
    }
  })
  return {
    rewrite: { kind: 'rebase', start, stops },
    commands: [start, ...stops.flatMap((stop) => stop.commands)],
  }
}
