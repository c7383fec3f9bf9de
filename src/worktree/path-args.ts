import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { printable, UsageError } from '../errors.js'

function toRepoPath(top: string, absolute: string): string | undefined {
  const rel = relative(top, absolute)
  if (rel === '') return ''
  // Only a `..` component leaves the top: `..foo` and `...env` are names inside it.
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined
  return sep === '/' ? rel : rel.split(sep).join('/')
}

/**
 * Turn `paths...` (absolute, as lint-staged passes them, or relative to the cwd) into
 * repository-relative paths. A path outside the repository is a usage error.
 */
export function resolvePathArgs(args: readonly string[], cwd: string, top: string): string[] {
  let realCwd: string | undefined
  return args.map((arg) => {
    const direct = toRepoPath(top, resolve(cwd, arg))
    if (direct !== undefined) return direct
    // The cwd may be reached through a symlink (macOS /tmp): compare real paths too.
    realCwd ??= realpathSync(cwd)
    const viaReal = toRepoPath(top, resolve(realCwd, arg))
    if (viaReal !== undefined) return viaReal
    throw new UsageError(
      `path is outside the repository: ${printable(arg)}`,
      `pass paths inside ${printable(top)}`,
    )
  })
}

/**
 * The items named by `repoPaths` (a directory names everything below it, `''` the whole
 * list), and the positions in `repoPaths` of the paths that named none of them.
 */
export function selectByPaths<T extends { path: string }>(
  items: readonly T[],
  repoPaths: readonly string[],
): { selected: T[]; unmatched: number[] } {
  const named = new Map<string, boolean>() // path -> named an item
  for (const path of repoPaths) named.set(path.replace(/\/$/, ''), false)
  const everything = named.has('')
  const selected = items.filter((item) => {
    // The path itself or any of its directories: linear in paths times depth.
    let hit = everything
    for (let end = item.path.length; end > 0; end = item.path.lastIndexOf('/', end - 1)) {
      const prefix = item.path.slice(0, end)
      if (named.has(prefix)) {
        named.set(prefix, true)
        hit = true
      }
    }
    return hit
  })
  if (everything && selected.length > 0) named.set('', true)
  const unmatched: number[] = []
  repoPaths.forEach((path, position) => {
    if (named.get(path.replace(/\/$/, '')) !== true) unmatched.push(position)
  })
  return { selected, unmatched }
}
