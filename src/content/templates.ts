import { parse } from 'dotenv'
import { placeholderFor } from './env-template.js'
import { detectFormat, detectSecret } from './secrets.js'

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
