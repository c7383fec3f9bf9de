/**
 * Add a command line to a husky hook file idempotently: kept as it is when a non-comment line
 * already runs it; otherwise inserted before the first command (the guard should fail fast,
 * before lint-staged stashes anything), every other byte kept.
 */
export function addHookLine(existing: string | undefined, line: string, word: string): string {
  if (existing === undefined) return `${line}\n`
  const lines = existing.split('\n')
  const runs = lines.some((l) => !/^\s*#/.test(l) && new RegExp(`(^|[\\s/])${word}(\\s|$)`).test(l))
  if (runs) return existing
  let at = 0
  while (at < lines.length && /^\s*(#|$)/.test(lines[at] ?? '') && at < lines.length - 1) at++
  if (/^\s*(#|$)/.test(lines[at] ?? '')) at = lines.length
  lines.splice(at, 0, line)
  const text = lines.join('\n')
  return text.endsWith('\n') ? text : `${text}\n`
}
