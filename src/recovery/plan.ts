import { CATEGORIES } from '../rules/categories.js'
import type { Finding, IgnoreRule, LoggedCommit, Recovery, RecoveryUnit } from '../types.js'
import { removalCommand } from './commands.js'
import { planGitignore } from './gitignore.js'
import { planRewrite } from './rewrite.js'
import { collapseUnits } from './units.js'

/**
 * Everything the planner needs to know, gathered beforehand from git and the disk by the
 * command that runs it. Planning itself reads nothing: the same facts give the same plan.
 */
export interface RecoveryFacts {
  /** The offenders to take out (content advice excluded: it is an edit, never a `git rm`). */
  findings: readonly Finding[]
  /** Every path the index (or the commits' trees) holds below the offenders' directories. */
  knownPaths: Iterable<string>
  /** Offenders that `git rm --cached` would refuse without -f. */
  needsForce: ReadonlySet<string>
  /** Offenders that git's own ignore rules already cover. */
  alreadyIgnored: ReadonlyMap<string, IgnoreRule>
  /** The root `.gitignore` as it is now ('' when missing). */
  rootGitignore: string
  /** Judged paths that are not offenders: appending our lines must never ignore them. */
  innocentPaths: readonly string[]
  gitignoreOf: (ruleId: string) => readonly string[]
  ignoreCase: boolean
  /** The directory the commands are run from, relative to the top (`Repo.prefix`). */
  prefix: string
  /** `core.sparseCheckout`: `git rm` needs `--sparse` (plain removals and rewrites alike). */
  sparseCheckout: boolean
  /**
   * `--range`/`--pre-receive`: the offenders are in commits, not (only) in the index; they
   * are taken out by amending the tip or by a rebase instead of a plain `git rm --cached`.
   */
  commits?: { walked: readonly LoggedCommit[]; amendable: readonly string[] }
}

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
