/** Terminal styling. Colour is decided once, in cli.ts; renderers only receive a Style. */
import { UNSAFE_FOR_TERMINAL } from '../errors.js'

export interface Style {
  red(text: string): string
  yellow(text: string): string
  bold(text: string): string
  dim(text: string): string
}

const wrap = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`

export const COLOR: Style = {
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
}

const same = (text: string) => text
export const PLAIN: Style = { red: same, yellow: same, bold: same, dim: same }

/**
 * Colour only for a terminal. `--no-color` turns it off; FORCE_COLOR decides next (`0` and
 * `false` off, any other value, the empty one too, on: as supports-color and Node.js read
 * it); then NO_COLOR (any non-empty value) and Node.js's NODE_DISABLE_COLORS turn it off, and
 * so does TERM=dumb (https://no-color.org, https://force-color.org).
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false'
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.NODE_DISABLE_COLORS !== undefined && env.NODE_DISABLE_COLORS !== '') return false
  return isTTY && env.TERM !== 'dumb'
}

// The only escape sequences the guard itself writes: the SGR codes of COLOR above.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const OWN_SGR = /\u001b\[(?:1|2|22|31|33|39)m/
const OWN_SGR_OR_UNSAFE = new RegExp(`${OWN_SGR.source}|${UNSAFE_FOR_TERMINAL.source}`, 'gu')

/**
 * The last line of defence before a stream: every control character is escaped, newlines
 * (the report's own line structure) kept, and, when colour is on, the guard's own colour codes.
 * Escapes are JSON escapes too, so a JSON document stays valid and decodes to the same text.
 */
export function forTerminal(text: string, keepOwnColour: boolean): string {
  return text.replace(OWN_SGR_OR_UNSAFE, (match) => {
    if (match === '\n' || (keepOwnColour && match.length > 1)) return match
    // Colour off: an SGR code is shown as text, its ESC escaped and the rest kept.
    return `\\u${match.codePointAt(0)!.toString(16).padStart(4, '0')}${match.slice(1)}`
  })
}
