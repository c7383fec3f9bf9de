import { basename } from 'node:path'
import type { GitContext } from '../git/exec.js'
import { listCommitAll, listIndex, listStaged } from '../git/staged.js'
import { ADVICE_CATEGORIES } from '../rules/categories.js'
import type { ConfigRules, Finding, Mode, RefUpdate, Report, StagedEntry } from '../types.js'
import { diskProbe } from '../worktree/disk-probe.js'
import { selectGivenPaths } from './given-paths.js'
import { judgeEntries } from './judge.js'
import { assembleReport, openRepoAndRules, secretsInHead } from './shared.js'

export interface CheckOptions {
  ctx: GitContext
  mode: Mode
  /** `paths...` from the command line; empty means the whole selection. */
  paths?: readonly string[]
  /** Rules given directly; when absent, the configuration file is found and loaded. */
  rules?: ConfigRules
  /** `--config <file>`, relative to `ctx.cwd`; otherwise the repository root is searched. */
  config?: string | undefined
  /** `--range A..B` (mode `range`). */
  range?: string
  /** The ref updates of `--pre-receive` or `--pre-push` (old: the remote's id, new: the pushed one). */
  updates?: readonly RefUpdate[]
  /**
   * Mode `staged`: judge what `git commit -a` would commit (tracked changes not yet staged
   * too), as `--fix` does when a blocked `commit -a` left nothing staged in the real index.
   */
  commitAll?: boolean
}

/**
 * The library's entry point: judge the staged change (or `--all`, or commits for `range`,
 * `pre-receive` and `pre-push`) and plan the recovery. Reads git and the disk, writes nothing.
 */
export async function runCheck(options: CheckOptions): Promise<Report> {
  if (options.mode === 'range' || options.mode === 'pre-receive' || options.mode === 'pre-push') {
    // CI, server and push only: never loaded by the pre-commit hook.
    const { runCommitsCheck } = await import('./commits.js')
    return runCommitsCheck({
      ctx: options.ctx,
      config: options.config,
      rules: options.rules,
      source:
        options.mode === 'range'
          ? { kind: 'range', range: options.range ?? '' }
          : { kind: options.mode, updates: options.updates ?? [] },
    })
  }
  return runStagedCheck({ ...options, mode: options.mode })
}

/** repo -> select paths -> judge -> gather the recovery's facts -> plan. */
async function runStagedCheck(options: CheckOptions & { mode: 'staged' | 'all' }): Promise<Report> {
  const { ctx } = options
  // The listing does not depend on the repository facts, so both start at once.
  const listing =
    options.mode === 'all'
      ? listIndex(ctx)
      : options.commitAll
        ? listCommitAll(ctx)
        : listStaged(ctx)
  listing.catch(() => {}) // awaited below; openRepo's error (e.g. not a repo) is reported first
  const { repo, rules, matcher } = await openRepoAndRules(ctx, options.config, {
    rules: options.rules,
  })
  let entries = await listing
  let haveWholeIndex = options.mode === 'all'
  const given =
    options.paths && options.paths.length > 0
      ? await selectGivenPaths({
          ctx,
          top: repo.top,
          args: options.paths,
          listing: entries,
          isIndex: haveWholeIndex,
        })
      : undefined
  if (given) entries = given.entries
  const probe = diskProbe(repo.top)
  const temporaryIndex = isTemporaryIndex(ctx.env)
  // Content advice (templates, drift, big files) is recovered by editing, never by `git rm`.
  const removableOf = (all: readonly Finding[]) =>
    all.filter((finding) => !ADVICE_CATEGORIES.has(finding.category))
  // The recovery's git questions depend only on which paths are removed: they start as soon as
  // the paths are judged, while the content of the few ambiguous ones is still being read.
  let early: EarlyFacts | undefined
  const startFacts = (removable: readonly Finding[]): EarlyFacts => {
    const judged = { repo, matcher, entries, removable, temporaryIndex, haveWholeIndex }
    const facts = import('./staged-facts.js').then(({ gatherStagedFacts }) =>
      gatherStagedFacts(judged),
    )
    facts.catch(() => {}) // awaited only when the final verdict removes the same paths
    return { entries, key: removalKey(removable), facts }
  }
  const judge = () =>
    judgeEntries({
      ctx,
      repo,
      rules,
      matcher,
      entries,
      probe,
      onPathVerdict: (pathFindings) => {
        const removable = removableOf(pathFindings)
        early = removable.length > 0 ? startFacts(removable) : undefined
      },
    })
  let findings = await judge()
  // The pre-commit framework sets PRE_COMMIT=1 for the hooks it runs.
  const preCommitFramework = ctx.env.PRE_COMMIT === '1'
  let removable = removableOf(findings)
  if (given && removable.length > 0 && given.whole.entries.length > entries.length) {
    // One run of several: judge all of them, so that the recovery is whole in every run.
    entries = given.whole.entries
    haveWholeIndex = given.whole.isIndex
    findings = await judge()
    removable = removableOf(findings)
  }
  const verdict = { mode: options.mode, findings, rules, temporaryIndex, preCommitFramework }
  if (removable.length === 0) return assembleReport(verdict)
  // Loaded only when something was found: the clean path never pays for `ignore`,
  // check-ignore and the planner.
  const gathered =
    early?.entries === entries && early.key === removalKey(removable)
      ? early
      : startFacts(removable)
  const [{ planRecovery }, facts] = await Promise.all([
    import('../recovery/plan.js'),
    gathered.facts,
  ])
  return assembleReport({
    ...verdict,
    // The facts were gathered for the same paths; the findings carry what content added.
    recovery: planRecovery({ ...facts.facts, findings: removable }),
    forceAdded: facts.ignored,
    reincluded: facts.reincluded,
    envInHead: secretsInHead(removable),
  })
}

/** The recovery's facts, started for one judgement of `entries`. */
interface EarlyFacts {
  entries: readonly StagedEntry[]
  key: string
  facts: Promise<Awaited<ReturnType<typeof import('./staged-facts.js').gatherStagedFacts>>>
}

/** What the facts depend on besides the entries: each removed path and its status. */
function removalKey(removable: readonly Finding[]): string {
  return removable.map((finding) => `${finding.status}${finding.path}`).join('\0')
}

/** git points GIT_INDEX_FILE at index.lock or next-index-*.lock for `commit -a`/`commit <paths>`. */
function isTemporaryIndex(env: NodeJS.ProcessEnv): boolean {
  const file = env.GIT_INDEX_FILE
  return file !== undefined && file !== '' && basename(file) !== 'index'
}
