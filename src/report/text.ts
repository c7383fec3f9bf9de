import { appendGitignoreCommands } from '../recovery/commands.js'
import { shellQuote, visible } from '../recovery/quote.js'
import { SECRET_CATEGORIES } from '../rules/categories.js'
import type { Finding, IgnoreRule, RecoveryUnit, Report } from '../types.js'
import { renderAdvice } from './advice.js'
import { reportAllowSnippet } from './allow.js'
import { renderRewriteSteps, shortId } from './rewrite.js'
import { categoryInfo, envContentNote, REWRITE_TEXT, TEXT } from './messages.js'
import type { Style } from './style.js'

/** How many found files a collapsed folder names, and how many examples a grouped note gives. */
const SHOWN_INSIDE = 3
/** How many ignore rules get their own "ignored yet staged" note before the rest are counted. */
const SHOWN_RULES = 5

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

/** The files a collapsed folder is named by: secrets first, then the shallowest, then by path. */
function insideExamples(findings: readonly Finding[]): Finding[] {
  const depth = (path: string) => path.split('/').length
  const rank = (f: Finding) => (SECRET_CATEGORIES.has(f.category) ? 0 : 1)
  return [...findings]
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        depth(a.path) - depth(b.path) ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    )
    .slice(0, SHOWN_INSIDE)
}

function unitLines(unit: RecoveryUnit, report: Report): string[] {
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
  const lines = [`  ${shown}${notes.length ? ` (${notes.join(', ')})` : ''}`]
  if (unit.isDir) {
    // A folder is one line to untrack, yet what was found inside it must stay visible.
    const examples = insideExamples(unit.findings)
    lines.push(...examples.map((finding) => `    ${shellQuote(finding.path)}`))
    const rest = unit.findings.length - examples.length
    if (rest > 0) lines.push(`    ${TEXT.andMore(groupDigits(rest))}`)
  }
  return lines
}

/**
 * The "ignored yet staged" (or "re-included") notes, one per rule rather than one per file: a
 * force-added virtualenv of 10,000 files is one line, and the number of rules shown is bounded.
 */
function groupedNotes(
  paths: ReadonlyMap<string, IgnoreRule>,
  one: (path: string, where: string) => string,
  many: (count: string, where: string, examples: string) => string,
): string[] {
  const byRule = new Map<string, string[]>()
  for (const [path, rule] of paths) {
    const where = visible(`${rule.source}:${rule.line} (${rule.pattern})`)
    byRule.set(where, [...(byRule.get(where) ?? []), path])
  }
  const out: string[] = []
  let hidden = 0
  let shownRules = 0
  for (const [where, list] of byRule) {
    if (shownRules === SHOWN_RULES) {
      hidden += list.length
      continue
    }
    shownRules++
    if (list.length === 1) out.push(one(shellQuote(list[0]!), where))
    else {
      const examples = list.slice(0, SHOWN_INSIDE).map(shellQuote)
      if (list.length > SHOWN_INSIDE) examples.push('…')
      out.push(many(groupDigits(list.length), where, examples.join(', ')))
    }
  }
  if (hidden > 0) out.push(TEXT.moreRules(groupDigits(hidden)))
  return out
}

/**
 * The text report: findings grouped by category and collapsed per directory, then the
 * recovery commands and the `.gitignore` step — printed bare, each alone on its line, valid
 * from any directory of the work tree, so they can be copied or piped to sh.
 */
