import type { Report } from '../types.js'
import { shellQuote, visible } from '../recovery/quote.js'
import type { Finding } from '../types.js'
import { formatBytes } from './messages.js'
import { categoryInfo } from './messages.js'
import type { Style } from './style.js'

/**
 * Wording for content findings: templates holding real-looking values, templates
 * behind the local `.env`, big files. Their recovery is an edit the user makes, printed bare;
 * `--fix` never runs it (it touches only the index and `.gitignore`). Values are never shown.
 */

const ROTATE_COMMITTED =
  'These values are in commits already: treat them as leaked and rotate those keys too.'

const HEADINGS: Record<string, (path: string) => string> = {
  'env-template': (path) =>
    `Put placeholders in ${shellQuote(path)} itself, then \`git add\` it again (it is meant to be committed; the guard never edits it):`,
  'env-drift': (path) =>
    `Add to ${shellQuote(path)} so the template stays the onboarding contract (values stay in your .env):`,
  'large-file': () =>
    'Track them with Git LFS (from any directory of the work tree), or keep them out of git:',
}

function findingLine(finding: Finding): string {
  const path = shellQuote(finding.path)
  const detail = finding.detail ?? {}
  switch (finding.category) {
    case 'env-template':
      return `  ${path}:${detail.line} ${visible(detail.key ?? '')} (${detail.kind})`
    case 'env-drift':
      return `  ${path} lacks ${visible(detail.keys?.join(', ') ?? '')}`
    default:
      return `  ${path} (${formatBytes(detail.bytes ?? 0)})`
  }
}

/** The text sections for content findings, one per category, only for those that fired. */
export function renderAdvice(report: Report, style: Style): string[] {
  const out: string[] = []
  for (const category of ['env-template', 'env-drift', 'large-file']) {
    const findings = report.findings.filter((finding) => finding.category === category)
    if (findings.length === 0) continue
    const { title, why } = categoryInfo(category)
    const blocked = findings.some((finding) => finding.severity === 'block')
    const label = blocked ? style.red('✖ blocked') : style.yellow('⚠ warning')
    out.push('', `${label} ${style.bold(category)}: ${title} (${why})`)
    out.push(...findings.map(findingLine))
    // Fix lines grouped per file for templates, one block for all big files.
    const byHeading = new Map<string, string[]>()
    for (const finding of findings) {
      const heading = HEADINGS[category]!(finding.path)
      const lines = byHeading.get(heading) ?? []
      for (const line of (finding.detail?.fix ?? []).map(visible)) {
        if (!lines.includes(line)) lines.push(line)
      }
      byHeading.set(heading, lines)
    }
    for (const [heading, lines] of byHeading) out.push('', style.bold(heading), ...lines)
    // A refused push (`--pre-receive`) never reached the server: nothing to rotate there.
    if (category === 'env-template' && report.mode === 'range') {
      out.push(style.red(ROTATE_COMMITTED))
    }
  }
  return out
}
