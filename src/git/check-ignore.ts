import { posix } from 'node:path'
import { runGit, splitNul, type GitContext } from './exec.js'

/** The ignore rule git applies to a path: `source:line:pattern`, as `check-ignore -v` says. */
export interface IgnoreRule {
  source: string
  line: number
  pattern: string
}

/**
 * Ask git (the authority: nested .gitignore files, info/exclude, core.excludesFile) which of
 * the root-relative `paths` its ignore rules already cover. `--no-index` because staged and
 * tracked paths are exactly the ones we ask about; negated rules do not count as ignored.
 */
export async function checkIgnored(
  ctx: GitContext,
  prefix: string,
  paths: readonly string[],
): Promise<Map<string, IgnoreRule>> {
  const ignored = new Map<string, IgnoreRule>()
  if (paths.length === 0) return ignored
  // check-ignore reads paths relative to the cwd, so hand it `../`-style paths.
  const base = prefix.replace(/\/$/, '')
  // At the top (the usual hook) the paths are already relative: skip path.relative, which
  // resolves both sides against the cwd for every path (thousands in a staged venv).
  const relative =
    base === '' ? (path: string) => path : (path: string) => posix.relative(base, path)
  const input = paths.map((path) => `${relative(path) || '.'}\0`).join('')
  const { stdout } = await runGit(
    ctx,
    ['check-ignore', '--no-index', '-z', '-v', '-n', '--stdin'],
    { input, okCodes: [1] },
  )
  const fields = splitNul(stdout)
  // Four fields per path, in input order: source, line, pattern, path.
  for (let i = 0; i < paths.length; i++) {
    const [source = '', line = '', pattern = ''] = fields.slice(i * 4, i * 4 + 3)
    if (source !== '' && !pattern.startsWith('!')) {
      ignored.set(paths[i]!, { source, line: Number(line), pattern })
    }
  }
  return ignored
}
