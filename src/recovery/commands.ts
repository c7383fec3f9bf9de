import { literalPathspec, topLiteral } from '../git/pathspec.js'
import { baseName } from '../rules/repo-path.js'
import type { GitCommand, RecoveryUnit } from '../types.js'
import { shellQuote } from './quote.js'

/** A git command as `--fix` runs it and as it is printed, shell-quoted. */
export function gitCommand(args: string[]): GitCommand {
  return { args, text: ['git', ...args].map(shellQuote).join(' ') }
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

/** `git filter-repo --invert-paths --path …`: purge these paths from history in one run. */
export function filterRepoCommand(paths: readonly string[]): string {
  return `git filter-repo --invert-paths ${paths.map((p) => `--path ${shellQuote(p)}`).join(' ')}`
}

/** BFG matches base names at any depth: one `--delete-files` per distinct name. */
export function bfgCommands(paths: readonly string[]): string[] {
  const names = new Set(paths.map(baseName))
  return [...names].map((name) => `java -jar bfg.jar --delete-files ${shellQuote(name)}`)
}

/** `git rm --cached` of tracked paths before a purge, valid from any directory. */
export function untrackAnywhere(path: string): string {
  return `git rm --cached -- ${shellQuote(`:(top,literal)${path}`)}`
}

/**
 * A big file moved to Git LFS: track it and stage it again as a pointer. Root-relative (run
 * from the repository root); printed, never run by --fix.
 */
export function lfsCommands(path: string): string[] {
  const pathspec = shellQuote(literalPathspec(path))
  return [
    `git lfs track ${shellQuote(path)}`,
    'git add .gitattributes',
    `git rm --cached -q -- ${pathspec}`,
    `git add -- ${pathspec}`,
  ]
}
