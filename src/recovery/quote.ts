/**
 * Shell and pathspec quoting for printed commands. Every path is hostile: the output must be
 * safe to paste into sh, bash or zsh whatever the file is called.
 */

// Characters that no POSIX shell (nor zsh) treats specially inside a word.
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** Quote one word for sh/bash/zsh: bare when plainly safe, else POSIX single quotes. */
export function shellQuote(word: string): string {
  if (word !== '' && SHELL_SAFE.test(word)) return word
  // Inside single quotes nothing is special except the quote itself: close, escape, reopen.
  return `'${word.replace(/'/g, `'\\''`)}'`
}
