import { topLiteral } from '../git/pathspec.js'
import { baseName } from '../rules/repo-path.js'
import type { GitCommand, RecoveryUnit } from '../types.js'
import { shellCommand, shellQuote } from './quote.js'

/** A git command as `--fix` runs it and as it is printed, shell-quoted. */
export function gitCommand(args: string[]): GitCommand {
  return { args, text: shellCommand(['git', ...args]) }
}

/**
 * `git rm [-r] --cached [-f] [--sparse] -- :(top,literal)<path>` for a unit. The pathspec is
 * anchored at the top of the work tree, so the line works pasted in any of its directories:
 * a hook runs at the top, the user's shell is wherever they typed `git commit`.
 * In a sparse checkout git rm refuses entries outside the cone unless given `--sparse`.
 */
export function removalCommand(unit: RecoveryUnit, sparse = false): GitCommand {
  return gitCommand([
    'rm',
    ...(unit.isDir ? ['-r'] : []),
    '--cached',
    ...(unit.force ? ['-f'] : []),
    ...(sparse ? ['--sparse'] : []),
    '--',
    topLiteral(unit.path),
  ])
}

/**
 * `git checkout-index --ignore-skip-worktree-bits -- <path>`: write a skip-worktree entry's
 * staged content to disk (it never overwrites a file there). Its arguments are file names
 * relative to the cwd, not pathspecs: the printed line runs it from the top (`-C`), so it works
 * pasted in any directory; `--fix` runs the same arguments from the top.
 */
export function restoreCommand(path: string): GitCommand {
  const args = ['checkout-index', '--ignore-skip-worktree-bits', '--', path]
  return {
    args,
    text: `git -C "$(git rev-parse --show-toplevel)" ${gitCommand(args).text.slice('git '.length)}`,
  }
}

/**
 * `git rm [-r] --cached --ignore-unmatch [--sparse] -- :(top,literal)<path>` at a rebase stop,
 * from any directory: a later commit's offender does not exist yet there. In a sparse checkout
 * an entry outside the cone needs `--sparse`: without it `--ignore-unmatch` leaves it in, silently.
 */
export function untrackAtStop(
  unit: RecoveryUnit,
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
    topLiteral(unit.path),
  ])
}

/** Where the printed `.gitignore` step writes: the root one, named from any directory. */
const ROOT_GITIGNORE = '"$(git rev-parse --show-toplevel)/.gitignore"'

/**
 * The shell step that appends `lines` to the root `.gitignore` and stages it, pasted from any
 * directory of the work tree. The first, empty line ends a last line that lacks its newline
 * (a blank line in .gitignore means nothing); a missing file is created.
 */
export function appendGitignoreCommands(lines: readonly string[]): string[] {
  return [
    `printf '%s\\n' '' \\`,
    ...lines.map((line) => `  ${shellQuote(line)} \\`),
    `  >> ${ROOT_GITIGNORE}`,
    gitCommand(['add', '--', topLiteral('.gitignore')]).text,
  ]
}

/**
 * `git filter-repo [options] --invert-paths --path …`: purge these paths from history in one
 * run. A name starting with `-` takes the `--path=` form, or filter-repo reads it as an option.
 */
export function filterRepoCommand(
  paths: readonly string[],
  options: readonly string[] = [],
): string {
  const pathArgs = paths.flatMap((p) => (p.startsWith('-') ? [`--path=${p}`] : ['--path', p]))
  return shellCommand(['git', 'filter-repo', ...options, '--invert-paths', ...pathArgs])
}

/** From any directory of a work tree, to its top (a bare repository is its own top). */
const TO_TOP = 'cd "$(git rev-parse --show-toplevel)"'

/**
 * Purge paths from every branch and tag of a remote, runnable as printed from any directory
 * of a clone: a fresh mirror clone (filter-repo's own precondition) in a new temporary
 * directory, filtered, then force-pushed back with `--mirror`, which also updates tags and
 * deletes refs that no longer hold anything. The URL is read from git, never printed (it may
 * hold a token); in the mirror it is absolute, so the push does not depend on the remote
 * filter-repo may remove. No replace refs are added, so none is pushed. `--no-local`: a remote
 * on this machine is copied by objects, not hard links, so the clone is packed as filter-repo
 * wants (it refuses a clone holding a server's loose objects).
 */
export function mirrorPurgeCommands(
  paths: readonly string[],
  remote: string,
  bare: boolean,
): string[] {
  return [
    ...(bare ? [] : [TO_TOP]),
    'purge=$(mktemp -d)',
    `git clone --mirror --no-local -- "$(git remote get-url -- ${shellQuote(remote)})" "$purge"`,
    'cd "$purge"',
    'url=$(git remote get-url origin)',
    filterRepoCommand(paths, ['--replace-refs', 'update-no-add']),
    'git push --force --mirror -- "$url"',
    'cd -',
  ]
}

/**
 * Purge paths from this repository's own history, in place (nothing was pushed): `--force`
 * because a working clone is not a fresh one, `--partial` so that filter-repo keeps the
 * remotes and their refs as they are, then the old objects are dropped as a full run would.
 */
export function localPurgeCommands(paths: readonly string[], bare: boolean): string[] {
  return [
    ...(bare ? [] : [TO_TOP]),
    filterRepoCommand(paths, ['--force', '--partial']),
    'git reflog expire --expire=now --all',
    'git gc --prune=now',
  ]
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
 * A big file moved to Git LFS: track it and stage it again as a pointer, from any directory of
 * the work tree (`git lfs track` takes a root-relative name when run at the top, hence `-C`);
 * printed, never run by --fix. `--filename` makes git-lfs write the name as a literal, not as a
 * pattern that could match other files (`data[1].bin`).
 */
export function lfsCommands(path: string): string[] {
  const pathspec = topLiteral(path)
  return [
    `git -C "$(git rev-parse --show-toplevel)" ${shellCommand(['lfs', 'track', '--filename', path])}`,
    shellCommand(['git', 'add', '--', topLiteral('.gitattributes')]),
    shellCommand(['git', 'rm', '--cached', '-q', '--', pathspec]),
    shellCommand(['git', 'add', '--', pathspec]),
  ]
}
