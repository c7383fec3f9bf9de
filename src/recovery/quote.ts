/**
 * Shell and pathspec quoting for printed commands. Every path is hostile: the output must be
 * safe to paste into sh, dash, bash or zsh whatever the file is called, and must never carry a
 * raw control character to the terminal (an escape sequence in a name could redraw the line
 * the user is about to copy).
 */
import { UNSAFE_FOR_TERMINAL } from '../errors.js'

// Characters that no POSIX shell (nor zsh) treats specially inside a word. `=` is left out:
// zsh expands a word starting with `=` to a command's path (`=ls` -> /bin/ls).
const SHELL_SAFE = /^[A-Za-z0-9_@%+:,./-]+$/
// An option's `--name=value`: the `=` is not at the start, so zsh leaves it alone.
const OPTION_WITH_VALUE = /^--[a-z][a-z-]*=[A-Za-z0-9_@%+:,./-]*$/

/** True when showing `text` raw could make the terminal do something other than show it. */
export function hasUnsafeCharacter(text: string): boolean {
  return UNSAFE_FOR_TERMINAL.test(text)
}

// In a printf format `\` and `%` are special; `'` would end the quoting and `!` is history
// expansion in interactive bash and zsh. Everything else that is printable stays as it is.
const PRINTF_SPECIAL = /[\\%'!]/

/** Octal escapes for the UTF-8 bytes of one character: what POSIX printf's format turns back. */
function octalBytes(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')
}

/**
 * `text` as a POSIX printf format that prints exactly `text`, made only of printable
 * characters: controls, quotes, `\`, `%` and `!` become octal escapes.
 */
export function printfFormat(text: string): string {
  let out = ''
  for (const char of text) {
    out += UNSAFE_FOR_TERMINAL.test(char) || PRINTF_SPECIAL.test(char) ? octalBytes(char) : char
  }
  return out
}

function singleQuote(word: string): string {
  // Inside single quotes nothing is special except the quote itself: close, escape, reopen.
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * Quote one word for sh, dash, bash and zsh: bare when plainly safe, else single quotes; a word
 * holding a control character becomes `"$(printf '…')"`, which prints it exactly from printable
 * text. Command substitution drops trailing newlines, so a word ending in one is exact only
 * through `shellCommand`.
 */
export function shellQuote(word: string): string {
  if (word !== '' && (SHELL_SAFE.test(word) || OPTION_WITH_VALUE.test(word))) return word
  if (!hasUnsafeCharacter(word)) return singleQuote(word)
  return `"$(printf '${printfFormat(word)}')"`
}

/**
 * A whole command line, exact for every word. When a word ends with a newline (which `$(…)`
 * would strip) the line is built inside the substitution and run by `eval`: there the newline
 * sits between quotes, where nothing strips it.
 */
export function shellCommand(words: readonly string[]): string {
  if (!words.some((word) => /\n$/.test(word))) return words.map(shellQuote).join(' ')
  const line = words.map((word) =>
    word !== '' && SHELL_SAFE.test(word) ? word : singleQuote(word),
  )
  return `eval "$(printf '${printfFormat(line.join(' '))}')"`
}

/** Shown-only text, control characters escaped (one implementation, in errors.ts). */
export { printable as visible } from '../errors.js'
