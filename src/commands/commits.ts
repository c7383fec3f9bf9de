import { committedTemplateFindings } from '../content/committed.js'
import { readBlobsAt } from '../git/blobs.js'
import type { GitContext } from '../git/exec.js'
import { listRange, listTree, resolveRangeTip, type CommitListing } from '../git/log.js'
import { listPushed, parseRefUpdates } from '../git/push.js'
import { planRecovery } from '../recovery/plan.js'
import { CONTENT_GATED_IDS, SECRET_CATEGORIES } from '../rules/categories.js'
import { topDirsOf } from '../rules/repo-path.js'
import type { ConfigRules, RefUpdate, Report } from '../types.js'
import { assembleReport, openRepoAndRules, repositoryFacts } from './shared.js'

export type CommitsSource =
  | { kind: 'range'; range: string }
  /** The pushed ref updates, or the hook's stdin as git writes it (`<old> <new> <ref>` lines). */
  | { kind: 'pre-receive'; updates: readonly RefUpdate[] | string }

/**
 * `--range` and `--pre-receive`: judge every path that the commits added or modified, then
 * plan how to take the offenders out of those commits. Reads git, writes nothing.
 */
export async function runCommitsCheck(options: {
  ctx: GitContext
  source: CommitsSource
  config?: string | undefined
  rules?: ConfigRules | undefined
}): Promise<Report> {
  const { ctx, source } = options
  const mode = source.kind
  const listing: Promise<CommitListing & { tips?: string[] }> =
    source.kind === 'range'
      ? listRange(ctx, source.range)
      : listPushed(
          ctx,
          typeof source.updates === 'string' ? parseRefUpdates(source.updates) : source.updates,
        )
  listing.catch(() => {}) // awaited below; openAnyRepo's error (not a repo) is reported first
  const { repo, rules, matcher } = await openRepoAndRules(ctx, options.config, {
    bare: true,
    rules: options.rules,
  })
  const listed = await listing
  // No disk probe: the working tree is not the history being judged (and a server has none);
  // a virtualenv of a custom name is found by marker files among the committed paths.
  const commitsOf = new Map(listed.entries.map((entry) => [entry.path, entry.commits]))
  const findings = matcher
    // Path rules only: ambiguous credential names are judged by content in the staged check.
    .judge(listed.entries, undefined, CONTENT_GATED_IDS)
    .map((finding) => ({ ...finding, commits: commitsOf.get(finding.path) ?? [] }))
  // Templates are judged by content (read from the commits); they are never taken out of them.
  const templates = await committedTemplateFindings({
    entries: listed.entries,
    read: (refs) => readBlobsAt(ctx, refs),
    severities: rules?.severities,
    envTemplates: rules?.envTemplates,
    ignoreCase: repo.ignoreCase,
    isAllowed: (path) => matcher.isAllowed(path),
  })
  const all = [...findings, ...templates]
  // Every secret finding of a range is in history already: it must be rotated and purged. A
  // refused push never reached the server: taking it out of the local commits is enough.
  const envInHead =
    mode === 'range'
      ? findings.filter((f) => SECRET_CATEGORIES.has(f.category)).map((f) => f.path)
      : []
  if (findings.length === 0) return assembleReport({ mode, findings: all, rules, envInHead })

  const { tips, amendable } = listed.tips
    ? { tips: listed.tips, amendable: listed.tips }
    : await resolveRangeTip(ctx, source.kind === 'range' ? source.range : '')
  const offenders = new Set(findings.map((finding) => finding.path))
  const topDirs = topDirsOf(offenders)
  // A directory collapses to one `git rm -r` only when nothing else ever sat below it: not in
  // the tips' trees, not among the paths the commits added, modified or deleted.
  const treePaths =
    topDirs.length === 0 ? [] : await Promise.all(tips.map((tip) => listTree(ctx, tip, topDirs)))
  const recovery = planRecovery({
    findings,
    knownPaths: new Set([
      ...treePaths.flat(),
      ...listed.entries.map((e) => e.path),
      ...listed.deleted,
    ]),
    needsForce: new Set(),
    alreadyIgnored: new Map(),
    ...repositoryFacts(
      repo,
      matcher,
      listed.entries.map((entry) => entry.path),
      offenders,
    ),
    commits: { walked: listed.commits, amendable },
  })
  return assembleReport({ mode, findings: all, rules, envInHead, recovery })
}
