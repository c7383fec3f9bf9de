import { CATEGORIES } from '../rules/categories.js'
import type { Recovery, RecoveryFacts, RecoveryUnit } from '../types.js'
import { removalCommand } from './commands.js'
import { planGitignore } from './gitignore.js'
import { planRewrite } from './rewrite.js'
import { collapseUnits } from './units.js'

/** Plan the recovery: which units to untrack, how, and which `.gitignore` lines to append. */
export function planRecovery(facts: RecoveryFacts): Recovery {
  const collapsed = collapseUnits(facts.findings, facts.knownPaths, facts.needsForce)
  // The staged report lists blocked units first; commit rewrites keep the units' own order.
  const units = facts.commits ? collapsed : sortUnits(collapsed)
  const gitignore = planGitignore({
    units,
    rootGitignore: facts.rootGitignore,
    alreadyIgnored: facts.alreadyIgnored,
    innocentPaths: facts.innocentPaths,
    gitignoreOf: facts.gitignoreOf,
    ignoreCase: facts.ignoreCase,
    allow: facts.allow,
  })
  if (facts.commits) {
    const { rewrite, commands } = planRewrite({
      units,
      commits: facts.commits.walked,
      tips: facts.commits.amendable,
      prefix: facts.prefix,
      sparse: facts.sparseCheckout,
    })
    return { units, commands, gitignore, rewrite }
  }
  const commands = units.map((unit) => removalCommand(unit, facts.prefix, facts.sparseCheckout))
  return { units, commands, gitignore }
}

const CATEGORY_ORDER: readonly string[] = CATEGORIES.map((category) => category.id)

/** Blocked before warned, then in the category table's order, then by path. */
function sortUnits(units: RecoveryUnit[]): RecoveryUnit[] {
  const rank = (unit: RecoveryUnit) => {
    const blocked = unit.findings.some((f) => f.severity === 'block') ? 0 : 1
    const index = CATEGORY_ORDER.indexOf(unit.findings[0]!.category)
    return blocked * 100 + (index === -1 ? 50 : index)
  }
  return units.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
