import { isAbsolute, relative, resolve, sep } from 'node:path'
import { committedTemplateFindings } from '../content/committed.js'
import { contentOffends } from '../content/credential.js'
import { readBlobsAt } from '../git/blobs.js'
import { mapBounded, type GitContext } from '../git/exec.js'
import {
  listRange,
  listTree,
  resolveHead,
  resolveRangeBase,
  resolveRangeTip,
  type CommitListing,
} from '../git/log.js'
import { listPushed, parsePushLines, parseRefUpdates, type PushedListing } from '../git/push.js'
import { planRecovery } from '../recovery/plan.js'
import { CONTENT_GATED, CONTENT_GATED_IDS, SECRET_CATEGORIES } from '../rules/categories.js'
import { topDirsOf } from '../rules/repo-path.js'
import type { Matcher } from '../rules/match.js'
import type {
  CommittedEntry,
  ConfigRules,
  Finding,
  RefUpdate,
  JudgedObjectRef,
  Report,
} from '../types.js'
import { assembleReport, openRepoAndRules, repositoryFacts } from './shared.js'

export type CommitsSource =
  | { kind: 'range'; range: string }
  /** The pushed ref updates, or the hook's stdin as git writes it (`<old> <new> <ref>` lines). */
  | { kind: 'pre-receive'; updates: readonly RefUpdate[] | string }
  /** The refs being pushed, or a pre-push hook's stdin (`<local ref> <local oid> <remote ref> <remote oid>`). */
  | { kind: 'pre-push'; updates: readonly RefUpdate[] | string }

/** The commits to judge, and for a push the refs that name trees or blobs. */
function listSource(
  ctx: GitContext,
  source: CommitsSource,
): Promise<PushedListing | CommitListing> {
  if (source.kind === 'range') return listRange(ctx, source.range)
  if (source.kind === 'pre-receive') {
    const updates =
      typeof source.updates === 'string' ? parseRefUpdates(source.updates) : source.updates
    return listPushed(ctx, updates, '--all')
  }
  const updates =
    typeof source.updates === 'string' ? parsePushLines(source.updates) : source.updates
  return listPushed(ctx, updates, '--remotes')
}

/**
 * `--range`, `--pre-receive` and `--pre-push`: judge every path that the commits added or
 * modified (and every path of a pushed tree), then plan how to take the offenders out of those
 * commits. Reads git, writes nothing.
 */
