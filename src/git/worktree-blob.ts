import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { InternalError } from '../errors.js'
import { readBlobs } from './blobs.js'
import { runGit, type GitContext } from './exec.js'

/**
 * The blob `git add` would stage for what `readWorktreeEntry` read, without staging it or
 * storing it in the repository: a symlink's target, or a file with its clean filters and eol
 * conversion applied (Git LFS stages a pointer, git-crypt ciphertext). `top` makes the file
 * argument absolute: never an option, whatever the name.
 */
export async function worktreeBlob(
  ctx: GitContext,
  top: string,
  path: string,
  onDisk: { mode: string; bytes: Buffer },
): Promise<{ oid: string; bytes: Buffer }> {
  if (onDisk.mode === '120000') {
    const { stdout } = await runGit(ctx, ['hash-object', '--stdin'], { input: onDisk.bytes })
    return { oid: stdout.trim(), bytes: onDisk.bytes }
  }
  const hash = ['hash-object', `--path=${path}`, '--', `${top}/${path}`]
  const oid = (await runGit(ctx, hash)).stdout.trim()
  if (oid === blobId(onDisk.bytes, oid.length)) return { oid, bytes: onDisk.bytes }
  // Filtered: only git can say into what. It writes the blob to an object directory of ours,
  // inside the git directory (nothing is written outside the repository), removed afterwards.
  const gitDir = (await runGit(ctx, ['rev-parse', '--absolute-git-dir'])).stdout.trim()
  const objects = mkdtempSync(join(gitDir, 'precommit-guard-objects-'))
  try {
    const own = { ...ctx, env: { ...ctx.env, GIT_OBJECT_DIRECTORY: objects } }
    const written = (await runGit(own, ['hash-object', '-w', ...hash.slice(1)])).stdout.trim()
    const bytes = (await readBlobs(own, [written])).get(written)
    if (!bytes) throw new InternalError(`git did not store the blob of ${JSON.stringify(path)}`)
    return { oid: written, bytes }
  } finally {
    rmSync(objects, { recursive: true, force: true })
  }
}

/** The id git gives `bytes` as a blob: SHA-1, or SHA-256 in a repository whose ids are that long. */
function blobId(bytes: Buffer, idLength: number): string {
  return createHash(idLength === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex')
}
