import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Report } from '../commands/check.js'
import { checkIgnoreRules } from '../git/check-ignore.js'
import { listIndexPaths, listWorktreeChanged } from '../git/staged.js'
import { CATEGORIES, SECRET_CATEGORIES } from '../rules/categories.js'
import type { Matcher } from '../rules/match.js'
import type { StagedEntry } from '../types.js'
import { planGitignore } from './gitignore.js'
import { collapseUnits, removalCommand, type RecoveryUnit } from './units.js'

const IN_HEAD = new Set(['M', 'T', '='])

/**
 * Fill in the recovery of a report with findings: ask git which offenders it already ignores,
 * which need -f, and what else the index holds below them; then collapse and plan.
 */
export async function planRecovery(
  report: Report,
  entries: readonly StagedEntry[],
  matcher: Matcher,
  haveWholeIndex: boolean,
): Promise<Report> {
  const { repo, findings } = report
  const { ctx } = repo
  const offenderPaths = findings.map((finding) => finding.path)
  const topDirs = [
    ...new Set(offenderPaths.filter((p) => p.includes('/')).map((p) => p.split('/')[0]!)),
  ]
  // Scope the working-tree diff to the offenders' top folders and files, so that a 100,000-path
  // stage does not make git stat every file of the working tree (at most 64 pathspecs).
  const topFiles = offenderPaths.filter((p) => !p.includes('/'))
  const [indexPaths, worktreeChanged, ignoreRules] = await Promise.all([
    // Offenders only at the top level collapse into no directory: no index listing needed.
    haveWholeIndex
      ? entries.map((entry) => entry.path)
      : topDirs.length > 0
        ? listIndexPaths(ctx, topDirs)
        : [],
    listWorktreeChanged(ctx, [...topDirs, ...topFiles]),
    checkIgnoreRules(ctx, repo.prefix, offenderPaths),
  ])
  // `git rm --cached` refuses when the staged content differs from both HEAD and the file.
  // On a temporary index the user's real index may differ, so -f is always given there.
  const needsForce = new Set(
    findings
      .filter((f) => f.status !== '=' && (report.temporaryIndex || worktreeChanged.has(f.path)))
      .map((f) => f.path),
  )
  const units = sortUnits(collapseUnits(findings, indexPaths, needsForce))
  const offenders = new Set(offenderPaths)
  report.units = units
  report.commands = units.map((unit) => removalCommand(unit, repo.prefix, repo.sparseCheckout))
  const forceAdded = ignoreRules.ignored
  report.forceAdded = forceAdded
  report.reincluded = ignoreRules.reincluded
  report.envInHead = findings
    .filter((f) => SECRET_CATEGORIES.has(f.category) && IN_HEAD.has(f.status))
    .map((f) => f.path)
  report.gitignore = planGitignore({
    units,
    rootGitignore: readRootGitignore(repo.top),
    alreadyIgnored: forceAdded,
    innocentPaths: entries
      .map((entry) => entry.path)
      .filter((path) => !offenders.has(path) && matcher.couldMatch(path)),
    gitignoreOf: (ruleId) => matcher.gitignoreOf(ruleId),
    ignoreCase: repo.ignoreCase,
  })
  return report
}

const CATEGORY_ORDER: readonly string[] = CATEGORIES.map((category) => category.id)

function sortUnits(units: RecoveryUnit[]): RecoveryUnit[] {
  const rank = (unit: RecoveryUnit) => {
    const blocked = unit.findings.some((f) => f.severity === 'block') ? 0 : 1
    const index = CATEGORY_ORDER.indexOf(unit.findings[0]!.category)
    return blocked * 100 + (index === -1 ? 50 : index)
  }
  return units.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

export function readRootGitignore(top: string): string {
  try {
    return readFileSync(join(top, '.gitignore'), 'utf8')
  } catch {
    // No readable root .gitignore: plan against no rules (the lines are then all new).
    return ''
  }
}
