import { posix } from 'node:path'
import type { LoggedCommit } from '../git/log.js'
import type { Command, RecoveryUnit } from './units.js'
import { literalPathspec, shellQuote } from './quote.js'

/**
 * How to take offenders out of commits that already exist (`--range`, `--pre-receive`).
 * - `amend`: every offender came in with one tip commit: untrack, then amend that commit.
 * - `rebase`: older commits too: an interactive rebase from before the oldest one, stopping
 *   (`edit`) at each offending commit to untrack its offenders and amend it.
 * Neither touches a working-tree file: `git rm --cached` leaves the files on disk.
 */
export interface HistoryRecovery {
  kind: 'amend' | 'rebase'
  /** `rebase`: the command that starts it; `amend`: undefined. */
  start?: Command
  /** Per offending commit, oldest first: the commands to run at it (amend: the tip only). */
  stops: { commit: string; commands: Command[] }[]
}

const command = (args: string[]): Command => ({
  args,
  text: ['git', ...args].map(shellQuote).join(' '),
})

/** `git rm [-r] --cached [--ignore-unmatch] -- <path>`, valid from the directory `prefix`. */
function untrack(unit: RecoveryUnit, prefix: string, ignoreUnmatch: boolean): Command {
  const relative = posix.relative(prefix.replace(/\/$/, ''), unit.path) || '.'
  return command([
    'rm',
    ...(unit.isDir ? ['-r'] : []),
    '--cached',
    // At a rebase stop, a later commit's offender does not exist yet.
    ...(ignoreUnmatch ? ['--ignore-unmatch'] : []),
    '--',
    literalPathspec(relative),
  ])
}

export interface HistoryInput {
  units: readonly RecoveryUnit[]
  /** The commits walked, newest first (as `git log` lists them). */
  commits: readonly LoggedCommit[]
  /** The tip commit(s) of the range or push. */
  tips: readonly string[]
  /** The directory the guard ran from, relative to the top (`Repo.prefix`). */
  prefix: string
}

/** Plan the history recovery from collapsed units whose findings carry their commits. */
export function planHistory(input: HistoryInput): {
  recovery: HistoryRecovery
  commands: Command[]
} {
  const offending = new Set(input.units.flatMap((u) => u.findings.flatMap((f) => f.commits ?? [])))
  // Oldest first: git log lists newest first.
  const ordered = input.commits.filter((c) => offending.has(c.id)).reverse()
  const amend = command(['commit', '--amend', '--no-edit'])
  const only = ordered.length === 1 ? ordered[0]! : undefined
  if (only && input.tips.includes(only.id)) {
    const commands = [...input.units.map((unit) => untrack(unit, input.prefix, false)), amend]
    return { recovery: { kind: 'amend', stops: [{ commit: only.id, commands }] }, commands }
  }
  const oldest = ordered[0]
  // Without --rebase-merges, `rebase -i` drops every merge it replays and flattens the branch.
  const merges = input.commits.some((c) => c.parents.length > 1)
  const start = command([
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
        .map((unit) => untrack(unit, input.prefix, true)),
      amend,
      command(['rebase', '--continue']),
    ],
  }))
  return {
    recovery: { kind: 'rebase', start, stops },
    commands: [start, ...stops.flatMap((stop) => stop.commands)],
  }
}
