import { basename } from 'node:path'
import type { ConfigRules } from '../config/load.js'
import { checkIgnoreRules } from '../git/check-ignore.js'
import type { GitContext } from '../git/exec.js'
import type { Repo } from '../git/repo.js'
import { listIndex, listIndexPaths, listStaged, listWorktreeChanged } from '../git/staged.js'
import type { RecoveryFacts } from '../recovery/plan.js'
import { ADVICE_CATEGORIES } from '../rules/categories.js'
import type { Matcher } from '../rules/match.js'
import type { Finding, IgnoreRule, Mode, RefUpdate, Report, StagedEntry } from '../types.js'
import { diskProbe } from '../worktree/disk-probe.js'
import { resolvePathArgs, selectEntries } from '../worktree/path-args.js'
import { judgeEntries } from './judge.js'
import { assembleReport, openRepoAndRules, repositoryFacts, secretsInHead } from './shared.js'

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
  /** The `<old> <new> <ref>` lines of `--pre-receive` (mode `pre-receive`). */
  updates?: readonly RefUpdate[]
}

/**
 * The library's entry point: judge the staged change (or `--all`, or commits for `range` and
 * `pre-receive`) and plan the recovery. Reads git and the disk, writes nothing.
 */
export async function runCheck(options: CheckOptions): Promise<Report> {
  if (options.mode === 'range' || options.mode === 'pre-receive') {
    // CI and server only: never loaded by the pre-commit hook.
    const { runCommitsCheck } = await import('./commits.js')
    return runCommitsCheck({
      ctx: options.ctx,
      config: options.config,
      rules: options.rules,
      source:
        options.mode === 'range'
          ? { kind: 'range', range: options.range ?? '' }
          : { kind: 'pre-receive', updates: options.updates ?? [] },
    })
  }
  return runStagedCheck({ ...options, mode: options.mode })
}

/** repo -> select paths -> judge -> gather the recovery's facts -> plan. */
async function runStagedCheck(options: CheckOptions & { mode: 'staged' | 'all' }): Promise<Report> {
  const { ctx } = options
  // The listing does not depend on the repository facts, so both start at once.
  const listing = options.mode === 'all' ? listIndex(ctx) : listStaged(ctx)
  listing.catch(() => {}) // awaited below; openRepo's error (e.g. not a repo) is reported first
  const { repo, rules, matcher } = await openRepoAndRules(ctx, options.config, {
    rules: options.rules,
  })
  let entries = await listing
  if (options.paths && options.paths.length > 0) {
    entries = selectEntries(entries, resolvePathArgs(options.paths, ctx.cwd, repo.top))
  }
  const probe = diskProbe(repo.top)
  const findings = await judgeEntries({ ctx, repo, rules, matcher, entries, probe })
  const temporaryIndex = isTemporaryIndex(ctx.env)
  // Content advice (templates, drift, big files) is recovered by editing, never by `git rm`.
  const removable = findings.filter((finding) => !ADVICE_CATEGORIES.has(finding.category))
  if (removable.length === 0) {
    return assembleReport({ mode: options.mode, findings, rules, temporaryIndex })
  }
  // Loaded only when something was found: the clean path never pays for `ignore` & co.
  const [{ planRecovery }, facts] = await Promise.all([
    import('../recovery/plan.js'),
    gatherStagedFacts({
      repo,
      matcher,
      entries,
      removable,
      temporaryIndex,
      haveWholeIndex: options.mode === 'all',
    }),
  ])
  return assembleReport({
    mode: options.mode,
    findings,
    rules,
    temporaryIndex,
    recovery: planRecovery(facts.facts),
    forceAdded: facts.ignored,
    reincluded: facts.reincluded,
    envInHead: secretsInHead(removable),
  })
}

/**
 * What planning the staged recovery needs from git and the disk: what else the index holds
 * below the offenders, which offenders `git rm --cached` would refuse without -f, which git
 * already ignores or a deeper `.gitignore` re-includes, and the root `.gitignore`.
 */
async function gatherStagedFacts(input: {
  repo: Repo
  matcher: Matcher
  entries: readonly StagedEntry[]
  removable: readonly Finding[]
  temporaryIndex: boolean
  haveWholeIndex: boolean
}): Promise<{
  facts: RecoveryFacts
  ignored: Map<string, IgnoreRule>
  reincluded: Map<string, IgnoreRule>
}> {
  const { repo, matcher, removable } = input
  const { ctx } = repo
  const offenderPaths = removable.map((finding) => finding.path)
  const topDirs = [
    ...new Set(offenderPaths.filter((p) => p.includes('/')).map((p) => p.split('/')[0]!)),
  ]
  // Scope the working-tree diff to the offenders' top folders and files, so that a 100,000-path
  // stage does not make git stat every file of the working tree (at most 64 pathspecs).
  const topFiles = offenderPaths.filter((p) => !p.includes('/'))
  const [knownPaths, worktreeChanged, ignoreRules] = await Promise.all([
    // Offenders only at the top level collapse into no directory: no index listing needed.
    input.haveWholeIndex
      ? input.entries.map((entry) => entry.path)
      : topDirs.length > 0
        ? listIndexPaths(ctx, topDirs)
        : [],
    listWorktreeChanged(ctx, [...topDirs, ...topFiles]),
    checkIgnoreRules(ctx, repo.prefix, offenderPaths),
  ])
  // `git rm --cached` refuses when the staged content differs from both HEAD and the file.
  // On a temporary index the user's real index may differ, so -f is always given there.
  const needsForce = new Set(
    removable
      .filter((f) => f.status !== '=' && (input.temporaryIndex || worktreeChanged.has(f.path)))
      .map((f) => f.path),
  )
  return {
    facts: {
      findings: removable,
      knownPaths,
      needsForce,
      alreadyIgnored: ignoreRules.ignored,
      ...repositoryFacts(
        repo,
        matcher,
        input.entries.map((entry) => entry.path),
        new Set(offenderPaths),
      ),
    },
    ignored: ignoreRules.ignored,
    reincluded: ignoreRules.reincluded,
  }
}

/** git points GIT_INDEX_FILE at index.lock or next-index-*.lock for `commit -a`/`commit <paths>`. */
function isTemporaryIndex(env: NodeJS.ProcessEnv): boolean {
  const file = env.GIT_INDEX_FILE
  return file !== undefined && file !== '' && basename(file) !== 'index'
}
