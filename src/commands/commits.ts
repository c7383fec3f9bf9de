import { newReport, type CheckOptions, type Report } from './check.js'
import { loadConfig } from '../config/load.js'
import { committedTemplateFindings } from '../content/committed.js'
import { CONTENT_GATED_IDS } from '../content/select.js'
import { runGit, splitNul, type GitContext } from '../git/exec.js'
import { listRange, type History } from '../git/log.js'
import { topLiteral } from '../git/staged.js'
import { listPushed } from '../git/push.js'
import { openAnyRepo } from '../git/repo.js'
import { planGitignore } from '../recovery/gitignore.js'
import { planHistory } from '../recovery/rewrite.js'
import { collapseUnits } from '../recovery/units.js'
import { readRootGitignore } from '../recovery/plan.js'
import { SECRET_CATEGORIES } from '../rules/categories.js'
import { compileRules } from '../rules/match.js'

/**
 * `--range` and `--pre-receive`: judge every path that the commits added or modified, then
 * plan how to take the offenders out of those commits. Reads git, writes nothing.
 */
export async function runHistoryCheck(options: CheckOptions): Promise<Report> {
  const { ctx } = options
  const listing: Promise<History & { tips?: string[] }> =
    options.mode === 'range'
      ? listRange(ctx, options.range ?? '')
      : listPushed(ctx, options.updates ?? [])
  listing.catch(() => {}) // awaited below; openAnyRepo's error (not a repo) is reported first
  const repo = await openAnyRepo(ctx)
  const rules = options.rules ?? (await loadConfig(repo.top, ctx.cwd, options.config))
  const history = await listing
  const matcher = compileRules({ ...rules, ignoreCase: repo.ignoreCase })
  // No disk probe: the working tree is not the history being judged (and a server has none);
  // a virtualenv of a custom name is found by marker files among the committed paths.
  const commitsOf = new Map(history.entries.map((entry) => [entry.path, entry.commits]))
  const findings = matcher
    // Path rules only: ambiguous credential names are judged by content in the staged check.
    .judge(history.entries, undefined, CONTENT_GATED_IDS)
    .map((finding) => ({ ...finding, commits: commitsOf.get(finding.path) ?? [] }))
  // Templates are judged by content (read from the commits); they are never taken out of them.
  const templates = await committedTemplateFindings({
    ctx,
    entries: history.entries,
    ...(rules?.severities ? { severities: rules.severities } : {}),
    ...(rules?.envTemplates ? { envTemplates: rules.envTemplates } : {}),
    ignoreCase: repo.ignoreCase,
    isAllowed: (path) => matcher.isAllowed(path),
  })
  const report = newReport(options.mode, [...findings, ...templates], repo, rules, {
    // Every secret finding is in history already: it must be rotated and purged.
    envInHead: findings.filter((f) => SECRET_CATEGORIES.has(f.category)).map((f) => f.path),
  })
  if (findings.length === 0) return report

  const { tips, amendable } = history.tips
    ? { tips: history.tips, amendable: history.tips }
    : await rangeTip(ctx, options.range ?? '')
  const offenders = new Set(findings.map((finding) => finding.path))
  const topDirs = [
    ...new Set([...offenders].filter((p) => p.includes('/')).map((p) => p.split('/')[0]!)),
  ]
  // A directory collapses to one `git rm -r` only when nothing else ever sat below it: not in
  // the tips' trees, not among the paths the range added, modified or deleted.
  const treePaths =
    topDirs.length === 0 ? [] : await Promise.all(tips.map((tip) => listTree(ctx, tip, topDirs)))
  const known = [
    ...new Set([...treePaths.flat(), ...history.entries.map((e) => e.path), ...history.deleted]),
  ]
  report.units = collapseUnits(findings, known, new Set())
  const { recovery, commands } = planHistory({
    units: report.units,
    commits: history.commits,
    tips: amendable,
    prefix: repo.prefix,
  })
  report.history = recovery
  report.commands = commands
  report.gitignore = planGitignore({
    units: report.units,
    rootGitignore: repo.bare ? '' : readRootGitignore(repo.top),
    alreadyIgnored: new Map(),
    innocentPaths: history.entries
      .map((entry) => entry.path)
      .filter((path) => !offenders.has(path) && matcher.couldMatch(path)),
    gitignoreOf: (ruleId) => matcher.gitignoreOf(ruleId),
    ignoreCase: repo.ignoreCase,
  })
  return report
}

/**
 * The commit a `--range` ends at (`B` of `A..B`, or the single revision); it is `amendable`
 * only when it is HEAD: amending a range that ends elsewhere (`--range HEAD~1`, another
 * branch) would rewrite the wrong commit, so that gets the rebase guidance instead.
 */
async function rangeTip(
  ctx: GitContext,
  range: string,
): Promise<{ tips: string[]; amendable: string[] }> {
  const end = /\.\.\.?(.*)$/.exec(range)?.[1] ?? range
  const verify = (rev: string) =>
    runGit(ctx, ['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`], {
      okCodes: [1],
    }).then(({ stdout }) => stdout.trim())
  const [tip, head] = await Promise.all([verify(end === '' ? 'HEAD' : end), verify('HEAD')])
  const tips = tip === '' ? [] : [tip]
  return { tips, amendable: tip !== '' && tip === head ? tips : [] }
}

/** Paths of a commit's tree below the given top-level directories (all of it past 64). */
async function listTree(ctx: GitContext, tip: string, dirs: readonly string[]): Promise<string[]> {
  // Literal pathspecs: a directory named `:foo` must not be read as pathspec magic.
  const paths = dirs.length <= 64 ? dirs.map(topLiteral) : []
  const { stdout } = await runGit(ctx, [
    'ls-tree',
    '-r',
    '-z',
    '--name-only',
    '--full-tree',
    tip,
    '--',
    ...paths,
  ])
  return splitNul(stdout)
}
