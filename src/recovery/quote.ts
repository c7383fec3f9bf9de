/**
 * Shell and pathspec quoting for printed commands. Every path is hostile: the output must be
 * safe to paste into sh, bash or zsh whatever the file is called.
 */

// Characters that no POSIX shell (nor zsh) treats specially inside a word.
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** Quote one word for sh/bash/zsh: bare when plainly safe, else POSIX single quotes. */
/** `git filter-repo --invert-paths --path …`: purge these paths from history in one run. */
export function filterRepoCommand(paths: readonly string[]): string {
  return `git filter-repo --invert-paths ${paths.map((p) => `--path ${shellQuote(p)}`).join(' ')}`
}

export function shellQuote(word: string): string {
  if (word !== '' && SHELL_SAFE.test(word)) return word
  // Inside single quotes nothing is special except the quote itself: close, escape, reopen.
  return `'${word.replace(/'/g, `'\\''`)}'`
}

// Pathspec magic: a leading ':' starts magic, and * ? [ \ are wildcards (gitglossary(7)).
const PATHSPEC_MAGIC = /^:|[*?[\\]/

/** A pathspec that matches exactly `path` (relative to the cwd), and nothing else. */
export function literalPathspec(path: string): string {
  return PATHSPEC_MAGIC.test(path) ? `:(literal)${path}` : path
}
