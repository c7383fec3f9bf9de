import picomatch from 'picomatch'
import { discoverConfig } from '../config/discover.js'
import { templateReason } from '../content/select.js'
import type { GitContext } from '../git/exec.js'
import { listStaged, readIndexEntry } from '../git/staged.js'
import { worktreeBlob } from '../git/worktree-blob.js'
import { allowEntryOf, isAllowable } from '../rules/allow.js'
import { presetCovers } from '../rules/presets.js'
import {
  ADVICE_CATEGORIES,
  CONTENT_GATED,
  CONTENT_GATED_IDS,
  VENV_MARKER_RULE_ID,
} from '../rules/categories.js'
import { compileRules } from '../rules/match.js'
import { baseName } from '../rules/repo-path.js'
import { venvMarkerOnDisk, type DiskProbe } from '../rules/venv.js'
import type { ConfigRules, Explanation, ExplanationReason, Finding, StagedEntry } from '../types.js'
import { diskProbe } from '../worktree/disk-probe.js'
import { readWorktreeEntry, readWorktreeFile } from '../worktree/files.js'
import { resolvePathArgs } from '../worktree/path-args.js'
import { envPresetFinder, judgeEntries, stagedContent } from './judge.js'
import { openRepoAndRules } from './shared.js'

/** Blocking findings first, then warnings; path rules before content advice. */
const rank = (finding: Finding) =>
  (finding.severity === 'block' ? 0 : 10) + (finding.code === 'LARGE_FILE' ? 1 : 0)

/**
 * `precommit-guard explain <path>`: judge one repository path with the very code the check
 * runs — its index entry when staged or tracked, else the file on disk, else the path alone —
 * and say which rule matches and why, or why it passes.
 */
export async function explainPath(options: {
  ctx: GitContext
  path: string
  config?: string | undefined
}): Promise<Explanation> {
  const { ctx } = options
  const { repo, rules, matcher } = await openRepoAndRules(ctx, options.config)
  const configSource = rules
    ? (await discoverConfig(repo.top, ctx.cwd, options.config))?.name
    : undefined
  const [path = ''] = resolvePathArgs([options.path], ctx.cwd, repo.top)
  const probe = diskProbe(repo.top)
  // The rest of the stage too: a venv marker staged beside the path counts, as in the check.
  const [indexed, staged] = await Promise.all([
    readIndexEntry(ctx, path),
    listStaged(ctx).then((entries) => entries.map((entry) => entry.path)),
  ])
  const onDisk = indexed ? undefined : readWorktreeEntry(repo.top, path)
  const blob = onDisk && (await worktreeBlob(ctx, repo.top, path, onDisk))
  const entry: StagedEntry = indexed ?? {
    path,
    status: 'A',
    mode: onDisk?.mode ?? '100644',
    ...(blob ? { oid: blob.oid } : {}),
  }
  const findings =
    entry.oid === undefined
      ? // A path alone has no content: ambiguous names (`*.pem`, `.npmrc`) are judged by it.
        matcher.judge([entry], probe, CONTENT_GATED_IDS, staged)
      : await judgeEntries({
          ctx,
          repo,
          rules,
          matcher,
          entries: [entry],
          probe,
          stagedPaths: staged,
          // Not in the index: the blob `git add` would stage from the disk.
          unstored: !indexed,
          source: indexed
            ? stagedContent(ctx, repo.top)
            : {
                readBlobs: () => Promise.resolve(new Map(blob ? [[path, blob.bytes]] : [])),
                readLocalFile: (relPath) => readWorktreeFile(repo.top, relPath),
              },
        })
  const [finding] = findings.sort((a, b) => rank(a) - rank(b))
  if (finding) {
    return {
      path,
      verdict: finding.severity,
      category: finding.category,
      ruleId: finding.ruleId,
      code: finding.code,
      why: reasonOf(finding, rules, probe, repo.ignoreCase),
      configSource,
      configured:
        rules?.severities?.[finding.category as never] !== undefined ||
        rules?.extraRules?.some((rule) => rule.id === finding.category) === true,
      ...(isAllowable(finding) && !ADVICE_CATEGORIES.has(finding.category)
        ? {
            allow: {
              entry: allowEntryOf(path, false),
              file: rules?.file?.name ?? '.precommit-guard.json',
              create: rules?.file === undefined,
            },
          }
        : {}),
    }
  }
  // Passes: find out what let it through, most specific first.
  const allowGlob = matcher.allowedBy(path)
  if (allowGlob !== undefined) {
    const [otherwise] = compileRules({ ...rules, allow: [], ignoreCase: repo.ignoreCase }).judge(
      [entry],
      probe,
      undefined,
      staged,
    )
    return {
      path,
      verdict: 'allowed',
      glob: allowGlob,
      configSource: configSource ?? '',
      ...(otherwise ? { otherwise: otherwise.category } : {}),
    }
  }
  const [unfiltered] = compileRules({ ignoreCase: repo.ignoreCase }).judge(
    [entry],
    probe,
    undefined,
    staged,
  )
  if (unfiltered && rules?.severities?.[unfiltered.category as never] === 'off') {
    return { path, verdict: 'off', category: unfiltered.category, configSource: configSource ?? '' }
  }
  const preset = envPresetFinder(repo)(path)
  if (unfiltered?.category === 'env' && presetCovers(preset, path)) {
    return { path, verdict: 'preset', preset: preset!, contentChecked: entry.oid !== undefined }
  }
  const template = templateOf(entry, rules, repo.ignoreCase)
  if (template !== undefined) {
    return {
      path,
      verdict: 'template',
      name: baseName(path),
      glob: template.glob,
      ...(template.configured ? { configSource: configSource ?? '' } : {}),
      ...(entry.oid !== undefined ? { contentChecked: true } : {}),
    }
  }
  return { path, verdict: 'pass', configSource }
}

