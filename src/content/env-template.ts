/**
 * Env templates, the files teams commit instead of `.env`: judging their values (`scanTemplate`),
 * the placeholders that replace real ones, and the keys a template lacks.
 */
import { parse } from 'dotenv'
import { isVaultPath } from './select.js'
import { detectFormat, detectInLine, detectSecret } from './secrets.js'

/** `KEY=value`, `export KEY=value` and dotenv's `KEY: value`. */
const ENV_ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*|:\s+)(.*)$/

/** A key name that is itself a credential (`ghp_…=`) is never copied either. */
const keyIsSafe = (key: string) => detectFormat(key) === undefined

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

/** `# KEY=…` and `# export KEY=…`: a commented-out assignment, whose key is kept. */
const COMMENTED_OUT = /^(\s*#\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)/

/**
 * The template lines of a `.env`: every assignment with its value replaced by a placeholder,
 * commented-out assignments likewise (`# KEY=your-key-here`), blank lines kept. Nothing else
 * of `.env` is carried over: comment text, trailing `# comments` and lines dotenv does not read
 * as an assignment can hold an old key or a password, and the template is committed. Keys are
 * the ones dotenv itself parses, so quoting, `export ` prefixes and multi-line values are read
 * as the app will read them.
 */
export function templateLines(envText: string): EnvLine[] {
  const keys = new Set(Object.keys(parse(envText)))
  const lines = envText.split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  const out: EnvLine[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const match = ENV_ASSIGNMENT.exec(line)
    if (!match || !keys.has(match[2]!) || !keyIsSafe(match[2]!)) {
      const commented = COMMENTED_OUT.exec(line)
      if (commented && keyIsSafe(commented[2]!)) {
        const [, hash = '', key = '', equals = ''] = commented
        out.push({ text: `${hash}${key}${equals}${placeholderFor(key)}` })
      } else if (line.trim() === '') out.push({ text: '' })
      continue
    }
    const [, prefix = '', key = '', equals = '', value = ''] = match
    const quote = value.charAt(0)
    if (quote === '"' || quote === "'" || quote === '`') {
      i = closesOn(lines, i, value.slice(1), quote)
    }
    out.push({ key, text: `${prefix}${key}${equals}${placeholderFor(key)}` })
  }
  return out
}

/**
 * The template lines for the keys of `.env` that `templateText` lacks: `KEY=placeholder` only,
 * never a value and never comment text. A key that the template mentions only in a
 * commented-out assignment (`# KEY=`) counts as present.
 */
export function missingTemplateLines(
  envText: string,
  templateText: string,
): { keys: string[]; lines: string[] } {
  const known = new Set(Object.keys(parse(templateText)))
  for (const match of templateText.matchAll(/^\s*#\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=/gm)) {
    known.add(match[1]!)
  }
  const keys: string[] = []
  const additions: string[] = []
  for (const line of templateLines(envText)) {
    if (line.key === undefined || known.has(line.key) || keys.includes(line.key)) continue
    keys.push(line.key)
    additions.push(line.text)
  }
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
  const parsed = parse(text)
  for (const [key, value] of Object.entries(parsed)) {
    const hit = detectSecret(key, value)
    if (hit) found.push({ key, line: lineOf.get(key) ?? 0, kind: hit.kind })
  }
  const flagged = new Set(found.map((secret) => secret.line))
  lines.forEach((line, index) => {
    if (flagged.has(index + 1)) return
    const commented = /^\s*#/.test(line)
    const assigned = ASSIGNMENT.exec(line)?.[1]
    if (!commented && assigned === undefined) return
    // The raw line: commented-out values, and what dotenv cut off at an unquoted `#`.
    const hit = detectInLine(line) ?? (commented ? undefined : detectUncut(line, parsed))
    if (!hit) return
    if (commented) {
      const named = COMMENTED_ASSIGNMENT.exec(line)?.[1]
      const key = named !== undefined && keyIsSafe(named) ? named : '(comment)'
      found.push({ key, line: index + 1, kind: `${hit.kind} in a comment` })
    } else if (keyIsSafe(assigned!)) {
      found.push({ key: assigned!, line: index + 1, kind: hit.kind })
    }
  })
  return found.sort((a, b) => a.line - b.line)
}

/**
 * An unquoted value as written, up to a ` # comment`: dotenv ends such a value at its first
 * `#`, so `SECRET_KEY=mo3m##…` reads as `mo3m`, but the whole value is in the committed file.
 * Judged only where the two differ (the parsed value was judged already).
 */
function detectUncut(line: string, parsed: Record<string, string>) {
  const match = ENV_ASSIGNMENT.exec(line)
  if (!match) return undefined
  const [, , key = '', , value = ''] = match
  if (/^["'`]/.test(value)) return undefined
  const raw = value.replace(/(?:^|\s+)#.*$/, '').trim()
  return raw === (parsed[key] ?? '').trim() ? undefined : detectSecret(key, raw)
}

/** The line to write instead of a real value. */
export function placeholderLine(key: string): string {
  return key === '(comment)'
    ? '# (remove the key from this comment)'
    : `${key}=${placeholderFor(key)}`
}

/** dotenv-vault's lines: one ciphertext per environment, and its format version. */
const VAULT_LINE =
  /^DOTENV_VAULT(?:_[A-Z0-9]+)*\s*=\s*(["']?)[A-Za-z0-9+/]{16,}={0,2}\1$|^DOTENV_VAULT(?:_[A-Z0-9]+)*_VERSION\s*=\s*\d+$/

/**
 * A `.env.vault` that holds dotenv-vault ciphertexts only (`DOTENV_VAULT_<ENV>="…"`,
 * `…_VERSION=2`, comments without a credential in them): encrypted, and meant to be committed.
 * Any other line, or a name other than `.env.vault`, is judged as an env file.
 */
export function isEncryptedVault(path: string, blob: Buffer): boolean {
  if (!isVaultPath(path) || blob.includes(0)) return false
  const lines = blob
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const comment = (line: string) => line.startsWith('#') && detectFormat(line) === undefined
  return (
    lines.some((line) => VAULT_LINE.test(line)) &&
    lines.every((line) => comment(line) || VAULT_LINE.test(line))
  )
}
