import picomatch from 'picomatch'

/**
 * Why `glob` cannot be used as a pattern, or undefined when it can. picomatch accepts almost
 * anything (an unclosed `{` silently compiles to a regex that matches nothing), so brackets
 * are checked by hand first.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'empty glob'
  let square = false
  let braces = 0
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]
    if (char === '\\') i++
    else if (square) square = char !== ']'
    else if (char === '[') square = true
    else if (char === '{') braces++
    else if (char === '}' && --braces < 0) return 'unbalanced "}"'
  }
  if (square) return 'unbalanced "["'
  if (braces > 0) return 'unbalanced "{"'
  try {
    picomatch.makeRe(glob, { dot: true, windows: false })
  } catch (error) {
    return `bad glob (${(error as Error).message})`
  }
  return undefined
}
