/** A non-comment line of a hook file that runs `word` (bare, after a path, in `( … )` or `&&`). */
function runsWord(line: string, word: string): boolean {
  return !/^\s*#/.test(line) && new RegExp(`(^|[\\s/(;&|])${word}(\\s|$|[);&|])`).test(line)
}

/** Does a hook file run `word` on some line? */
export function hookRuns(existing: string | undefined, word: string): boolean {
  return existing !== undefined && existing.split('\n').some((l) => runsWord(l, word))
}

/**
 * Add a command line to a husky hook file idempotently: kept as it is when a non-comment line
 * already runs it; otherwise inserted before the first command (the guard should fail fast,
 * before lint-staged stashes anything), every other byte kept.
 */
export function addHookLine(existing: string | undefined, line: string, word: string): string {
  if (existing === undefined) return `${line}\n`
  const lines = existing.split('\n')
  if (lines.some((l) => runsWord(l, word))) return existing
  let at = 0
  while (at < lines.length && /^\s*(#|$)/.test(lines[at] ?? '') && at < lines.length - 1) at++
  if (/^\s*(#|$)/.test(lines[at] ?? '')) at = lines.length
  lines.splice(at, 0, line)
  const text = lines.join('\n')
  return text.endsWith('\n') ? text : `${text}\n`
}

/**
 * Switch a hook file from one line `init` wrote to another: the exact line `from` becomes `to`,
 * or is dropped when a line already runs `toWord` (so the guard never runs twice). Lines
 * `init` did not write are never touched.
 */
export function replaceHookLine(
  existing: string,
  from: string,
  to: string,
  toWord: string,
): string {
  const lines = existing.split('\n')
  const at = lines.indexOf(from)
  if (at === -1) return addHookLine(existing, to, toWord)
  if (lines.some((l) => runsWord(l, toWord))) lines.splice(at, 1)
  else lines[at] = to
  return lines.join('\n')
}
