import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Replace a regular file (or create it) with `bytes`, all or nothing: the bytes go to a new
 * file beside it, which is renamed over the old one only once every byte is on disk. A full
 * disk or a file-size limit (`ulimit -f`) then leaves the old file whole. The mode (and, when
 * allowed, the owner) of the old file is kept. Never writes through a symbolic link: the
 * caller refuses those first, and this refuses them again rather than replace the link.
 * Throws the filesystem's error; the temporary file is removed first.
 */
export function replaceFile(path: string, bytes: Buffer): void {
  const before = lstatSync(path, { throwIfNoEntry: false })
  if (before && !before.isFile()) {
    throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' })
  }
  const temporary = join(
    dirname(path),
    `.${basename(path)}.precommit-guard-${process.pid}-${randomBytes(4).toString('hex')}`,
  )
  // 'wx': never reuse (or follow) anything already at the temporary name.
  const fd = openSync(temporary, 'wx', before ? before.mode & 0o7777 : 0o666)
  let closed = false
  let renamed = false
  try {
    if (before) {
      fchmodSync(fd, before.mode & 0o7777) // the umask must not narrow a kept mode
      try {
        fchownSync(fd, before.uid, before.gid)
      } catch {
        // Only root may give a file away; anyone else keeps owning what they rewrite.
      }
    }
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at)
    fsyncSync(fd)
    closed = true
    closeSync(fd)
    renameSync(temporary, path)
    renamed = true
  } finally {
    if (!renamed) {
      // A second close could hit a descriptor reused since: close only what is still open.
      try {
        if (!closed) closeSync(fd)
      } catch {
        // The write's own error is the one to report.
      }
      try {
        unlinkSync(temporary)
      } catch {
        // Nothing to remove.
      }
    }
  }
}
