/**
 * The `.env.example` that `init` writes from a `.env`: the same keys in the same order, the
 * values that are plainly configuration kept (`PORT=8080`, `DEBUG=true`, `EMPTY=`), every
 * value that could be a secret replaced by a placeholder, and comment text copied only when
 * nothing in it could be one. Lines are found with dotenv's own line grammar, so quoting,
 * `export `, `KEY: value` and multi-line values are read exactly as the app reads them.
 */
import { parse } from 'dotenv'
import { TEMPLATE_COMMENT_LEFT_OUT } from '../report/messages.js'
import { detectFormat, detectSecret, entropy } from './secrets.js'

/** dotenv's `LINE` (lib/main.js), with `d` for match indices: where each key and value sit. */
const DOTENV_LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm

/** Names whose value is a credential whatever it looks like. */
const SECRET_NAME = /KEY|SECRET|TOKEN|PASS|PWD|AUTH|CREDENTIAL|PRIVATE|DSN|SALT|SIGNATURE|CERT/i

/** `scheme://user:password@`: any password at all. */
const URL_WITH_PASSWORD = /:\/\/[^\s/@:]*:[^\s/@]+@/

/** A word that names a secret, followed by a value (`# old password: hunter2`). */
const LABELLED_SECRET =
  /(?:pass(?:word|wd)?|pwd|secret|token|api[-_ ]?key|private[-_ ]?key)\s*[:=]\s*\S/i

const COMMENTED_ASSIGNMENT = /^(\s*#\s*(?:export\s+)?)([A-Za-z_][\w.-]*)(\s*=\s*)(.*)$/

/** A placeholder that can never be mistaken for a real value. */
function placeholderFor(key: string): string {
  return `your-${key.toLowerCase().replace(/[_.]+/g, '-')}-here`
}

/** A long run of token characters with the spread of a random string. */
function hasRandomToken(text: string): boolean {
  for (const token of text.match(/[A-Za-z0-9+/=_-]{20,}/g) ?? []) {
    if (entropy(token) >= 3.5) return true
  }
  return false
}

/** May this comment text (or any non-assignment line) be copied into a committed file? */
function isSafeText(text: string): boolean {
  return !(
    detectFormat(text) !== undefined ||
    /-----BEGIN/.test(text) ||
    URL_WITH_PASSWORD.test(text) ||
    LABELLED_SECRET.test(text) ||
    hasRandomToken(text)
  )
}

/** May a value be kept as it is in the template? Only plain one-line configuration. */
function isKeepableValue(key: string, value: string): boolean {
  if (value === '') return true
  if (/[\r\n]/.test(value) || SECRET_NAME.test(key)) return false
  if (detectSecret(key, value) !== undefined) return false
  return isSafeText(value)
}

/** One line of the template, and the key it assigns (if it assigns one). */
interface TemplateLine {
  key?: string
  text: string
}

/** A source line that is not an assignment: kept when it is blank or safe, else a marker. */
function otherLine(line: string): TemplateLine {
  const commented = COMMENTED_ASSIGNMENT.exec(line)
  if (commented) {
    const [, prefix = '', key = '', equals = '', raw = ''] = commented
    const value = raw.trim().replace(/^(['"`])(.*)\1$/, '$2')
    const kept = isKeepableValue(key, value) && isSafeText(raw)
    return { text: `${prefix}${key}${equals}${kept ? raw.trim() : placeholderFor(key)}` }
  }
  if (line.trim() === '' || isSafeText(line)) return { text: line }
  return { text: TEMPLATE_COMMENT_LEFT_OUT }
}

/** The template lines for a `.env`'s text, in its order. */
function envTemplateLines(envText: string): TemplateLine[] {
  const text = envText.replace(/\r\n?/g, '\n')
  const out: TemplateLine[] = []
  let done = 0
  const pushOthers = (from: number, to: number) => {
    if (to <= from) return
    const chunk = text.slice(from, to).replace(/\n$/, '')
    for (const line of chunk.split('\n')) out.push(otherLine(line))
  }
  for (const match of text.matchAll(DOTENV_LINE)) {
    const key = match[1]!
    const indices = match.indices!
    const keyStart = indices[1]![0]
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1
    if (lineStart < done) continue // a key-like word inside a value already consumed
    const group = indices[2] ? text.slice(indices[2][0], indices[2][1]) : ''
    const raw = group.trim()
    // Where the value as written starts and ends (dotenv's group keeps spaces around it).
    const valueStart = indices[2] ? indices[2][0] + group.indexOf(raw) : indices[1]![1]
    const valueEnd = indices[2] ? valueStart + raw.length : indices[1]![1]
    const newline = text.indexOf('\n', valueEnd)
    const lineEnd = newline === -1 ? text.length : newline
    pushOthers(done, lineStart)
    const head = indices[2]
      ? text.slice(lineStart, valueStart)
      : text.slice(lineStart, lineEnd).replace(/\s*(#.*)?$/, '')
    const value = parse(`${key}=${raw}`)[key] ?? ''
    const rendered = isKeepableValue(key, value) && !raw.includes('\n') ? raw : placeholderFor(key)
    const rest = indices[2] ? text.slice(valueEnd, lineEnd) : ''
    const comment = /^\s+#/.test(rest) && isSafeText(rest) ? rest.replace(/\s+$/, '') : ''
    out.push({ key, text: `${head}${rendered}${comment}` })
    done = lineEnd + 1
  }
  pushOthers(done, text.length)
  return out
}

/** Keys an existing template already has, also as a commented-out `# KEY=`. */
function templateKeys(templateText: string): Set<string> {
  const known = new Set(Object.keys(parse(templateText)))
  for (const match of templateText.matchAll(/^\s*#\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=/gm)) {
    known.add(match[1]!)
  }
  return known
}

/**
 * The `.env.example` to write: a new template from `.env`, or the existing template plus the
 * keys it lacks, each with the comment lines directly above it in `.env`. Existing bytes of
 * the template are never changed.
 */
export function envExampleFor(envText: string, existingExample: string | undefined): string {
  const lines = envTemplateLines(envText)
  if (existingExample === undefined) {
    return lines.length === 0 ? '' : `${lines.map((l) => l.text).join('\n')}\n`
  }
  const known = templateKeys(existingExample)
  const additions: string[] = []
  lines.forEach((line, index) => {
    if (line.key === undefined || known.has(line.key)) return
    known.add(line.key)
    const comments: string[] = []
    for (let j = index - 1; j >= 0; j--) {
      const above = lines[j]!
      if (above.key !== undefined || !/^\s*#/.test(above.text)) break
      comments.unshift(above.text)
    }
    additions.push(...comments, line.text)
  })
  if (additions.length === 0) return existingExample
  const separator = existingExample === '' || existingExample.endsWith('\n') ? '' : '\n'
  return `${existingExample}${separator}${additions.join('\n')}\n`
}
