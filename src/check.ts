import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { checkIgnored, type IgnoreRule } from './git/check-ignore.js'
import type { GitContext } from './git/exec.js'
import { listIndex, listIndexPaths, listStaged, listWorktreeChanged } from './git/listing.js'
import { openRepo, type Repo } from './git/repo.js'
import { diskProbe } from './disk-probe.js'
import { resolvePathArgs, selectEntries } from './path-args.js'
import { planGitignore } from './recovery/gitignore.js'
import { collapseUnits, removalCommand, type Command, type RecoveryUnit } from './recovery/plan.js'
import { compileRules, type MatchOptions, type Matcher } from './rules/match.js'
import type { Finding, Mode, StagedEntry } from './types.js'

export interface CheckOptions {
  ctx: GitContext
  mode: Mode
  /** `paths...` from the command line; empty means the whole selection. */
  paths: readonly string[]
  rules?: Omit<MatchOptions, 'ignoreCase'>
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
  /** `env` offenders that are already in HEAD: the secret has been committed. */
  envInHead: string[]
  /** The hook runs on a temporary index (`git commit -a`, `git commit <paths>`). */
  temporaryIndex: boolean
  repo: Repo
}

const IN_HEAD = new Set(['M', 'T', '='])

/** repo -> select paths -> judge -> plan recovery. Reads git and the disk, writes nothing. */
export async function runCheck(options: CheckOptions): Promise<Report> {
  const { ctx } = options
  // The listing does not depend on the repository facts, so both start at once.
  const listing = options.mode === 'all' ? listIndex(ctx) : listStaged(ctx)
  listing.catch(() => {}) // awaited below; openRepo's error (e.g. not a repo) is reported first
  const repo = await openRepo(ctx)
  let entries = await listing
  if (options.paths.length > 0) {
    entries = selectEntries(entries, resolvePathArgs(options.paths, ctx.cwd, repo.top))
  }
  const matcher = compileRules({ ...options.rules, ignoreCase: repo.ignoreCase })
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
    envInHead: [],
    temporaryIndex,
    repo,
  }
  if (findings.length === 0) return report
  return planRecovery(report, entries, matcher, options.mode === 'all')
}

async function planRecovery(
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
  const [indexPaths, worktreeChanged, forceAdded] = await Promise.all([
    haveWholeIndex ? entries.map((entry) => entry.path) : listIndexPaths(ctx, topDirs),
    listWorktreeChanged(ctx, offenderPaths),
    checkIgnored(ctx, repo.prefix, offenderPaths),
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
  report.commands = units.map((unit) => removalCommand(unit, repo.prefix))
  report.forceAdded = forceAdded
  report.envInHead = findings
    .filter((f) => f.category === 'env' && IN_HEAD.has(f.status))
    .map((f) => f.path)
  report.gitignore = planGitignore({
    units,
    rootGitignore: readRootGitignore(repo.top),
    alreadyIgnored: forceAdded,
    innocentPaths: entries.map((entry) => entry.path).filter((path) => !offenders.has(path)),
    gitignoreOf: (ruleId) => matcher.gitignoreOf(ruleId),
    ignoreCase: repo.ignoreCase,
  })
  return report
}

const CATEGORY_ORDER = ['env', 'venv', 'bytecode', 'upload']

function sortUnits(units: RecoveryUnit[]): RecoveryUnit[] {
  const rank = (unit: RecoveryUnit) => {
    const blocked = unit.findings.some((f) => f.severity === 'block') ? 0 : 1
    const index = CATEGORY_ORDER.indexOf(unit.findings[0]!.category)
    return blocked * 100 + (index === -1 ? 50 : index)
  }
  return units.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

function readRootGitignore(top: string): string {
  try {
    return readFileSync(join(top, '.gitignore'), 'utf8')
  } catch {
    // No readable root .gitignore: plan against no rules (the lines are then all new).
    return ''
  }
}

/** git points GIT_INDEX_FILE at index.lock or next-index-*.lock for `commit -a`/`commit <paths>`. */
function isTemporaryIndex(env: NodeJS.ProcessEnv): boolean {
  const file = env.GIT_INDEX_FILE
  return file !== undefined && file !== '' && basename(file) !== 'index'
}