export async function runCommitsCheck(options: {
  ctx: GitContext
  source: CommitsSource
  config?: string | undefined
  rules?: ConfigRules | undefined
}): Promise<Report> {
  const { ctx, source } = options
  const listing = listSource(ctx, source)
  listing.catch(() => {}) // awaited below; openAnyRepo's error (not a repo) is reported first
  // --range reads its configuration as the base of the range holds it: the change under test
  // cannot switch the guard off (a pushed `allow: ["**"]` applies once it is merged).
  const basing =
    source.kind === 'range' && !options.rules ? resolveRangeBase(ctx, source.range) : undefined
  basing?.catch(() => {}) // awaited below, after openAnyRepo's error
  const { repo, rules, matcher, configName } = await openRepoAndRules(ctx, options.config, {
    bare: true,
    rules: options.rules,
    readConfig:
      basing &&
      (async (path) => {
        const base = await basing
        if (base === '') return undefined
        const [bytes] = await readBlobsAt(ctx, [{ commit: base, path }])
        return bytes?.toString('utf8')
      }),
  })
  const base = await basing
  const listed = await listing
  const configuration =
    base === undefined
      ? undefined
      : {
          ...(configName !== undefined ? { source: configName } : {}),
          ...(base !== '' ? { at: base } : {}),
          changed: await changedConfigFiles(ctx, listed, options.config, repo.top),
        }
  // No disk probe: the working tree is not the history being judged (and a server has none);
  // a virtualenv of a custom name is found by marker files among the committed paths.
  const commitsOf = new Map(listed.entries.map((entry) => [entry.path, entry.commits]))
  const findings = (await judgeCommitted(ctx, listed.entries, matcher)).map((finding) => ({
    ...finding,
    commits: commitsOf.get(finding.path) ?? [],
  }))
  // Templates are judged by content (read from the commits); they are never taken out of them.
  const templates = await committedTemplateFindings({
    entries: listed.entries,
    read: (refs) => readBlobsAt(ctx, refs),
    severities: rules?.severities,
    envTemplates: rules?.envTemplates,
    ignoreCase: repo.ignoreCase,
    isAllowed: (path) => matcher.isAllowed(path),
  })
  const mode = source.kind
  const pushed = 'objectRefs' in listed ? judgeObjectRefs(listed, matcher) : undefined
  const all = [...findings, ...templates, ...(pushed?.findings ?? [])]
  const objectRefs = pushed?.objectRefs ?? []
  // Every secret finding of a range is in history already: it must be rotated and purged. A
  // push refused (by the server) or stopped (before it) never left: taking it out of the
  // local commits is enough.
  const envInHead =
    mode === 'range'
      ? findings.filter((f) => SECRET_CATEGORIES.has(f.category)).map((f) => f.path)
      : []
  if (findings.length === 0) {
    return assembleReport({ mode, findings: all, rules, envInHead, objectRefs, configuration })
  }

  const { tips, amendable } =
    'tips' in listed
      ? { tips: listed.tips, amendable: await amendableTips(ctx, mode, listed.tips) }
      : await resolveRangeTip(ctx, source.kind === 'range' ? source.range : '')
  const offenders = new Set(findings.map((finding) => finding.path))
  const topDirs = topDirsOf(offenders)
  // A directory collapses to one `git rm -r` only when nothing else ever sat below it: not in
  // the tips' trees, not among the paths the commits added, modified or deleted.
  const treePaths =
    topDirs.length === 0 ? [] : await mapBounded(tips, (tip) => listTree(ctx, tip, topDirs))
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
  return assembleReport({
    mode,
    findings: all,
    rules,
    envInHead,
    recovery,
    objectRefs,
    configuration,
  })
}

/** The files a configuration is found in at the root (discover.ts looks for these). */
const CONFIG_FILES = ['.precommit-guard.json', 'package.json', 'pyproject.toml']

/**
 * The configuration files the range adds, changes or deletes (and so are not applied): the
 * root candidates and a `--config` file inside the repository. A package.json or
 * pyproject.toml counts only when its new version mentions the guard (most changes there
 * are dependencies).
 */
async function changedConfigFiles(
  ctx: GitContext,
  listed: CommitListing,
  explicit: string | undefined,
  top: string,
): Promise<string[]> {
  const candidates = new Set(CONFIG_FILES)
  if (explicit !== undefined) {
    const inRepo = relative(top, resolve(ctx.cwd, explicit))
    if (inRepo !== '' && !inRepo.startsWith('..') && !isAbsolute(inRepo)) {
      candidates.add(inRepo.split(sep).join('/'))
    }
  }
  const changed = listed.entries.filter((entry) => candidates.has(entry.path))
  const shared = changed.filter((e) => e.path === 'package.json' || e.path === 'pyproject.toml')
  const texts = await readBlobsAt(
    ctx,
    shared.map((e) => ({ commit: e.commits[e.commits.length - 1]!, path: e.path })),
  )
  const mentions = new Set(
    shared.filter((_, i) => texts[i]?.includes('precommit-guard')).map((e) => e.path),
  )
  return [
    ...changed
      .filter((e) => mentions.has(e.path) || !shared.includes(e))
      .map((entry) => entry.path),
    ...[...new Set(listed.deleted)].filter((path) => candidates.has(path)),
  ]
}

/**
 * The tips that may be amended in place: on a server, every pushed tip (the pusher's HEAD is
 * unknown there); before a push, only a tip that is the local HEAD.
 */
