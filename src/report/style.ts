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
 * Colour only for a terminal: `--no-color` and NO_COLOR turn it off, FORCE_COLOR turns it on
 * (https://no-color.org, https://force-color.org).
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') {
    return true
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return isTTY && env.TERM !== 'dumb'
}
