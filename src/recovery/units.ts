import { posix } from 'node:path'
import type { Finding } from '../types.js'
import { literalPathspec, shellQuote } from './quote.js'

/** One thing to take out of the index: a file, or a directory whose entries all offend. */
export interface RecoveryUnit {
  /** Root-relative path; a directory has no trailing slash. */
  path: string
  isDir: boolean
  /** `git rm --cached` would refuse without -f (staged content differs from HEAD and file). */
  force: boolean
  findings: Finding[]
}

export interface Command {
  /** Arguments after `git`, exactly as `--fix` runs them. */
  args: string[]
  /** The same command, shell-quoted, for printing. */
  text: string
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? '' : path.slice(0, slash)
}

/**
 * Collapse findings into units: the topmost directory in which every index entry is an
 * offender becomes one unit (a staged venv of 5,000 files is one line); other offenders stay
 * single files. `indexPaths` must hold every index path below the offenders' directories, so
 * a directory that also holds an allowed or innocent file is never removed whole.
 */
export function collapseUnits(
  findings: readonly Finding[],
  indexPaths: Iterable<string>,
  needsForce: ReadonlySet<string>,
): RecoveryUnit[] {
  const offending = new Map<string, number>() // dir -> offenders below it
  for (const finding of findings) {
    for (let dir = parentOf(finding.path); dir !== ''; dir = parentOf(dir)) {
      offending.set(dir, (offending.get(dir) ?? 0) + 1)
    }
  }
  const total = new Map<string, number>() // dir -> index entries below it (candidate dirs only)
  for (const path of indexPaths) {
    for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) {
      if (offending.has(dir)) total.set(dir, (total.get(dir) ?? 0) + 1)
    }
  }
  const full = (dir: string) => offending.get(dir) === total.get(dir)

  const units = new Map<string, RecoveryUnit>()
  for (const finding of findings) {
    let top = ''
    for (let dir = parentOf(finding.path); dir !== ''; dir = parentOf(dir)) {
      if (full(dir)) top = dir
    }
    const key = top === '' ? finding.path : top
    let unit = units.get(key)
    if (!unit) {
      unit = { path: key, isDir: top !== '', force: false, findings: [] }
      units.set(key, unit)
    }
    unit.findings.push(finding)
    if (needsForce.has(finding.path)) unit.force = true
  }
  return [...units.values()]
}

/**
 * `git rm [-r] --cached [-f] [--sparse] -- <path>` for a unit, valid from the directory `prefix`.
 * In a sparse checkout git rm refuses entries outside the cone unless given `--sparse`.
 */
export function removalCommand(unit: RecoveryUnit, prefix: string, sparse = false): Command {
  const relative = posix.relative(prefix.replace(/\/$/, ''), unit.path) || '.'
  const args = [
    'rm',
    ...(unit.isDir ? ['-r'] : []),
    '--cached',
    ...(unit.force ? ['-f'] : []),
    ...(sparse ? ['--sparse'] : []),
    '--',
    literalPathspec(relative),
  ]
  return { args, text: ['git', ...args].map(shellQuote).join(' ') }
}
