import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readBlobs } from '../git/blobs.js'
import type { GitContext } from '../git/exec.js'
import { missingTemplateLines } from './env-template.js'
import type { CategoryId, Finding, Severity, StagedEntry } from '../types.js'
import { contentOffends } from './credential.js'
import { CONTENT_GATED, envFileOf, severityOf, type ContentCandidates } from './select.js'
import { placeholderLine, scanTemplate } from './templates.js'

export interface InspectInput {
  ctx: GitContext
  /** The working tree's top: the local `.env` of a template is read from there. */
  top: string
  entries: readonly StagedEntry[]
  findings: readonly Finding[]
  candidates: ContentCandidates
  severities?: Partial<Record<CategoryId, Severity>>
  /** Judge paths again without the content-gated rows (what else matches a harmless `.key`). */
  rejudge: (entries: StagedEntry[]) => Finding[]
}

/**
 * Read the few candidate blobs in one `git cat-file --batch` and judge them: drop credential
 * findings whose blob holds no key or token, add `env-template` findings for real-looking
 * values and `env-drift` findings for keys that the local `.env` has and the template lacks.
 */
export async function inspectContent(input: InspectInput): Promise<Finding[]> {
  const { candidates } = input
  const oidOf = new Map(input.entries.map((entry) => [entry.path, entry.oid]))
  const oids = [
    ...candidates.gated.map((finding) => oidOf.get(finding.path)),
    ...candidates.templates.map((entry) => entry.oid),
  ].filter((oid): oid is string => !!oid)
  const blobs = await readBlobs(input.ctx, oids)
  const blobOf = (path: string) => {
    const oid = oidOf.get(path)
    return oid ? blobs.get(oid) : undefined
  }

  const cleared: StagedEntry[] = []
  const findings = input.findings.filter((finding) => {
    const check = CONTENT_GATED.get(finding.ruleId)
    const blob = check ? blobOf(finding.path) : undefined
    // No blob to look at (e.g. a symlink's target): keep the finding, fail closed.
    if (!check || !blob || contentOffends(check, blob.toString('latin1'))) return true
    const entry = input.entries.find((candidate) => candidate.path === finding.path)
    if (entry) cleared.push(entry)
    return false
  })
  if (cleared.length > 0) findings.push(...input.rejudge(cleared))

  const templateSeverity = severityOf('env-template', input.severities)
  const driftSeverity = severityOf('env-drift', input.severities)
  for (const entry of candidates.templates) {
    const text = blobOf(entry.path)?.toString('utf8')
    if (text === undefined) continue
    if (templateSeverity !== 'off') {
      for (const secret of scanTemplate(text)) {
        findings.push({
          path: entry.path,
          category: 'env-template',
          severity: templateSeverity,
          status: entry.status,
          ruleId: 'env-template:value',
          detail: {
            key: secret.key,
            line: secret.line,
            kind: secret.kind,
            fix: [placeholderLine(secret.key)],
          },
        })
      }
    }
    const envPath = envFileOf(entry.path)
    if (driftSeverity === 'off' || envPath === undefined) continue
    const envText = readLocalEnv(join(input.top, envPath))
    if (envText === undefined) continue
    const { keys, lines } = missingTemplateLines(envText, text)
    if (keys.length === 0) continue
    findings.push({
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

function readLocalEnv(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    // No local .env (or not a readable file): nothing can have drifted.
    return undefined
  }
}
