import { posix } from 'node:path'
import { literalPathspec } from '../git/pathspec.js'
import { baseName } from '../rules/repo-path.js'
import type { GitCommand, RecoveryUnit } from '../types.js'
import { shellCommand } from './quote.js'

/** A git command as `--fix` runs it and as it is printed, shell-quoted. */
export function gitCommand(args: string[]): GitCommand {
  return { args, text: shellCommand(['git', ...args]) }
}

/** A root-relative path as seen from the directory `prefix` (git's `--show-prefix`). */
function fromPrefix(prefix: string, path: string): string {
  return posix.relative(prefix.replace(/\/$/, ''), path) || '.'
}

/**
 * `git rm [-r] --cached [-f] [--sparse] -- <path>` for a unit, valid from the directory `prefix`.
 * In a sparse checkout git rm refuses entries outside the cone unless given `--sparse`.
 */
export function removalCommand(unit: RecoveryUnit, prefix: string, sparse = false): GitCommand {
  return gitCommand([
    'rm',
    ...(unit.isDir ? ['-r'] : []),
    '--cached',
    ...(unit.force ? ['-f'] : []),
    ...(sparse ? ['--sparse'] : []),
    '--',
    literalPathspec(fromPrefix(prefix, unit.path)),
  ])
}

/**
 * `git rm [-r] --cached --ignore-unmatch [--sparse] -- <path>` at a rebase stop, valid from
 * `prefix`: a later commit's offender does not exist yet there. In a sparse checkout an entry
 * outside the cone needs `--sparse`: without it `--ignore-unmatch` leaves it in, silently.
 */
export function untrackAtStop(
  unit: RecoveryUnit,
  prefix: string,
  ignoreUnmatch: boolean,
  sparse = false,
): GitCommand {
  return gitCommand([
    'rm',
    ...(unit.isDir ? ['-r'] : []),
    '--cached',
    ...(ignoreUnmatch ? ['--ignore-unmatch'] : []),
    ...(sparse ? ['--sparse'] : []),
    '--',
    literalPathspec(fromPrefix(prefix, unit.path)),
  ])
}

/** `git filter-repo --invert-paths --path …`: purge these paths from history in one run. */
export function filterRepoCommand(paths: readonly string[]): string {
  return shellCommand([
    'git',
    'filter-repo',
    '--invert-paths',
    ...paths.flatMap((p) => ['--path', p]),
  ])
}

/** BFG matches base names at any depth: one `--delete-files` per distinct name. */
export function bfgCommands(paths: readonly string[]): string[] {
  const names = new Set(paths.map(baseName))
  return [...names].map((name) => shellCommand(['java', '-jar', 'bfg.jar', '--delete-files', name]))
}

/** `git rm --cached` of tracked paths before a purge, valid from any directory. */
export function untrackAnywhere(path: string): string {
  return shellCommand(['git', 'rm', '--cached', '--', `:(top,literal)${path}`])
}

/**
 * A big file moved to Git LFS: track it and stage it again as a pointer. Root-relative (run
 * from the repository root); printed, never run by --fix. `--filename` makes git-lfs write the
 * name as a literal, not as a pattern that could match other files (`data[1].bin`).
 */
export function lfsCommands(path: string): string[] {
  const pathspec = literalPathspec(path)
  return [
    shellCommand(['git', 'lfs', 'track', '--filename', path]),
    'git add .gitattributes',
    shellCommand(['git', 'rm', '--cached', '-q', '--', pathspec]),
    shellCommand(['git', 'add', '--', pathspec]),
  ]
}
