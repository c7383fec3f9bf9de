import { stat } from 'node:fs/promises'
import type { StagedEntry } from '../types.js'
import { EMPTY_BLOBS, readBlobs, readBlobSizes, readIndexSizes } from './blobs.js'
import type { GitContext } from './exec.js'
import { indexPathsOver } from './index-file.js'

/** Up to this many staged blobs, their sizes may be asked of git directly. */
const DIRECT_LIMIT = 2000

/** An index file this small (~12,000 entries) is cheaper to read than to spawn git for. */
const SMALL_INDEX_BYTES = 1024 * 1024

const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1'
const REGULAR = new Set(['100644', '100755'])

/**
 * Staged blobs bigger than `threshold`, read in one `git cat-file --batch-check` (object ids on
 * stdin). Deletions, symlinks, submodules and the empty blob are skipped. On a huge stage, or
 * when the index file is small, the file sizes recorded in the index (read directly, no object
 * opened) pick the few entries worth asking about, usually none, so no git process runs at all:
 * freshly staged blobs are loose objects, ~12 µs each to open. Git LFS pointers are exempt:
 * they are small text blobs, and only a tiny threshold could reach one.
 */
export async function findLargeFiles(
  ctx: GitContext,
  entries: readonly StagedEntry[],
  threshold: number,
  indexFile: string,
): Promise<{ entry: StagedEntry; bytes: number }[]> {
  let candidates = entries.filter(
    (entry) => REGULAR.has(entry.mode) && entry.oid && !EMPTY_BLOBS.has(entry.oid),
  )
  if (candidates.length === 0) return []
  const indexBytes = (await stat(indexFile).catch(() => undefined))?.size
  if (candidates.length > DIRECT_LIMIT || (indexBytes ?? Infinity) <= SMALL_INDEX_BYTES) {
    // Half the threshold leaves room for clean filters and CRLF conversion; 0 means unknown.
    const oidBytes = candidates[0]!.oid!.length / 2
    const worth = await indexPathsOver(indexFile, threshold / 2, oidBytes)
    if (worth) {
      candidates = candidates.filter((entry) => worth.has(entry.path))
    } else if (candidates.length > DIRECT_LIMIT) {
      // An index this reader does not know (split index, new version): ask git for the sizes.
      const recorded = await readIndexSizes(ctx)
      candidates = candidates.filter((entry) => {
        const size = recorded.get(entry.path)
        return size === undefined || size === 0 || size > threshold / 2
      })
    }
  }
  const sizes = await readBlobSizes(
    ctx,
    candidates.map((entry) => entry.oid!),
  )
  const large = candidates.flatMap((entry) => {
    const bytes = sizes.get(entry.oid!)
    return bytes !== undefined && bytes > threshold ? [{ entry, bytes }] : []
  })
  const small = large.filter(({ bytes }) => bytes < 1024)
  if (small.length === 0) return large
  const blobs = await readBlobs(
    ctx,
    small.map(({ entry }) => entry.oid!),
  )
  return large.filter(({ entry }) => !isLfsPointer(blobs.get(entry.oid!)))
}

function isLfsPointer(blob: Buffer | undefined): boolean {
  return blob !== undefined && blob.length < 1024 && blob.toString('latin1').startsWith(LFS_POINTER)
}

/**
 * `findLargeFiles` for blobs in hand rather than in the object store (`explain` of a file that
 * is only on disk: no object store holds its blob, and the index has no size for it). Same
 * rules: regular files only, above the threshold, Git LFS pointers exempt.
 */
export function largeBlobsIn(
  entries: readonly StagedEntry[],
  blobs: ReadonlyMap<string, Buffer>,
  threshold: number,
): { entry: StagedEntry; bytes: number }[] {
  return entries.flatMap((entry) => {
    const blob = blobs.get(entry.path)
    return blob && REGULAR.has(entry.mode) && blob.length > threshold && !isLfsPointer(blob)
      ? [{ entry, bytes: blob.length }]
      : []
  })
}
