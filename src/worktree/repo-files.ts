/**
 * Reading and writing the files `init` owns (package.json, hook files, .gitignore, env
 * templates) so that a cloned repository cannot steer a write outside itself: no write
 * follows a symbolic link, in the file or in any folder above it, and a file is replaced
 * whole (a temporary file renamed over it) so a failed write leaves the old bytes.
 */
import {
  chmodSync,
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs'
import { join, sep } from 'node:path'
import { UsageError } from '../errors.js'

/** A read or write `init` refuses: one line naming the path, exit 2. */
class UnsafeWriteError extends UsageError {
  constructor(relPath: string, why: string, verb: 'read' | 'write' = 'write') {
    super(
      `refusing to ${verb} ${JSON.stringify(relPath)}: ${why}`,
      'replace it with a regular file (or remove it), then run init again',
    )
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Every folder between `top` and the file must be a real folder (or missing). */
function checkParents(top: string, relPath: string, verb: 'read' | 'write'): void {
  const parts = relPath.split('/')
  if (parts.some((part) => part === '' || part === '.' || part === '..')) {
    throw new UnsafeWriteError(relPath, 'not a plain path inside the repository', verb)
  }
  for (let depth = 1; depth < parts.length; depth++) {
    const folder = parts.slice(0, depth).join('/')
    const stat = lstatOrUndefined(join(top, folder))
    if (stat === undefined) return
    if (stat.isSymbolicLink()) {
      throw new UnsafeWriteError(relPath, `${folder}/ is a symbolic link`, verb)
    }
    if (!stat.isDirectory()) throw new UnsafeWriteError(relPath, `${folder} is not a folder`, verb)
  }
}

/**
 * A repository file's bytes, or undefined when it does not exist. A symbolic link is read
 * only when it resolves inside the repository (`.env -> .env.development`); one that points
 * outside is refused, so nothing from elsewhere on the disk is read into a template.
 */
export function readRepoFile(top: string, relPath: string): Buffer | undefined {
  checkParents(top, relPath, 'read')
  const full = join(top, relPath)
  const stat = lstatOrUndefined(full)
  if (stat === undefined) return undefined
  if (stat.isSymbolicLink()) {
    let target: string
    try {
      target = realpathSync(full)
    } catch {
      throw new UnsafeWriteError(relPath, 'it is a symbolic link to nothing', 'read')
    }
    const realTop = realpathSync(top)
    if (!target.startsWith(realTop + sep)) {
      throw new UnsafeWriteError(
        relPath,
        'it is a symbolic link to a file outside the repository',
        'read',
      )
    }
    if (!lstatSync(target).isFile()) throw new UnsafeWriteError(relPath, 'it is not a file', 'read')
    return readFileSync(target)
  }
  if (!stat.isFile()) throw new UnsafeWriteError(relPath, 'it is not a regular file', 'read')
  return readFileSync(full)
}

/** May `relPath` be written? Throws the one-line refusal; used before anything is written. */
export function checkWritable(top: string, relPath: string): void {
  checkParents(top, relPath, 'write')
  const stat = lstatOrUndefined(join(top, relPath))
  if (stat?.isSymbolicLink()) throw new UnsafeWriteError(relPath, 'it is a symbolic link')
  if (stat && !stat.isFile()) throw new UnsafeWriteError(relPath, 'it is not a regular file')
}

/**
 * Write `bytes` to `relPath` inside `top`: missing folders created one by one (never through
 * a link), the new content written to a fresh temporary file beside it (`wx`, no-follow) and
 * renamed over the old one, keeping its mode.
 */
export function writeRepoFile(
  top: string,
  relPath: string,
  bytes: Buffer | string,
  mode?: number,
): void {
  checkWritable(top, relPath)
  const parts = relPath.split('/')
  let at = top
  for (const part of parts.slice(0, -1)) {
    at = join(at, part)
    if (lstatOrUndefined(at) === undefined) mkdirSync(at)
  }
  checkWritable(top, relPath)
  const full = join(top, relPath)
  const existing = lstatOrUndefined(full)
  const temp = join(at, `.${parts[parts.length - 1]}.precommit-guard-${process.pid}.tmp`)
  let fd: number | undefined
  try {
    fd = openSync(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o644,
    )
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes
    let written = 0
    while (written < data.length) written += writeSync(fd, data, written)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    chmodSync(temp, mode ?? (existing ? existing.mode & 0o7777 : 0o644))
    renameSync(temp, full)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    // EEXIST: something already sits at the temporary name; it is not ours to remove.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(temp, { force: true })
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new UsageError(
      `cannot write ${JSON.stringify(relPath)} (${code}): it is left as it was`,
      'free the disk or fix the permissions, then run init again',
    )
  }
}
