import { lstatSync, readdirSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, posix } from 'node:path'
import type { StagedEntry } from '../types.js'
import { EMPTY_BLOBS, readBlobs, readBlobSizes, readIndexSizes } from './blobs.js'
import { runGit, splitNul, type GitContext } from './exec.js'
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
 * freshly staged blobs are loose objects, ~12 µs each to open. A recorded size counts only
 * where it must be the blob's (see `sizeCandidates`). Git LFS pointers are exempt:
 * they are small text blobs, and only a tiny threshold could reach one.
 */
export async function findLargeFiles(
  ctx: GitContext,
  entries: readonly StagedEntry[],
  threshold: number,
  where: IndexWhere,
): Promise<{ entry: StagedEntry; bytes: number }[]> {
  const candidates = await sizeCandidates(ctx, entries, threshold, where)
  if (candidates.length === 0) return []
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

/**
 * Whether the index's record proves a staged file small: the file on disk is the one that was
 * staged (same mtime and size) and its full size agrees with the recorded one. The index keeps
 * only 32 bits of the size, so a file of 4 GiB and 100 bytes is recorded as 100 bytes; its
 * size on disk then disagrees, and git is asked. A missing or changed file proves nothing.
 */
function provenSmall(
  top: string,
  path: string,
  recorded: { size: number; mtimeSec?: number; mtimeNsec?: number } | undefined,
): boolean {
  if (recorded === undefined) return false
  let onDisk
  try {
    onDisk = lstatSync(`${top}/${path}`, { bigint: true, throwIfNoEntry: false })
  } catch {
    return false
  }
  if (!onDisk?.isFile() || onDisk.size !== BigInt(recorded.size)) return false
  if (recorded.mtimeSec === undefined) return true
  return (
    onDisk.mtimeNs / 1_000_000_000n === BigInt(recorded.mtimeSec) &&
    (recorded.mtimeNsec === 0 ||
      onDisk.mtimeNs % 1_000_000_000n === BigInt(recorded.mtimeNsec ?? 0))
  )
}

/** Paths among `entries` that a `filter` attribute gives a clean filter (one `check-attr`). */
async function filteredPaths(
  ctx: GitContext,
  prefix: string,
  entries: readonly StagedEntry[],
): Promise<Set<string>> {
  // check-attr reads file names (not pathspecs) relative to the cwd.
  const base = prefix.replace(/\/$/, '')
  const relative = base === '' ? (p: string) => p : (p: string) => posix.relative(base, p)
  const { stdout } = await runGit(ctx, ['check-attr', '-z', '--stdin', 'filter'], {
    input: entries.map((entry) => `${relative(entry.path)}\0`).join(''),
  })
  const fields = splitNul(stdout)
  const found = new Set<string>()
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const value = fields[i + 2]
    if (value !== 'unspecified' && value !== 'unset') found.add(entries[i / 3]!.path)
  }
  return found
}

/** Where the staged entries' index is, and what decides whether its recorded sizes hold. */
export interface IndexWhere {
  indexFile: string
  top: string
  prefix: string
  /** A clean filter is configured: a filtered blob's size is not its file's. */
  cleanFilters: boolean
  /** The object directory, and git's core.bigFileThreshold (see `looseBelow4GiB`). */
  objectDir?: string
  bigFileThreshold?: number
}

/** From this many entries on, one listing of the loose objects is cheaper than a stat each. */
const LOOSE_LISTING_FROM = 256
const FOUR_GIB = 2 ** 32

/**
 * Those of `oids` stored loose, when that alone proves a blob smaller than 4 GiB, so that its
 * recorded size (the low 32 bits) is its size: `git add` streams a file above
 * core.bigFileThreshold (512 MiB unless set) straight into a pack, so a loose blob staged from
 * a file is below it. Listing the 256 fan-out folders once replaces a stat of every file of a
 * huge stage (100,000 stats took ~450 ms). Packed blobs, and every blob when the threshold is
 * 4 GiB or more, are still proven by their file on disk.
 */
function looseBelow4GiB(where: IndexWhere, oids: readonly string[]): Set<string> | undefined {
  const { objectDir, bigFileThreshold } = where
  if (objectDir === undefined || bigFileThreshold === undefined || bigFileThreshold >= FOUR_GIB) {
    return undefined
  }
  const byFolder = new Map<string, string[]>()
  for (const oid of oids) {
    const folder = oid.slice(0, 2)
    const group = byFolder.get(folder)
    if (group) group.push(oid)
    else byFolder.set(folder, [oid])
  }
  const loose = new Set<string>()
  for (const [folder, group] of byFolder) {
    let names: Set<string>
    try {
      names = new Set(readdirSync(join(objectDir, folder)))
    } catch {
      continue // no loose object in this folder
    }
    for (const oid of group) if (names.has(oid.slice(2))) loose.add(oid)
  }
  return loose
}

/**
 * The staged entries whose blob size git must be asked: all regular, non-empty ones, less
 * those the index's records prove small (see `provenSmall`), when reading the index is the
 * cheaper route. Entries a clean filter applies to are always asked about.
 */
export async function sizeCandidates(
  ctx: GitContext,
  entries: readonly StagedEntry[],
  threshold: number,
  where: IndexWhere,
): Promise<StagedEntry[]> {
  const candidates = entries.filter(
    (entry) => REGULAR.has(entry.mode) && entry.oid && !EMPTY_BLOBS.has(entry.oid),
  )
  if (candidates.length === 0) return []
  const indexBytes = (await stat(where.indexFile).catch(() => undefined))?.size
  if (candidates.length <= DIRECT_LIMIT && (indexBytes ?? Infinity) > SMALL_INDEX_BYTES) {
    return candidates
  }
  // Half the threshold leaves room for CRLF conversion; 0 means unknown.
  const oidBytes = candidates[0]!.oid!.length / 2
  const worth = await indexPathsOver(where.indexFile, threshold / 2, oidBytes)
  let recordedSmall: (entry: StagedEntry) => boolean
  if (worth) {
    const loose =
      candidates.length >= LOOSE_LISTING_FROM
        ? looseBelow4GiB(
            where,
            candidates.map((entry) => entry.oid!),
          )
        : undefined
    recordedSmall = (entry) => {
      if (worth.over.has(entry.path)) return false
      const recorded = worth.small.get(entry.path)
      return (
        (recorded !== undefined && loose?.has(entry.oid!) === true) ||
        provenSmall(where.top, entry.path, recorded)
      )
    }
  } else if (candidates.length > DIRECT_LIMIT) {
    // An index this reader does not know (split index, new version): ask git for the sizes.
    const recorded = await readIndexSizes(ctx)
    recordedSmall = (entry) => {
      const size = recorded.get(entry.path)
      return (
        size !== undefined &&
        size !== 0 &&
        size <= threshold / 2 &&
        provenSmall(where.top, entry.path, { size })
      )
    }
  } else {
    return candidates
  }
  const small = new Set(candidates.filter(recordedSmall))
  if (small.size === 0) return candidates
  // The recorded size is the file's before its clean filter: a filtered blob may be any size.
  const filtered = where.cleanFilters
    ? await filteredPaths(ctx, where.prefix, [...small])
    : new Set<string>()
  return candidates.filter((entry) => !small.has(entry) || filtered.has(entry.path))
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
