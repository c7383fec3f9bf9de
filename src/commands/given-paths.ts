import { lstatSync } from 'node:fs'
import { join } from 'node:path'
import { printable, UsageError } from '../errors.js'
import type { GitContext } from '../git/exec.js'
import { listIndex, listStagedDeletions } from '../git/staged.js'
import { shellQuote } from '../recovery/quote.js'
import type { StagedEntry } from '../types.js'
import { resolvePathArgs, selectByPaths } from '../worktree/path-args.js'

/** What `paths...` select, and what a blocked selection is judged against instead. */
export interface GivenPaths {
  /** The index entries the paths name, staged or already tracked. */
  entries: StagedEntry[]
  /**
   * lint-staged and the pre-commit framework split one commit's paths into several runs.
   * When the selection holds an offender, the whole of what they split is judged, so every
   * run prints the same complete recovery: the staged change when every path was a staged
   * file, the whole index when one was tracked (`pre-commit run --all-files`).
   */
  whole: { entries: StagedEntry[]; isIndex: boolean }
}

/**
 * Select the index entries named by `paths...`. The usual case (lint-staged, `pre-commit
 * run`: every path a staged file) costs one lookup per path in the staged listing; anything
 * else reads the index. A path that names neither an index entry nor a staged deletion (the
 * fix, never an offence) is a usage error.
 */
export async function selectGivenPaths(input: {
  ctx: GitContext
  top: string
  args: readonly string[]
  /** The listing already read: the staged change, or the whole index (`isIndex`). */
  listing: readonly StagedEntry[]
  isIndex: boolean
}): Promise<GivenPaths> {
  const { ctx, args, listing } = input
  const repoPaths = resolvePathArgs(args, ctx.cwd, input.top)
  if (!input.isIndex) {
    const byPath = new Map(listing.map((entry) => [entry.path, entry]))
    const missing = repoPaths.filter((path) => !byPath.has(path))
    const deleted =
      missing.length > 0
        ? new Set((await listStagedDeletions(ctx)).map((entry) => entry.path))
        : new Set<string>()
    if (missing.every((path) => deleted.has(path))) {
      const entries = [...new Set(repoPaths)].flatMap((path) => byPath.get(path) ?? [])
      return { entries, whole: { entries: [...listing], isIndex: false } }
    }
  }
  const index = input.isIndex ? [...listing] : await listIndex(ctx, Promise.resolve([...listing]))
  const { selected, unmatched } = selectByPaths(index, repoPaths)
  if (unmatched.length > 0) {
    const deletions = await listStagedDeletions(ctx)
    const stillUnmatched = selectByPaths(
      deletions,
      unmatched.map((at) => repoPaths[at]!),
    ).unmatched.map((at) => unmatched[at]!)
    if (stillUnmatched.length > 0) {
      throw notInIndexError(
        stillUnmatched.map((at) => args[at]!),
        join(input.top, repoPaths[stillUnmatched[0]!]!),
      )
    }
  }
  return { entries: selected, whole: { entries: index, isIndex: true } }
}

/** A missing file is likely a typo; an existing one was never staged or tracked. */
function notInIndexError(args: readonly string[], firstOnDisk: string): UsageError {
  const first = args[0]!
  const more = args.length > 1 ? ` (and ${args.length - 1} more)` : ''
  const exists = lstatSync(firstOnDisk, { throwIfNoEntry: false }) !== undefined
  if (!exists) {
    return new UsageError(
      `no such file, on disk or in the index: ${printable(first)}${more}`,
      'check the path (a relative path is taken from the current directory)',
    )
  }
  // A name with control characters cannot be pasted as printed: show it escaped, bare.
  // A leading `-` would be read as an option.
  const pasted =
    printable(first) !== first
      ? printable(first)
      : shellQuote(first.startsWith('-') ? `./${first}` : first)
  return new UsageError(
    `not in the index (neither staged nor tracked), so there is nothing to judge: ${printable(first)}${more}`,
    `to see how it would be judged once staged: precommit-guard explain ${pasted}`,
  )
}
