/** Terminal styling. Colour is decided once, in cli.ts; renderers only receive a Style. */
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
