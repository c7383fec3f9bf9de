import { parentOf } from '../rules/repo-path.js'
import type { Finding, RecoveryUnit } from '../types.js'

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