async function amendableTips(
  ctx: GitContext,
  mode: CommitsSource['kind'],
  tips: string[],
): Promise<string[]> {
  if (mode !== 'pre-push') return tips
  const head = await resolveHead(ctx)
  return tips.filter((tip) => tip === head)
}

/**
 * Path rules over the committed entries, and the ambiguous credential names (`.npmrc`, `*.pem`)
 * by the content of every version the commits wrote: one that holds a key or token keeps the
 * finding; a path whose versions hold none is judged again without those rows, as in the
 * staged check. A version that cannot be read, or none at all, keeps the finding (fail closed).
 */
async function judgeCommitted(
  ctx: GitContext,
  entries: readonly CommittedEntry[],
  matcher: Matcher,
): Promise<Finding[]> {
  const judged = matcher.judge(entries, undefined)
  const gated = judged.filter((finding) => CONTENT_GATED.has(finding.ruleId))
  if (gated.length === 0) return judged
  const commitsOf = new Map(entries.map((entry) => [entry.path, entry.commits]))
  const refs = gated.flatMap((finding) =>
    (commitsOf.get(finding.path) ?? []).map((commit) => ({ commit, path: finding.path })),
  )
  const blobs = await readBlobsAt(ctx, refs)
  const checkOf = new Map(
    gated.map((finding) => [finding.path, CONTENT_GATED.get(finding.ruleId)!]),
  )
  // No version to read counts as offending too: fail closed.
  const offending = new Set(
    gated.filter((f) => (commitsOf.get(f.path) ?? []).length === 0).map((f) => f.path),
  )
  refs.forEach(({ path }, i) => {
    const blob = blobs[i]
    if (blob === undefined || contentOffends(checkOf.get(path)!, blob.toString('latin1'))) {
      offending.add(path)
    }
  })
  const cleared = new Set(gated.filter((f) => !offending.has(f.path)).map((f) => f.path))
  return [
    ...judged.flatMap((finding): Finding[] => {
      if (!CONTENT_GATED.has(finding.ruleId)) return [finding]
      return offending.has(finding.path) ? [{ ...finding, code: 'CREDENTIAL_CONTENT' }] : []
    }),
    ...matcher.judge(
      entries.filter((entry) => cleared.has(entry.path)),
      undefined,
      CONTENT_GATED_IDS,
    ),
  ]
}

/**
 * Refs that name a tree or a blob rather than a commit: a tree is judged by every path it
 * holds (path rules; no commit to read templates at), a blob has no name to judge and is
 * refused whatever it holds. Either way a clone could read it, and no commit can be fixed.
 */
function judgeObjectRefs(
  listed: PushedListing,
  matcher: Matcher,
): { findings: Finding[]; objectRefs: JudgedObjectRef[] } {
  const treeFindings = new Map<string, Finding[]>()
  for (const [tree, entries] of listed.treeEntries) {
    treeFindings.set(tree, matcher.judge(entries, undefined, CONTENT_GATED_IDS))
  }
  const objectRefs: JudgedObjectRef[] = []
  const refsOf = new Map<string, string[]>()
  for (const objectRef of listed.objectRefs) {
    if (objectRef.kind === 'blob') {
      objectRefs.push({ ...objectRef, paths: [], blocked: true })
      continue
    }
    const found = treeFindings.get(objectRef.oid) ?? []
    if (found.length === 0) continue
    const blocked = found.some((finding) => finding.severity === 'block')
    objectRefs.push({ ...objectRef, paths: found.map((finding) => finding.path), blocked })
    refsOf.set(objectRef.oid, [...(refsOf.get(objectRef.oid) ?? []), objectRef.ref])
  }
  const findings = [...refsOf].flatMap(([tree, refs]) =>
    (treeFindings.get(tree) ?? []).map((finding) => ({ ...finding, refs })),
  )
  return { findings, objectRefs }
}