/** Why an entry is a template, judged as the check sees it: a regular file (a path alone is one). */
function templateOf(entry: StagedEntry, rules: ConfigRules | undefined, ignoreCase: boolean) {
  const asFile = { ...entry, mode: entry.mode === '100755' ? entry.mode : '100644' }
  return templateReason(asFile, {
    ignoreCase,
    ...(rules?.envTemplates ? { envTemplates: rules.envTemplates } : {}),
  })
}

function reasonOf(
  finding: Finding,
  rules: ConfigRules | undefined,
  probe: DiskProbe,
  ignoreCase: boolean,
): ExplanationReason {
  const detail = finding.detail ?? {}
  switch (finding.code) {
    case 'TEMPLATE_VALUE':
      return {
        kind: 'template-value',
        key: detail.key ?? '',
        line: detail.line ?? 0,
        what: detail.kind ?? '',
      }
    case 'TEMPLATE_DRIFT':
      return { kind: 'template-drift', keys: detail.keys ?? [] }
    case 'LARGE_FILE':
      return { kind: 'size', bytes: detail.bytes ?? 0 }
    case 'VENV_MARKER': {
      const dir = finding.venvDir ?? ''
      return { kind: 'venv', dir, marker: venvMarkerOnDisk(dir, probe) }
    }
    case 'CONFIG_RULE': {
      const extra = rules?.extraRules?.find((rule) => rule.id === finding.ruleId)
      return {
        kind: 'config-rule',
        pattern: extra?.pattern ?? '',
        ...(extra?.message !== undefined ? { message: extra.message } : {}),
      }
    }
    default:
      break
  }
  if (finding.ruleId === VENV_MARKER_RULE_ID) {
    return { kind: 'venv', dir: finding.venvDir ?? '', marker: undefined }
  }
  const pattern = finding.ruleId.slice(finding.category.length + 1)
  const glob = (text: string) =>
    picomatch(pattern.replace(/\/$/, ''), { dot: true, nocase: ignoreCase, windows: false })(text)
  if (pattern.endsWith('/')) {
    const segment =
      finding.path
        .split('/')
        .slice(0, -1)
        .find((name) => glob(name)) ?? pattern.slice(0, -1)
    return { kind: 'segment', segment, glob: pattern }
  }
  const content = CONTENT_GATED.get(finding.ruleId)
  return {
    kind: 'name',
    name: baseName(finding.path),
    glob: pattern,
    ...(content !== undefined && finding.code === 'CREDENTIAL_CONTENT' ? { content } : {}),
  }
}
