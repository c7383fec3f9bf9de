import { posix } from 'node:path'
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
  const input = paths.map((path) => `${unmagic(relative(path) || '.')}\0`).join('')
  const { stdout } = await runGit(
    ctx,
    ['check-ignore', '--no-index', '-z', '-v', '-n', '--stdin'],
    { input, okCodes: [1] },
  )
  const fields = splitNul(stdout)
  // Four fields per path, in input order: source, line, pattern, path.
  for (let i = 0; i < paths.length; i++) {
    const [source = '', line = '', pattern = ''] = fields.slice(i * 4, i * 4 + 3)
    if (source === '') continue
    const rule = { source, line: Number(line), pattern }
    if (!pattern.startsWith('!')) ignored.set(paths[i]!, rule)
    else if (isNestedGitignore(source)) reincluded.set(paths[i]!, rule)
  }
  return { ignored, reincluded }
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
