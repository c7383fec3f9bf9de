import type { ContentSource } from '../content/inspect.js'
import { contentCandidates, isVaultPath } from '../content/select.js'
import { readBlobs } from '../git/blobs.js'
import type { GitContext } from '../git/exec.js'
import { findLargeFiles, largeBlobsIn } from '../git/large-blobs.js'
import type { Repo } from '../git/repo.js'
import { lfsCommands } from '../recovery/commands.js'
import { CONTENT_GATED_IDS, DEFAULT_LARGE_FILE_BYTES, severityOf } from '../rules/categories.js'
import type { Matcher } from '../rules/match.js'
import { parentOf } from '../rules/repo-path.js'
import type { DiskProbe } from '../rules/venv.js'
import type { ConfigRules, EnvPreset, Finding, StagedEntry } from '../types.js'
import { readWorktreeFile } from '../worktree/files.js'
import { detectEnvPreset } from '../worktree/presets.js'

export interface JudgeInput {
  ctx: GitContext
  repo: Repo
  rules: ConfigRules | undefined
  matcher: Matcher
  entries: readonly StagedEntry[]
  probe: DiskProbe
  /** Where content comes from; the staged blobs unless given (explain reads the disk too). */
  source?: ContentSource
  /**
   * The source's blobs are in no object store and their paths in no index (explain of a file
   * only on disk): blob sizes are taken from the source, not asked of git.
   */
  unstored?: boolean
  /** The rest of the stage, when `entries` is only part of it (explain): its venv markers count. */
  stagedPaths?: readonly string[]
  /**
   * Called with the verdict of the paths alone, before any content is read, when no content
   * can clear a path of it (what is removed is then known).
   */
  onPathVerdict?: (findings: readonly Finding[]) => void
}

/**
 * The framework preset of the directory an env file sits in, read from the disk once per
 * directory: Vite reads `.env` from its project root (where `vite.config.*` is), which in a
 * monorepo is `apps/web/`, not the repository root. None on a bare repository.
 */
export function envPresetFinder(repo: Repo): (path: string) => EnvPreset | undefined {
  const byDir = new Map<string, EnvPreset | undefined>()
  return (path) => {
    if (repo.bare) return undefined
    const dir = parentOf(path)
    if (!byDir.has(dir)) byDir.set(dir, detectEnvPreset(repo.top, dir))
    return byDir.get(dir)
  }
}

/** Content from the index: blobs by object id, in one `git cat-file --batch`. */
export function stagedContent(ctx: GitContext, top: string): ContentSource {
  return {
    async readBlobs(entries) {
      const withOid = entries.filter((entry) => entry.oid !== undefined)
      const blobs = await readBlobs(
        ctx,
        withOid.map((entry) => entry.oid!),
      )
      const byPath = new Map<string, Buffer>()
      for (const entry of withOid) {
        const blob = blobs.get(entry.oid!)
        if (blob) byPath.set(entry.path, blob)
      }
      return byPath
    },
    readLocalFile: (relPath) => readWorktreeFile(top, relPath),
  }
}

/**
 * Judge index entries as the commit will hold them: path rules and venv markers, then the
 * content of the few entries whose verdict depends on it, then blob sizes. The staged check
 * and `explain` both call this, so they can never disagree.
 */
export async function judgeEntries(input: JudgeInput): Promise<Finding[]> {
  const { ctx, repo, rules, matcher, entries, probe } = input
  // Blob sizes are read by git while the paths are judged here.
  const largeSeverity = severityOf('large-file', rules?.severities)
  const threshold = rules?.largeFileBytes ?? DEFAULT_LARGE_FILE_BYTES
  const large =
    largeSeverity === 'off'
      ? Promise.resolve([])
      : input.unstored && input.source
        ? input.source.readBlobs(entries).then((blobs) => largeBlobsIn(entries, blobs, threshold))
        : findLargeFiles(ctx, entries, threshold, repo)
  large.catch(() => {}) // awaited below, after any content error
  let findings = matcher.judge(entries, probe, undefined, input.stagedPaths)
  const candidates = contentCandidates(entries, findings, {
    ...rules,
    ignoreCase: repo.ignoreCase,
    isAllowed: (path) => matcher.isAllowed(path),
  })
  const presetOf = envPresetFinder(repo)
  // Content only adds to what the paths block, unless it can clear one: an ambiguous
  // credential name, an encrypted vault, a preset's committed defaults.
  const contentMayClear =
    candidates.gated.length > 0 ||
    candidates.envFiles.some(
      (finding) => isVaultPath(finding.path) || presetOf(finding.path) !== undefined,
    )
  if (!contentMayClear) input.onPathVerdict?.(findings)
  if (
    candidates.gated.length > 0 ||
    candidates.envFiles.length > 0 ||
    candidates.templates.length > 0
  ) {
    // Loaded only when a template, an env file or an ambiguous credential name is staged.
    const { inspectContent } = await import('../content/inspect.js')
    findings = await inspectContent({
      entries,
      findings,
      candidates,
      severities: rules?.severities,
      source: input.source ?? stagedContent(ctx, repo.top),
      rejudge: (list) => matcher.judge(list, probe, CONTENT_GATED_IDS),
      presetOf,
    })
  }
  for (const { entry, bytes } of await large) {
    if (matcher.isAllowed(entry.path)) continue
    findings.push({
      code: 'LARGE_FILE',
      path: entry.path,
      category: 'large-file',
      severity: largeSeverity as 'block' | 'warn',
      status: entry.status,
      ruleId: 'large-file:size',
      detail: { bytes, fix: lfsCommands(entry.path) },
    })
  }
  return findings
}
