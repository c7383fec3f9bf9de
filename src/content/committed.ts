import { readBlobsAt } from '../git/blobs.js'
import type { GitContext } from '../git/exec.js'
import type { HistoryEntry } from '../git/log.js'
import type { CategoryId, Finding, Severity } from '../types.js'
import { isTemplatePath, severityOf } from './select.js'
import { placeholderLine, scanTemplate } from './templates.js'

/**
 * `--range` and `--pre-receive`: env templates that the commits added or modified, read as the
 * last of those commits holds them, judged like staged ones. A real-looking value there was
 * committed (perhaps with `--no-verify`): it must be replaced, and the key rotated.
 */
export async function committedTemplateFindings(input: {
  ctx: GitContext
  entries: readonly HistoryEntry[]
  severities?: Partial<Record<CategoryId, Severity>>
  envTemplates?: readonly string[]
  ignoreCase: boolean
  isAllowed: (path: string) => boolean
}): Promise<Finding[]> {
  const severity = severityOf('env-template', input.severities)
  if (severity === 'off') return []
  const templates = input.entries.filter(
    (entry) =>
      entry.commits.length > 0 && !input.isAllowed(entry.path) && isTemplatePath(entry, input),
  )
  if (templates.length === 0) return []
  const blobs = await readBlobsAt(
    input.ctx,
    templates.map((entry) => ({
      commit: entry.commits[entry.commits.length - 1]!,
      path: entry.path,
    })),
  )
  const findings: Finding[] = []
  templates.forEach((entry, i) => {
    const text = blobs[i]?.toString('utf8')
    if (text === undefined) return
    for (const secret of scanTemplate(text)) {
      findings.push({
        path: entry.path,
        category: 'env-template',
        severity,
        status: entry.status,
        ruleId: 'env-template:value',
        commits: entry.commits,
        detail: {
          key: secret.key,
          line: secret.line,
          kind: secret.kind,
          fix: [placeholderLine(secret.key)],
        },
      })
    }
  })
  return findings
}
