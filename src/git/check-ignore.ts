import { posix } from 'node:path'
import { InternalError } from '../errors.js'
import type { IgnoreRule } from '../types.js'
import { runGit, splitNul, type GitContext } from './exec.js'

/**
 * Ask git (the authority: nested .gitignore files, info/exclude, core.excludesFile) which of
 * the root-relative `paths` its ignore rules already cover, and which a negation (`!pattern`)
 * in a deeper `.gitignore` re-includes: git gives a deeper file precedence, so no line appended
 * to the root `.gitignore` can ignore those (gitignore(5)). `--no-index` because staged and
 * tracked paths are exactly the ones we ask about.
 */
export async function checkIgnoreRules(
  ctx: GitContext,
  prefix: string,
  paths: readonly string[],
): Promise<{ ignored: Map<string, IgnoreRule>; reincluded: Map<string, IgnoreRule> }> {
  const ignored = new Map<string, IgnoreRule>()
  const reincluded = new Map<string, IgnoreRule>()
  if (paths.length === 0) return { ignored, reincluded }
  // check-ignore reads paths relative to the cwd, so hand it `../`-style paths.
  const base = prefix.replace(/\/$/, '')
  // At the top (the usual hook) the paths are already relative: skip path.relative, which
  // resolves both sides against the cwd for every path (thousands in a staged venv).
  const relative =
    base === '' ? (path: string) => path : (path: string) => posix.relative(base, path)
  const sent = paths.map((path) => unmagic(relative(path) || '.'))
  const { stdout } = await runGit(
    ctx,
    ['check-ignore', '--no-index', '-z', '-v', '-n', '--stdin'],
    { input: sent.map((path) => `${path}\0`).join(''), okCodes: [1] },
  )
  const rules = parseCheckIgnore(stdout, sent)
  for (let i = 0; i < paths.length; i++) {
    const rule = rules[i]
    if (!rule) continue
    if (!rule.pattern.startsWith('!')) ignored.set(paths[i]!, rule)
    else if (isNestedGitignore(rule.source)) reincluded.set(paths[i]!, rule)
  }
  return { ignored, reincluded }
}

/**
 * Parse `git check-ignore -v -z -n` for the paths `sent` on its stdin: four fields per path,
 * in input order (source, line, pattern, the path as sent), the first three empty when no rule
 * matches. The rule for each path, or undefined; any other output throws (fail closed).
 * @example parseCheckIgnore('.gitignore\x002\x00*.pyc\x00a.pyc\x00\x00\x00\x00b\x00', ['a.pyc', 'b'])
 */
export function parseCheckIgnore(
  stdout: string,
  sent: readonly string[],
): (IgnoreRule | undefined)[] {
  const fields = splitNul(stdout)
  if (fields.length !== sent.length * 4) {
    throw new InternalError(
      `unexpected \`git check-ignore\` output: ${fields.length} fields for ${sent.length} paths`,
    )
  }
  return sent.map((path, i) => {
    const [source = '', line = '', pattern = '', echoed = ''] = fields.slice(i * 4, i * 4 + 4)
    const unmatched = source === '' && line === '' && pattern === ''
    if (
      echoed !== path ||
      (!unmatched && (source === '' || !/^\d+$/.test(line) || pattern === ''))
    ) {
      const record = [source, line, pattern, echoed].join('\0').slice(0, 80)
      throw new InternalError(
        `unexpected \`git check-ignore\` record ${JSON.stringify(record)} for ${JSON.stringify(path)}`,
      )
    }
    return unmatched ? undefined : { source, line: Number(line), pattern }
  })
}

/**
 * A rule every clone shares: one from a `.gitignore` of the working tree (the root one or a
 * deeper one), not from `.git/info/exclude` or the user's own `core.excludesFile`, which no
 * teammate has.
 */
export function isRepositoryGitignore(source: string): boolean {
  return source === '.gitignore' || isNestedGitignore(source)
}

/**
 * A `.gitignore` below the root. check-ignore names per-directory files root-relative
 * (`src/.gitignore`) whatever the cwd; info/exclude and core.excludesFile (even one called
 * ~/.gitignore, given absolute) rank below the root file.
 */
function isNestedGitignore(source: string): boolean {
  return (
    !posix.isAbsolute(source) &&
    !source.startsWith('../') &&
    source !== '.gitignore' &&
    posix.basename(source) === '.gitignore'
  )
}

/**
 * check-ignore reads its paths as pathspecs: a leading `:` starts magic (`:(glob)x` is refused)
 * and it rejects `--literal-pathspecs`; a `./` in front keeps such a name literal.
 */
function unmagic(path: string): string {
  return path.startsWith(':') ? `./${path}` : path
}
