import { basename } from 'node:path'
import type { IgnoreRule } from './git/check-ignore.js'
import type { GitContext } from './git/exec.js'
import { listIndex, listStaged } from './git/listing.js'
import { openRepo, type Repo } from './git/repo.js'
import { loadConfig } from './config/load.js'
import { diskProbe } from './disk-probe.js'
import { resolvePathArgs, selectEntries } from './path-args.js'
import type { Command, RecoveryUnit } from './recovery/plan.js'
import { compileRules, type MatchOptions } from './rules/match.js'
import type { Finding, Mode } from './types.js'

export interface CheckOptions {
  ctx: GitContext
  mode: Mode
  /** `paths...` from the command line; empty means the whole selection. */
  paths: readonly string[]
  /** Rules given directly; when absent, the configuration file is found and loaded. */
  rules?: Omit<MatchOptions, 'ignoreCase'>
  /** `--config <file>`, relative to `ctx.cwd`; otherwise the repository root is searched. */
  config?: string
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
}

/** repo -> select paths -> judge -> plan recovery. Reads git and the disk, writes nothing. */
export async function runCheck(options: CheckOptions): Promise<Report> {
  const { ctx } = options
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
  const findings = matcher.judge(entries, diskProbe(repo.top))
  const temporaryIndex = isTemporaryIndex(ctx.env)
  const report: Report = {
    mode: options.mode,
    blocked: findings.some((finding) => finding.severity === 'block'),
    findings,
    units: [],
    commands: [],
    gitignore: [],
    forceAdded: new Map(),
    reincluded: new Map(),
    envInHead: [],
    temporaryIndex,
    repo,
  }
  if (findings.length === 0) return report
  // Loaded only when something was found: the clean path never pays for `ignore` & co.
  const { planRecovery } = await import('./recovery/planner.js')
  return planRecovery(report, entries, matcher, options.mode === 'all')
}

/** git points GIT_INDEX_FILE at index.lock or next-index-*.lock for `commit -a`/`commit <paths>`. */
function isTemporaryIndex(env: NodeJS.ProcessEnv): boolean {
  const file = env.GIT_INDEX_FILE
  return file !== undefined && file !== '' && basename(file) !== 'index'
}
