import { CONTENT_GATED, severityOf } from '../rules/categories.js'
import { presetCovers } from '../rules/presets.js'
import type { CategoryId, EnvPreset, Finding, Severity, StagedEntry } from '../types.js'
import { contentOffends } from './credential.js'
import {
  isEncryptedVault,
  missingTemplateLines,
  placeholderLine,
  scanTemplate,
} from './env-template.js'
import { envFileOf, type ContentCandidates } from './select.js'

/** How the content checks see bytes: handed in, so they never spawn git or open files. */
export interface ContentSource {
  /** The bytes to judge for these entries (the staged blobs), by path; a missing one is unread. */
  readBlobs(entries: readonly StagedEntry[]): Promise<Map<string, Buffer>>
  /** A working-tree file's text (the local `.env` of a template), or undefined when unreadable. */
  readLocalFile(relPath: string): string | undefined
}

export interface InspectInput {
  entries: readonly StagedEntry[]
  findings: readonly Finding[]
  candidates: ContentCandidates
  severities?: Partial<Record<CategoryId, Severity>> | undefined
  source: ContentSource
  /** Judge paths again without the content-gated rows (what else matches a harmless `.key`). */
  rejudge: (entries: StagedEntry[]) => Finding[]
  /** The framework preset of an env file's directory: its committed defaults are judged by content. */
  presetOf?: (path: string) => EnvPreset | undefined
}

/**
 * Judge the candidates' bytes: drop credential findings whose blob holds no key or token, add
 * `env-template` findings for real-looking values and `env-drift` findings for keys that the
 * local `.env` has and the template lacks.
 */
export async function inspectContent(input: InspectInput): Promise<Finding[]> {
  const { candidates } = input
  // Only the inspected paths: a map of a 100,000-path stage costs more than the inspection.
  const inspected = new Set(
    [...candidates.gated, ...candidates.envFiles].map((finding) => finding.path),
  )
  const byPath = new Map<string, StagedEntry>()
  for (const entry of input.entries) if (inspected.has(entry.path)) byPath.set(entry.path, entry)
  const wanted = [
    ...candidates.gated.flatMap((finding) => byPath.get(finding.path) ?? []),
    ...candidates.envFiles.flatMap((finding) => byPath.get(finding.path) ?? []),
    ...candidates.templates,
  ]
  const blobs = await input.source.readBlobs(wanted)

  const cleared: StagedEntry[] = []
  const envFiles = new Set(candidates.envFiles)
  const findings = input.findings.flatMap((finding): Finding[] => {
    if (envFiles.has(finding)) {
      // A symlink's blob is its target's name, not the file's content: no verdict on it.
      const mode = byPath.get(finding.path)?.mode
      const regular = mode === '100644' || mode === '100755'
      const blob = regular ? blobs.get(finding.path) : undefined
      // An encrypted vault is meant to be committed: it holds ciphertext, never a value.
      if (blob && isEncryptedVault(finding.path, blob)) return []
      const judged = withEnvContent(finding, blob)
      // Committed defaults of a framework preset pass when no value in them looks real.
      if (
        judged.detail?.realValue === false &&
        presetCovers(input.presetOf?.(finding.path), finding.path)
      ) {
        return []
      }
      return [judged]
    }
    const check = CONTENT_GATED.get(finding.ruleId)
    if (!check) return [finding]
    const blob = blobs.get(finding.path)
    // No blob to look at (e.g. a symlink's target): keep the finding, fail closed.
    if (!blob) return [finding]
    if (contentOffends(check, blob.toString('latin1'))) {
      return [{ ...finding, code: 'CREDENTIAL_CONTENT' }]
    }
    const entry = byPath.get(finding.path)
    if (entry) cleared.push(entry)
    return []
  })
  if (cleared.length > 0) findings.push(...input.rejudge(cleared))

  const templateSeverity = severityOf('env-template', input.severities)
  const driftSeverity = severityOf('env-drift', input.severities)
  for (const entry of candidates.templates) {
    const text = blobs.get(entry.path)?.toString('utf8')
    if (text === undefined) continue
    if (templateSeverity !== 'off')
      findings.push(...templateFindings(entry, text, templateSeverity))
    const envPath = envFileOf(entry.path)
    if (driftSeverity === 'off' || envPath === undefined) continue
    const envText = input.source.readLocalFile(envPath)
    if (envText === undefined) continue
    const { keys, lines } = missingTemplateLines(envText, text)
    if (keys.length === 0) continue
    findings.push({
      code: 'TEMPLATE_DRIFT',
      path: entry.path,
      category: 'env-drift',
      severity: driftSeverity,
      status: entry.status,
      ruleId: 'env-drift:keys',
      detail: { keys, fix: lines },
    })
  }
  return findings
}

/**
 * An env file stays blocked by its path; its content only says whether a real-looking value
 * was seen (the first one's key, line and kind, never the value). Unreadable or binary: no
 * verdict, so the advice stays that of a leak.
 */
function withEnvContent(finding: Finding, blob: Buffer | undefined): Finding {
  if (!blob || blob.includes(0)) return finding
  const [first] = scanTemplate(blob.toString('utf8'))
  return {
    ...finding,
    detail: first
      ? { realValue: true, key: first.key, line: first.line, kind: first.kind }
      : { realValue: false },
  }
}

/** One finding per real-looking value of a template: key, line and kind, never the value. */
export function templateFindings(
  entry: StagedEntry & { commits?: string[] },
  text: string,
  severity: Exclude<Severity, 'off'>,
): Finding[] {
  return scanTemplate(text).map((secret) => ({
    code: 'TEMPLATE_VALUE',
    path: entry.path,
    category: 'env-template',
    severity,
    status: entry.status,
    ruleId: 'env-template:value',
    ...(entry.commits ? { commits: entry.commits } : {}),
    detail: {
      key: secret.key,
      line: secret.line,
      kind: secret.kind,
      fix: [placeholderLine(secret.key)],
    },
  }))
}
