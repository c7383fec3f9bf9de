import { readFile } from 'node:fs/promises'

/**
 * A read-only look at the sizes git recorded in the index file (gitformat-index(5)): each entry
 * keeps the size of the file as it was staged, so no object needs opening to know which staged
 * files are big. Only versions 2 to 4 of a plain index are read; anything else (a split index,
 * an unknown version, a short file) returns undefined and the caller asks git instead.
 */

const HEADER = 12
/** ctime, mtime (8 bytes each), dev, ino, mode, uid, gid, size (4 bytes each). */
const STAT_BYTES = 40
const SIZE_OFFSET = 36
const MODE_OFFSET = 24
const EXTENDED = 0x4000
const NAME_MASK = 0x0fff

/** What the index recorded of a file when it was staged: its size (low 32 bits) and mtime. */
export interface RecordedStat {
  size: number
  mtimeSec: number
  mtimeNsec: number
}

/**
 * `over`: paths (root-relative, as git stores them) whose recorded size is above `minBytes`,
 * or 0 (an entry not staged from a file, such as one written by `update-index --cacheinfo`:
 * unknown). `small`: the others, with what was recorded: the size is the file's before any
 * clean filter, and only its low 32 bits, so the caller must prove each of them small.
 * Only regular files count. `oidBytes` is 20 (SHA-1) or 32 (SHA-256).
 */
export async function indexPathsOver(
  indexFile: string,
  minBytes: number,
  oidBytes: number,
): Promise<{ over: Set<string>; small: Map<string, RecordedStat> } | undefined> {
  let data: Buffer
  try {
    data = await readFile(indexFile)
  } catch {
    return undefined
  }
  return parseIndexSizes(data, minBytes, oidBytes)
}

/** mtime seconds and nanoseconds (after the 8 bytes of ctime). */
const MTIME_OFFSET = 8

function parseIndexSizes(
  data: Buffer,
  minBytes: number,
  oidBytes: number,
): { over: Set<string>; small: Map<string, RecordedStat> } | undefined {
  if (data.length < HEADER || data.toString('latin1', 0, 4) !== 'DIRC') return undefined
  const version = data.readUInt32BE(4)
  const count = data.readUInt32BE(8)
  if (version < 2 || version > 4) return undefined
  const found = new Set<string>()
  const small = new Map<string, RecordedStat>()
  let pos = HEADER
  // v4 paths are compressed against the previous one, rebuilt in place in `scratch`.
  let scratch = Buffer.alloc(4096)
  let previousLength = 0
  for (let i = 0; i < count; i++) {
    const start = pos
    const flagsAt = start + STAT_BYTES + oidBytes
    if (flagsAt + 2 > data.length) return undefined
    const mode = data.readUInt32BE(start + MODE_OFFSET)
    const size = data.readUInt32BE(start + SIZE_OFFSET)
    const flags = data.readUInt16BE(flagsAt)
    pos = flagsAt + 2 + (version >= 3 && flags & EXTENDED ? 2 : 0)
    // The name's bytes: `names` from `nameStart` to `nameEnd` (no Buffer view made per entry).
    let names: Buffer = data
    let nameStart: number
    let nameEnd: number
    if (version === 4) {
      // The offset varint of gitformat-index(5), as git's varint.c decodes it.
      if (pos >= data.length) return undefined
      let byte = data[pos++]!
      let strip = byte & 0x7f
      while (byte & 0x80) {
        if (pos >= data.length) return undefined
        byte = data[pos++]!
        strip = ((strip + 1) << 7) + (byte & 0x7f)
      }
      const nul = data.indexOf(0, pos)
      if (nul === -1 || strip > previousLength) return undefined
      const length = previousLength - strip + (nul - pos)
      if (length > scratch.length) scratch = Buffer.concat([scratch, Buffer.alloc(length)])
      data.copy(scratch, previousLength - strip, pos, nul)
      previousLength = length
      names = scratch
      nameStart = 0
      nameEnd = length
      pos = nul + 1
    } else {
      const length = flags & NAME_MASK
      const nul = length < NAME_MASK ? pos + length : data.indexOf(0, pos)
      if (nul === -1 || nul > data.length) return undefined
      nameStart = pos
      nameEnd = nul
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      pos = start + ((nul - start + 8) & ~7)
    }
    // Regular files only (mode 0100644/0100755): not symlinks, gitlinks or sparse directories.
    if ((mode & 0o170000) === 0o100000) {
      const path = names.toString('utf8', nameStart, nameEnd)
      if (size === 0 || size > minBytes) found.add(path)
      else {
        small.set(path, {
          size,
          mtimeSec: data.readUInt32BE(start + MTIME_OFFSET),
          mtimeNsec: data.readUInt32BE(start + MTIME_OFFSET + 4),
        })
      }
    }
  }
  // Extensions follow the entries; with `link` (a split index) most entries live in the shared
  // index, so this file alone would hide them.
  while (pos + 8 <= data.length - oidBytes) {
    if (data.toString('latin1', pos, pos + 4) === 'link') return undefined
    pos += 8 + data.readUInt32BE(pos + 4)
  }
  return { over: found, small }
}
