import { lstatSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The root `.gitignore` as git reads it: '' when there is none, it cannot be read, or it is not
 * a regular file. git refuses to follow a symbolic link at `.gitignore` inside the working tree
 * (gitignore(5)), so its rules are not in force and planning must not count them.
 */
export function readRootGitignore(top: string): string {
  try {
    const path = join(top, '.gitignore')
    if (!lstatSync(path).isFile()) return ''
    return readFileSync(path, 'utf8')
  } catch {
    // No readable root .gitignore: plan against no rules (the lines are then all new).
    return ''
  }
}

/** A working-tree file's text (e.g. the local `.env` beside a template), or undefined. */
export function readWorktreeFile(top: string, relPath: string): string | undefined {
  try {
    return readFileSync(join(top, relPath), 'utf8')
  } catch {
    // Missing or not a readable file: nothing to compare against.
    return undefined
  }
}

/**
 * What `git add` reads at a path: a regular file's bytes, or a symlink's target (git stores the
 * link itself, never what it points at). Undefined when it is missing, a directory, or unreadable.
 */
export function readWorktreeEntry(
  top: string,
  relPath: string,
): { mode: '100644' | '120000'; bytes: Buffer } | undefined {
  const full = join(top, relPath)
  try {
    const stat = lstatSync(full)
    if (stat.isSymbolicLink()) return { mode: '120000', bytes: readlinkSync(full, 'buffer') }
    return stat.isFile() ? { mode: '100644', bytes: readFileSync(full) } : undefined
  } catch {
    // Missing, or unreadable: there is no content to judge.
    return undefined
  }
}

/** Whether anything (a file, a link, a folder) is at `relPath`; false when it cannot be told. */
export function isOnDisk(top: string, relPath: string): boolean {
  try {
    return lstatSync(join(top, relPath), { throwIfNoEntry: false }) !== undefined
  } catch {
    // ENOTDIR, ENAMETOOLONG, EACCES: nothing git could read there either.
    return false
  }
}

/**
 * A test for paths that lie beyond a symbolic link on disk (a staged folder since replaced by
 * a link): git refuses such paths as pathspecs. Each distinct folder is looked at once.
 */
export function beyondSymlink(top: string): (relPath: string) => boolean {
  const linked = new Map<string, boolean>() // folder -> it or a folder above it is a link
  const isLinked = (dir: string): boolean => {
    if (dir === '') return false
    const known = linked.get(dir)
    if (known !== undefined) return known
    const slash = dir.lastIndexOf('/')
    let answer = isLinked(slash === -1 ? '' : dir.slice(0, slash))
    if (!answer) {
      try {
        answer = lstatSync(join(top, dir), { throwIfNoEntry: false })?.isSymbolicLink() ?? false
      } catch {
        // Not a folder, or too long a name: git does not follow it either.
        answer = false
      }
    }
    linked.set(dir, answer)
    return answer
  }
  return (relPath) => {
    const slash = relPath.lastIndexOf('/')
    return slash !== -1 && isLinked(relPath.slice(0, slash))
  }
}
