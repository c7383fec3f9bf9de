import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { UsageError } from '../errors.js'
import type { StagedEntry } from '../types.js'

function toRepoPath(top: string, absolute: string): string | undefined {
  const rel = relative(top, absolute)
  if (rel === '') return ''
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined
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
    throw new UsageError(`path is outside the repository: ${arg}`, `pass paths inside ${top}`)
  })
}

/** Keep the entries named by `repoPaths` (a directory names everything below it). */
export function selectEntries(
  entries: readonly StagedEntry[],
  repoPaths: readonly string[],
): StagedEntry[] {
  if (repoPaths.includes('')) return [...entries]
  const named = new Set(repoPaths.map((path) => path.replace(/\/$/, '')))
  return entries.filter((entry) => {
    // The path itself or any of its directories: linear in paths times depth.
    for (let end = entry.path.length; end > 0; end = entry.path.lastIndexOf('/', end - 1)) {
      if (named.has(entry.path.slice(0, end))) return true
    }
    return false
  })
}
