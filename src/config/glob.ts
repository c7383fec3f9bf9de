import picomatch from 'picomatch'

/**
 * picomatch compiles a glob to a backtracking regex: each `*`, `**` or extglob group is a
 * quantifier, and k of them cost up to about n^k steps on a path of length n that nearly
 * matches (9 stars in one pattern took seconds per path; 6 over a deep path, a minute).
 * Four keeps the worst path at a few seconds and every ordinary pattern allowed.
 */
const MAX_WILDCARDS = 4
const MAX_GLOB_LENGTH = 1024

/** How many variable-width wildcards (`*` runs, `**`, extglob groups) the glob holds. */
function wildcardCount(glob: string): { count: number; nestedExtglob: boolean } {
  let count = 0
  let depth = 0
  let nestedExtglob = false
  let square = false
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!
    if (char === '\\') i++
    else if (square) square = char !== ']'
    else if (char === '[') square = true
    else if ('*+?@!'.includes(char) && glob[i + 1] === '(') {
      count++
      if (depth > 0) nestedExtglob = true
      depth++
      i++
    } else if (char === ')' && depth > 0) depth--
    else if (char === '*') {
      count++
      while (glob[i + 1] === '*') i++
    }
  }
  return { count, nestedExtglob }
}

/**
 * Why `glob` cannot be used as a pattern, or undefined when it can. picomatch accepts almost
 * anything (an unclosed `{` silently compiles to a regex that matches nothing), so brackets
 * are checked by hand first.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'empty glob'
  if (glob.length > MAX_GLOB_LENGTH) return `glob longer than ${MAX_GLOB_LENGTH} characters`
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
  const { count, nestedExtglob } = wildcardCount(glob)
  if (nestedExtglob) return 'nested extglob groups (slow to match); flatten them'
  if (count > MAX_WILDCARDS) {
    return `${count} wildcards, at most ${MAX_WILDCARDS} (slow to match); split it into several globs`
  }
  try {
    picomatch.makeRe(glob, { dot: true, windows: false })
  } catch (error) {
    return `bad glob (${(error as Error).message})`
  }
  return undefined
}
