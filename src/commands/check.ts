import { basename } from 'node:path'
import type { IgnoreRule } from '../git/check-ignore.js'
import type { GitContext } from '../git/exec.js'
import { listIndex, listStaged } from '../git/staged.js'
import { openRepo, type Repo } from '../git/repo.js'
import { loadConfig, type ConfigRules } from '../config/load.js'
import {
  DEFAULT_LARGE_FILE_BYTES,
  findLargeFiles,
  largeFileFinding,
} from '../content/large-files.js'
import {
  ADVICE_CATEGORIES,
  CONTENT_GATED_IDS,
  contentCandidates,
  severityOf,
} from '../content/select.js'
import { diskProbe } from '../worktree/disk-probe.js'
import { resolvePathArgs, selectEntries } from '../worktree/path-args.js'
import type { RefUpdate } from '../git/push.js'
import type { HistoryRecovery } from '../recovery/rewrite.js'
import type { Command, RecoveryUnit } from '../recovery/units.js'
import { compileRules } from '../rules/match.js'
import type { Finding, Mode } from '../types.js'

export interface CheckOptions {
  ctx: GitContext
  mode: Mode
  /** `paths...` from the command line; empty means the whole selection. */
  paths: readonly string[]
  /** Rules given directly; when absent, the configuration file is found and loaded. */
  rules?: ConfigRules
  /** `--config <file>`, relative to `ctx.cwd`; otherwise the repository root is searched. */
  config?: string
  /** `--range A..B` (mode `range`). */
  range?: string
  /** The `<old> <new> <ref>` lines of `--pre-receive` (mode `pre-receive`). */
  updates?: readonly RefUpdate[]
}

export interface Report {
  mode: Mode
  blocked: boolean
  findings: Finding[]
  units: RecoveryUnit[]
  commands: Command[]
  gitignore: string[]
  /** Offenders that are ignored yet staged (`git add -f`, or tracked before the rule). */
  forceAdded: Map<string, IgnoreRule>
  /** Offenders a negation in a deeper `.gitignore` re-includes: root lines cannot ignore them. */
  reincluded: Map<string, IgnoreRule>
  /** `env` offenders that are already in HEAD: the secret has been committed. */
  envInHead: string[]
  /** The hook runs on a temporary index (`git commit -a`, `git commit <paths>`). */
  temporaryIndex: boolean
  repo: Repo
  /** The `message` of each configuration rule that has one, by rule id. */
  customMessages?: ReadonlyMap<string, string>
  /** `--range`/`--pre-receive`: how to take the offenders out of the commits. */
  history?: HistoryRecovery
}

/** repo -> select paths -> judge -> plan recovery. Reads git and the disk, writes nothing. */
export async function runCheck(options: CheckOptions): Promise<Report> {
  const { ctx } = options
  if (options.mode === 'range' || options.mode === 'pre-receive') {
    // CI and server only: never loaded by the pre-commit hook.
    const { runHistoryCheck } = await import('./commits.js')
    return runHistoryCheck(options)
  }
  // The listing does not depend on the repository facts, so both start at once.
  const listing = options.mode === 'all' ? listIndex(ctx) : listStaged(ctx)
  listing.catch(() => {}) // awaited below; openRepo's error (e.g. not a repo) is reported first
  const repo = await openRepo(ctx)
  const rules = options.rules ?? (await loadConfig(repo.top, ctx.cwd, options.config))
  let entries = await listing
  if (options.paths.length > 0) {
    entries = selectEntries(entries, resolvePathArgs(options.paths, ctx.cwd, repo.top))
  }
  const matcher = compileRules({ ...rules, ignoreCase: repo.ignoreCase })
  // Blob sizes are read by git while the paths are judged here.
  const largeSeverity = severityOf('large-file', rules?.severities)
  const large =
    largeSeverity === 'off'
      ? Promise.resolve([])
      : findLargeFiles(
          ctx,
          entries,
          rules?.largeFileBytes ?? DEFAULT_LARGE_FILE_BYTES,
          repo.indexFile,
        )
  large.catch(() => {}) // awaited below, after any content error
  const probe = diskProbe(repo.top)
  let findings = matcher.judge(entries, probe)
  const candidates = contentCandidates(entries, findings, {
    ...rules,
    ignoreCase: repo.ignoreCase,
    isAllowed: (path) => matcher.isAllowed(path),
  })
  if (candidates.gated.length > 0 || candidates.templates.length > 0) {
    // Loaded only when a template or an ambiguous credential name is staged.
    const { inspectContent } = await import('../content/inspect.js')
    const severities = rules?.severities
    findings = await inspectContent({
      ctx,
      top: repo.top,
      entries,
      findings,
      candidates,
      severities,
      rejudge: (list) => matcher.judge(list, probe, CONTENT_GATED_IDS),
    })
  }
  for (const { entry, bytes } of await large) {
    if (matcher.isAllowed(entry.path)) continue
    findings.push(largeFileFinding(entry, bytes, largeSeverity as 'block' | 'warn'))
  }
  const temporaryIndex = isTemporaryIndex(ctx.env)
  const report = newReport(options.mode, findings, repo, rules, { temporaryIndex })
  // Content advice (templates, drift, big files) is recovered by editing, never by `git rm`.
  const removable = findings.filter((finding) => !ADVICE_CATEGORIES.has(finding.category))
  if (removable.length === 0) return report
  // Loaded only when something was found: the clean path never pays for `ignore` & co.
  const { planRecovery } = await import('../recovery/plan.js')
  const planned = await planRecovery(
    { ...report, findings: removable },
    entries,
    matcher,
    options.mode === 'all',
  )
  return { ...planned, findings }
}

/** A report of `findings` with no recovery planned yet (planRecovery fills it in). */
export function newReport(
  mode: Mode,
  findings: Finding[],
  repo: Repo,
  rules: CheckOptions['rules'],
  extra: Partial<Pick<Report, 'temporaryIndex' | 'envInHead'>> = {},
): Report {
  return {
    mode,
    blocked: findings.some((finding) => finding.severity === 'block'),
    findings,
    units: [],
    commands: [],
    gitignore: [],
    forceAdded: new Map(),
    reincluded: new Map(),
    envInHead: extra.envInHead ?? [],
    temporaryIndex: extra.temporaryIndex ?? false,
    repo,
    customMessages: customMessagesOf(rules),
  }
}

/** Config rules' own wording (`rules[].message`), shown instead of the generic one. */
export function customMessagesOf(rules: CheckOptions['rules']): Map<string, string> {
  const messages = new Map<string, string>()
  for (const rule of rules?.extraRules ?? []) {
    if (rule.message !== undefined) messages.set(rule.id, rule.message)
  }
  return messages
}

/** git points GIT_INDEX_FILE at index.lock or next-index-*.lock for `commit -a`/`commit <paths>`. */
function isTemporaryIndex(env: NodeJS.ProcessEnv): boolean {
  const file = env.GIT_INDEX_FILE
  return file !== undefined && file !== '' && basename(file) !== 'index'
}