export function renderText(report: Report, style: Style): string {
  const configNote = renderConfiguration(report, style)
  if (report.findings.length === 0 && !report.objectRefs?.length) {
    return report.configuration?.changed.length ? `${configNote.join('\n')}\n` : ''
  }
  const out: string[] = []
  const audit = report.mode === 'all'
  const commitModes =
    report.mode === 'range' || report.mode === 'pre-receive' || report.mode === 'pre-push'
  // A push the server refused, or the pre-push hook stopped: the commits never left.
  const refused = (report.mode === 'pre-receive' || report.mode === 'pre-push') && report.blocked
  const groups = new Map<string, { blocked: boolean; units: RecoveryUnit[] }>()
  for (const unit of report.units) {
    const blocked = unit.findings.some((f) => f.severity === 'block')
    const key = `${blocked ? 'block' : 'warn'}\0${unitCategory(unit)}`
    const group = groups.get(key) ?? { blocked, units: [] }
    group.units.push(unit)
    groups.set(key, group)
  }
  for (const [key, { blocked, units }] of groups) {
    const category = key.slice(key.indexOf('\0') + 1)
    const { title, why } = categoryInfo(category, report.customMessages)
    const label = blocked ? style.red('✖ blocked') : style.yellow('⚠ warning')
    out.push(`${label} ${style.bold(visible(category))}: ${title} (${why})`)
    for (const unit of units) out.push(...unitLines(unit, report))
  }

  out.push(...renderObjectRefs(report, style))
  if (report.rewrite) out.push(...renderRewriteSteps(report.rewrite, style, refused))
  else if (report.commands.length > 0) {
    const heading = audit ? TEXT.removeHeadingAudit : TEXT.removeHeading
    out.push('', style.bold(heading), ...report.commands.map((command) => command.text))
  }
  if (report.gitignore.length > 0) {
    out.push('', style.bold(TEXT.gitignoreHeading), ...appendGitignoreCommands(report.gitignore))
  }
  if (report.optionalCommands.length > 0 || report.optionalGitignore.length > 0) {
    out.push('', style.bold(TEXT.optionalHeading))
    out.push(...report.optionalCommands.map((command) => command.text))
    if (report.optionalGitignore.length > 0) {
      out.push(...appendGitignoreCommands(report.optionalGitignore))
    }
  }
  const notes = [
    ...groupedNotes(report.forceAdded, TEXT.forceAdded, TEXT.forceAddedMany),
    ...groupedNotes(report.reincluded, TEXT.reincluded, TEXT.reincludedMany),
  ]
  for (const note of notes) out.push('', style.dim(note))
  for (const path of report.unignorable) {
    out.push('', style.dim(TEXT.unignorable(shellQuote(path))))
  }
  // A refused push never reached the server: nothing leaked there, nothing to purge.
  if (report.envInHead.length > 0 && !refused) {
    out.push('', style.red(TEXT.leakedHeading))
    // The purge depends on where the commits went (a fresh mirror clone of the remote, or this
    // clone alone): `history` knows, and prints the steps that run as printed.
    out.push(TEXT.leakedCommand)
    out.push(style.dim(TEXT.leakedFooter))
  }
  // --fix applies only the commands above: its hint goes before any content advice. The
  // pre-commit framework runs the guard from its own environment: it is not on the user's PATH.
  const advice = renderAdvice(report, style)
  const fixable =
    !report.rewrite &&
    !report.preCommitFramework &&
    (report.commands.length > 0 || report.gitignore.length > 0)
  const fixHint = TEXT.fixHint(report.commands.length > 0 && report.gitignore.length > 0, audit)
  if (fixable && advice.length > 0) out.push('', style.dim(fixHint))
  out.push(...advice)
  // The way out of a policy block, instead of --no-verify.
  const allow = reportAllowSnippet(report)
  if (allow) out.push('', style.bold(allow.heading), ...allow.lines)
  if (report.temporaryIndex) out.push('', TEXT.temporaryIndex)
  if (commitModes) {
    if (refused) {
      out.push(
        '',
        style.red(report.mode === 'pre-push' ? REWRITE_TEXT.prePushStopped : REWRITE_TEXT.rejected),
      )
    }
  } else {
    const tail: string[] = []
    if (fixable && advice.length === 0) tail.push(style.dim(fixHint))
    if (report.blocked && !audit) {
      tail.push(style.dim(report.preCommitFramework ? TEXT.bypassPreCommit : TEXT.bypass))
    }
    if (tail.length > 0) out.push('', ...tail)
  }
  if (configNote.length > 0) out.push('', ...configNote)
  while (out[0] === '') out.shift() // only content findings: no path groups above them
  return `${out.join('\n')}\n`
}

/**
 * A push of refs that name a tree or a blob: no commit holds what they point at, so there is
 * nothing to amend. Each ref is listed with what its tree holds (or that it is a blob).
 */
function renderObjectRefs(report: Report, style: Style): string[] {
  const out: string[] = []
  for (const objectRef of report.objectRefs ?? []) {
    const label = objectRef.blocked ? style.red('✖ blocked') : style.yellow('⚠ warning')
    const what =
      objectRef.kind === 'blob'
        ? REWRITE_TEXT.blobRef(shortId(objectRef.oid))
        : REWRITE_TEXT.treeRef(shortId(objectRef.oid))
    out.push(`${label} ${style.bold(shellQuote(objectRef.ref))}: ${what}`)
    for (const finding of report.findings) {
      if (finding.refs?.includes(objectRef.ref)) {
        out.push(`  ${shellQuote(finding.path)} (${finding.category})`)
      }
    }
  }
  if (out.length > 0) out.push(style.dim(REWRITE_TEXT.objectRefHint))
  return out
}

/** `--range`: which configuration judged the range, and that the range's own change to it did not. */
function renderConfiguration(report: Report, style: Style): string[] {
  const used = report.configuration
  if (!used) return []
  const out = [style.dim(REWRITE_TEXT.configUsed(used.source, used.at && shortId(used.at)))]
  if (used.changed.length > 0) {
    out.push(style.yellow(REWRITE_TEXT.configChanged(used.changed.map((path) => shellQuote(path)))))
  }
  return out
}
