import { CATEGORIES } from '../rules/categories.js'
import type { Finding, Recovery, RecoveryFacts, RecoveryUnit } from '../types.js'
import { removalCommand, restoreCommand } from './commands.js'
import { planGitignore, unignorableOffenders } from './gitignore.js'
import { planRewrite } from './rewrite.js'
import { collapseUnits } from './units.js'

/**
 * Plan the recovery: which units to untrack, how, and which `.gitignore` lines to append.
 * Blocked and warned findings are planned apart: a warning's commands and lines are optional
 * (printed as such, never run by --fix), and a folder never mixes the two.
 */
export function planRecovery(facts: RecoveryFacts): Recovery {
  const blockedFindings = facts.findings.filter((f) => f.severity === 'block')
  const warnedFindings = facts.findings.filter((f) => f.severity !== 'block')
  const collapse = (findings: readonly Finding[]) =>
    collapseUnits(findings, facts.knownPaths, facts.needsForce)
  // The staged report lists units in the category table's order; commit rewrites keep the
  // units' own order. The .gitignore lines follow the units.
  const order = facts.commits ? (units: RecoveryUnit[]) => units : sortUnits
  const blocked = order(collapse(blockedFindings))
  const warned = warnedFindings.length > 0 ? order(collapse(warnedFindings)) : []
  const inputFor = (units: readonly RecoveryUnit[]) => ({
    units,
    rootGitignore: facts.rootGitignore,
    alreadyIgnored: facts.alreadyIgnored,
    innocentPaths: facts.innocentPaths,
    gitignoreOf: facts.gitignoreOf,
    ignoreCase: facts.ignoreCase,
    allow: facts.allow,
  })
  const gitignoreFor = (units: readonly RecoveryUnit[]) =>
    units.length === 0 ? [] : planGitignore(inputFor(units))
  const gitignore = gitignoreFor(blocked)
  // Offenders no line can name (a line break in the name) are reported, to be renamed.
  const unignorable = blocked.length === 0 ? [] : unignorableOffenders(inputFor(blocked), gitignore)
  const units = [...blocked, ...warned]
  const optionalGitignore =
    warned.length === 0 ? [] : gitignoreFor(units).filter((line) => !gitignore.includes(line))
  if (facts.commits) {
    // Warnings never rewrite a commit.
    const optional = { gitignore, unignorable, optionalCommands: [], optionalGitignore }
    if (blocked.length === 0) return { units, commands: [], ...optional }
    const { rewrite, commands } = planRewrite({
      units: blocked,
      commits: facts.commits.walked,
      tips: facts.commits.amendable,
      sparse: facts.sparseCheckout,
    })
    return { units, commands, rewrite, ...optional }
  }
  return {
    units,
    commands: [
      // A skip-worktree offender whose only copy is the index is written to disk first.
      ...(facts.restoreFirst ?? []).map((path) => restoreCommand(path)),
      ...blocked.map((unit) => removalCommand(unit, facts.sparseCheckout)),
    ],
    gitignore,
    unignorable,
    optionalCommands: warned.map((unit) => removalCommand(unit, facts.sparseCheckout)),
    optionalGitignore,
  }
}

const CATEGORY_ORDER: readonly string[] = CATEGORIES.map((category) => category.id)

/** In the category table's order, then by path. */
function sortUnits(units: RecoveryUnit[]): RecoveryUnit[] {
  const rank = (unit: RecoveryUnit) => {
    const index = CATEGORY_ORDER.indexOf(unit.findings[0]!.category)
    return index === -1 ? 50 : index
  }
  return units.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
