import { filterRepoCommand } from '../recovery/commands.js'
import { shellQuote } from '../recovery/quote.js'
import type { RecoveryUnit, Report } from '../types.js'
import { renderAdvice } from './advice.js'
import { reportAllowSnippet } from './allow.js'
import { renderRewriteSteps, shortId } from './rewrite.js'
import { categoryInfo, envContentNote, REWRITE_TEXT, TEXT } from './messages.js'
import type { Style } from './style.js'

/** The category a unit is listed under: that of most of its paths. */
function unitCategory(unit: RecoveryUnit): string {
  const counts = new Map<string, number>()
  let best = unit.findings[0]!.category
  for (const { category } of unit.findings) {
    const count = (counts.get(category) ?? 0) + 1
    counts.set(category, count)
    if (count > (counts.get(best) ?? 0)) best = category
  }
  return best
}

/** 3000 -> "3,000". Not toLocaleString: loading ICU's locale data costs ~12 ms per run. */
function groupDigits(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function unitLine(unit: RecoveryUnit, report: Report): string {
  const shown = shellQuote(unit.isDir ? `${unit.path}/` : unit.path)
  const notes: string[] = []
  if (unit.isDir)
    notes.push(`${groupDigits(unit.findings.length)} file${unit.findings.length === 1 ? '' : 's'}`)
  if (!unit.isDir && report.forceAdded.has(unit.path)) notes.push('force-added')
  if (report.rewrite) {
    const ids = new Set(unit.findings.flatMap((finding) => finding.commits ?? []))
    notes.push(REWRITE_TEXT.commits([...ids].map(shortId)))
  } else if (!unit.isDir && report.envInHead.includes(unit.path)) notes.push('already in HEAD')
  const seen = envContentNote(unit.findings)
  if (seen !== undefined) notes.push(seen)
  return `  ${shown}${notes.length ? ` (${notes.join(', ')})` : ''}`
}

/**
 * The text report: findings grouped by category and collapsed per directory, then the
 * recovery commands and .gitignore lines — printed bare, each alone on its line, so they can
 * be copied or piped to sh.
 */
export function renderText(report: Report, style: Style): string {
  if (report.findings.length === 0) return ''
  const out: string[] = []
  const groups = new Map<string, RecoveryUnit[]>()
  for (const unit of report.units) {
    const category = unitCategory(unit)
    groups.set(category, [...(groups.get(category) ?? []), unit])
  }
  for (const [category, units] of groups) {
    const blocked = units.some((unit) => unit.findings.some((f) => f.severity === 'block'))
    const { title, why } = categoryInfo(category, report.customMessages)
    const label = blocked ? style.red('✖ blocked') : style.yellow('⚠ warning')
    out.push(`${label} ${style.bold(category)}: ${title} (${why})`)
    for (const unit of units) out.push(unitLine(unit, report))
  }

  if (report.rewrite) out.push(...renderRewriteSteps(report.rewrite, style))
  else if (report.commands.length > 0) {
    out.push('', style.bold(TEXT.removeHeading), ...report.commands.map((command) => command.text))
  }
  if (report.gitignore.length > 0) {
    out.push('', style.bold(TEXT.gitignoreHeading), ...report.gitignore)
  }
  for (const [path, rule] of report.forceAdded) {
    out.push(
      '',
      style.dim(TEXT.forceAdded(shellQuote(path), `${rule.source}:${rule.line} (${rule.pattern})`)),
    )
  }
  for (const [path, rule] of report.reincluded) {
    out.push(
      '',
      style.dim(TEXT.reincluded(shellQuote(path), `${rule.source}:${rule.line} (${rule.pattern})`)),
    )
  }
  if (report.envInHead.length > 0) {
    out.push('', style.red(TEXT.leakedHeading))
    out.push(filterRepoCommand(report.envInHead))
    out.push(style.dim(TEXT.leakedFooter))
  }
  // --fix applies only the commands above: its hint goes before any content advice.
  const advice = renderAdvice(report, style)
  const fixable = !report.rewrite && (report.commands.length > 0 || report.gitignore.length > 0)
  if (fixable && advice.length > 0) out.push('', style.dim(TEXT.fixHint))
  out.push(...advice)
  // The way out of a policy block, instead of --no-verify.
  const allow = reportAllowSnippet(report)
  if (allow) out.push('', style.bold(allow.heading), ...allow.lines)
  if (report.temporaryIndex) out.push('', TEXT.temporaryIndex)
  if (report.rewrite || report.mode === 'range' || report.mode === 'pre-receive') {
    if (report.blocked && report.mode === 'pre-receive') {
      out.push('', style.red(REWRITE_TEXT.rejected))
    }
  } else {
    const tail: string[] = []
    if (fixable && advice.length === 0) tail.push(style.dim(TEXT.fixHint))
    if (report.blocked) tail.push(style.dim(TEXT.bypass))
    if (tail.length > 0) out.push('', ...tail)
  }
  while (out[0] === '') out.shift() // only content findings: no path groups above them
  return `${out.join('\n')}\n`
}
