/**
 * Env templates, the files teams commit instead of `.env`: judging their values (`scanTemplate`),
 * the placeholders that replace real ones, and the keys a template lacks.
 */
import { parse } from 'dotenv'
import { detectFormat, detectSecret } from './secrets.js'

const ENV_ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$/

/** A placeholder that can never be mistaken for a real value. */
function placeholderFor(key: string): string {
  return `your-${key.toLowerCase().replace(/[_.]+/g, '-')}-here`
}

interface EnvLine {
  /** The key assigned on this line, if any. */
  key?: string
  /** The line as it should appear in the template. */
  text: string
}

/** The line on which a value that opens `quote` on line `start` closes it (multi-line values). */
function closesOn(
  lines: readonly string[],
  start: number,
  afterQuote: string,
  quote: string,
): number {
  if (afterQuote.includes(quote)) return start
  for (let i = start + 1; i < lines.length; i++) {
    if ((lines[i] ?? '').includes(quote)) return i
  }
  return lines.length - 1
}

/**
 * The template lines of a `.env`: comments and blank lines kept, every value replaced by a
 * placeholder, trailing `# comments` kept. Keys are the ones dotenv itself parses, so
 * quoting, `export ` prefixes and multi-line values are read as the app will read them.
 */
export function templateLines(envText: string): EnvLine[] {
  const keys = new Set(Object.keys(parse(envText)))
  const lines = envText.split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  const out: EnvLine[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const match = ENV_ASSIGNMENT.exec(line)
    if (!match || !keys.has(match[2]!)) {
      out.push({ text: line })
      continue
    }
    const [, prefix = '', key = '', equals = '', value = ''] = match
    const quote = value.charAt(0)
    let comment: string
    if (quote === '"' || quote === "'" || quote === '`') {
      const end = closesOn(lines, i, value.slice(1), quote)
      const lastLine = end === i ? value.slice(1) : (lines[end] ?? '')
      const after = lastLine.slice(lastLine.indexOf(quote) + 1)
      comment = /\s#/.test(after) ? after.slice(after.search(/\s#/)) : ''
      i = end
    } else {
      const hash = value.search(/\s#/)
      comment = hash === -1 ? '' : value.slice(hash)
    }
    out.push({ key, text: `${prefix}${key}${equals}${placeholderFor(key)}${comment}` })
  }
  return out
}

/**
 * The template lines for the keys of `.env` that `templateText` lacks, each with the comment
 * lines that sit directly above it in `.env` (placeholders only, never a value). A key that the
 * template mentions only in a commented-out assignment (`# KEY=`) counts as present.
 */
export function missingTemplateLines(
  envText: string,
  templateText: string,
): { keys: string[]; lines: string[] } {
  const lines = templateLines(envText)
  const known = new Set(Object.keys(parse(templateText)))
  for (const match of templateText.matchAll(/^\s*#\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=/gm)) {
    known.add(match[1]!)
  }
  const keys: string[] = []
  const additions: string[] = []
  lines.forEach((line, index) => {
    if (line.key === undefined || known.has(line.key)) return
    const comments: string[] = []
    for (
      let j = index - 1;
      j >= 0 && lines[j]!.key === undefined && /^\s*#/.test(lines[j]!.text);
      j--
    ) {
      comments.unshift(lines[j]!.text)
    }
    keys.push(line.key)
    additions.push(...comments, line.text)
  })
  return { keys, lines: additions }
}

/** A value in a template that looks real: where it is and what it looks like, never the value. */
export interface TemplateSecret {
  key: string
  /** 1-based line of the assignment (the last one: dotenv keeps the last). */
  line: number
  kind: string
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]/
const COMMENTED_ASSIGNMENT = /^\s*#\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/

/**
 * Judge a template's text as dotenv reads it (quoting, `export `, multi-line values), plus a
 * known credential format on a commented-out line (`# OPENAI_API_KEY=sk-…` leaks just as well).
 */
export function scanTemplate(text: string): TemplateSecret[] {
  const lines = text.split(/\r?\n/)
  const lineOf = new Map<string, number>()
  lines.forEach((line, index) => {
    const key = ASSIGNMENT.exec(line)?.[1]
    if (key !== undefined) lineOf.set(key, index + 1)
  })
  const found: TemplateSecret[] = []
  for (const [key, value] of Object.entries(parse(text))) {
    const hit = detectSecret(key, value)
    if (hit) found.push({ key, line: lineOf.get(key) ?? 0, kind: hit.kind })
  }
  lines.forEach((line, index) => {
    if (!/^\s*#/.test(line)) return
    const hit = detectFormat(line)
    if (!hit) return
    const key = COMMENTED_ASSIGNMENT.exec(line)?.[1] ?? '(comment)'
    found.push({ key, line: index + 1, kind: `${hit.kind} in a comment` })
  })
  return found.sort((a, b) => a.line - b.line)
}

/** The line to write instead of a real value. */
export function placeholderLine(key: string): string {
  return key === '(comment)'
    ? '# (remove the key from this comment)'
    : `${key}=${placeholderFor(key)}`
}
