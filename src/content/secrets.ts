/**
 * Does a value look like a real secret? Pure: a key name and a value in, a kind out (never the
 * value). Used on env templates, which are committed and must hold the same variable names as
 * `.env` with placeholder values only.
 */

/** Known credential formats, each anchored on its documented prefix. */
const FORMATS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'Anthropic API key', pattern: /sk-ant-[A-Za-z0-9_-]{20,}/ },
  { kind: 'OpenAI API key', pattern: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/ },
  { kind: 'OpenAI API key', pattern: /\bsk-[A-Za-z0-9]{32,}/ },
  { kind: 'Groq API key', pattern: /\bgsk_[A-Za-z0-9]{20,}/ },
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { kind: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { kind: 'GitHub token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'Stripe live key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
  {
    kind: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
  },
  { kind: 'GitLab token', pattern: /\bgl(?:pat|dt|ptt|rt|cbt|ft|imt|oas)-[A-Za-z0-9_-]{20,}/ },
  { kind: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'PyPI token', pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/ },
  { kind: 'Twilio API key', pattern: /\bSK[0-9a-f]{32}\b/ },
  { kind: 'Stripe test key', pattern: /\b[sr]k_test_[A-Za-z0-9]{16,}/ },
  { kind: 'Heroku API key', pattern: /\bHRKU-[A-Za-z0-9_-]{30,}/ },
  { kind: 'DigitalOcean token', pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/ },
  { kind: 'HashiCorp Vault token', pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/ },
  { kind: '1Password service account token', pattern: /\bops_eyJ[A-Za-z0-9+/=_-]{50,}/ },
  { kind: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{34,}\b/ },
  {
    kind: 'Slack webhook URL',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/]{20,}/,
  },
  {
    kind: 'Discord webhook URL',
    pattern:
      /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,}/,
  },
  { kind: 'Azure storage account key', pattern: /AccountKey=[A-Za-z0-9+/]{80,}={0,2}/ },
]

const PEM_PRIVATE = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----([\s\S]*?)(-----END|$)/

/** `scheme://user:password@host`; the password is judged on its own. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:/@]*):([^\s@/]+)@([^\s/:?#]*)/i

/**
 * Words and shapes that only placeholders have: `your-…-here`, `replace-with-…`, `changeme`,
 * `<…>`, `${VAR}` references, runs of `x`, `*` or `.`, and the documented example values.
 */
const PLACEHOLDER =
  /your[-_ .]|^your|replace|change[-_ ]?(?:me|this|it)\b|placeholder|example|sample|dummy|fake|redacted|<[^>]*>|\$\{|\$\(|x{5,}|\*{3,}|\.{3}|…|\{\{[^}]*\}\}|\{%[^%]*%\}|^!!!.*!!!$/i

const PLACEHOLDER_WORDS = /^(?:none|null|nil|empty|test|todo|tbd|secret|token|key|password)$/i

/**
 * Names whose values are secrets: `*_KEY`, `*SECRET`, `*_TOKEN`, `*_PAT`, `SECRETKEY`, `PK`,
 * and passwords (`*PASSWORD*`, `*_PWD`, `*_PASS`, `*_PASS_PHRASE`).
 */
const SECRET_NAME =
  /(?:^|_)(?:KEY|TOKEN|PAT)$|SECRET$|SECRET_?KEY$|^PK$|PASSWORD|PASSWD|(?:^|_)(?:PWD|PASS)$|PASS_?PHRASE/i
const PASSWORD_NAME = /PASSWORD|PASSWD|(?:^|_)(?:PWD|PASS)$|PASS_?PHRASE/i
const PUBLIC_NAME = /PUBLIC|PUBLISHABLE/i

export interface SecretHit {
  /** What the value looks like, e.g. "OpenAI API key"; never the value itself. */
  kind: string
}

export function isPlaceholder(text: string): boolean {
  const value = text.trim()
  if (value === '') return true
  if (PLACEHOLDER.test(value) || PLACEHOLDER_WORDS.test(value)) return true
  // One character repeated (`0000`, `----`), possibly after a known prefix (`sk-xxxx`).
  return /^(?:[A-Za-z]{1,8}[-_])*(.)\1*$/.test(value)
}

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>()
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1)
  let bits = 0
  for (const count of counts.values()) {
    const p = count / text.length
    bits -= p * Math.log2(p)
  }
  return bits
}

/**
 * `dev-secret-change-in-prod`, `generate-a-random-one`, `super-secure-password-123`,
 * `demander à Mathéo`: words (letters of any script, a one-letter word among them) joined by
 * `-`, `_` or spaces, perhaps ending in a short number, read as prose.
 */
function isWordChain(value: string): boolean {
  const words = value.split(/[-_ ]+/)
  if (words.length > 2 && /^\d{1,4}$/.test(words[words.length - 1]!)) words.pop()
  return (
    words.length >= 2 &&
    words.every((word) => /^\p{L}+$/u.test(word)) &&
    words.filter((word) => word.length >= 3).length >= 2
  )
}

/**
 * Logins that the images themselves document, as their default or in their own examples:
 * public knowledge, not a secret, so a template showing them passes. `*` stands for any user
 * (the documented password goes with whatever `POSTGRES_USER` is set). Any login whose
 * password is its user name passes as well (`postgres:postgres`, `root:root`, `admin:admin`).
 * SQL Server's documented `sa` password, `yourStrong(!)Password`, is a placeholder by its words.
 */
const DOCUMENTED_LOGINS: readonly (readonly [user: string, password: string])[] = [
  // postgres image: `docker run -e POSTGRES_PASSWORD=mysecretpassword`; its compose file: `example`.
  ['*', 'mysecretpassword'],
  // mysql and mariadb images: `docker run -e MYSQL_ROOT_PASSWORD=my-secret-pw`; compose: root/example.
  ['*', 'my-secret-pw'],
  ['root', 'example'],
  // mongo image: `MONGO_INITDB_ROOT_USERNAME=mongoadmin`, `MONGO_INITDB_ROOT_PASSWORD=secret`.
  ['mongoadmin', 'secret'],
  // RabbitMQ creates guest/guest (loopback only); MinIO's root login is minioadmin/minioadmin.
  ['guest', 'guest'],
  ['minioadmin', 'minioadmin'],
]

/**
 * The words of a made-up URL password (`mysecretpassword`, `docqa_password`, `dbpass123`,
 * `postgrespassword`): with the URL's user and host names, a password spelled only from these,
 * perhaps ending in a short number and a `!`, is a placeholder. One letter changed
 * (`s3cretPassw0rd`, `Pa55w0rd!2024x`) makes it real.
 */
const PASSWORD_WORDS = [
  'password',
  'passwd',
  'pass',
  'pwd',
  'pw',
  'secret',
  'my',
  'your',
  'some',
  'super',
  'strong',
  'db',
  'app',
  'dev',
  'local',
  'test',
  'default',
  'admin',
  'root',
  'user',
  'postgres',
  'mysql',
  'mariadb',
  'mongo',
  'redis',
  'rabbitmq',
  'rabbit',
  'minio',
]

/** `text` is a run of `words` (each may repeat), found by a linear scan, never a backtracking regex. */
function spelledFrom(text: string, words: readonly string[]): boolean {
  const reachable = new Array<boolean>(text.length + 1).fill(false)
  reachable[0] = true
  for (let at = 0; at < text.length; at++) {
    if (!reachable[at]) continue
    for (const word of words) if (text.startsWith(word, at)) reachable[at + word.length] = true
  }
  return text.length > 0 && reachable[text.length] === true
}

function urlPasswordIsPlaceholder(user: string, password: string, host: string): boolean {
  let decoded = password
  try {
    decoded = decodeURIComponent(password)
  } catch {
    // Not percent-encoded after all: judge it as written.
  }
  if (isPlaceholder(decoded) || decoded === user || isWordChain(decoded)) return true
  if (DOCUMENTED_LOGINS.some(([u, p]) => (u === '*' || u === user) && p === decoded)) return true
  const names = [user, host.split('.')[0] ?? ''].filter((name) => name.length >= 2)
  const words = [...PASSWORD_WORDS, ...names.map((name) => name.toLowerCase())]
  const spelled = decoded
    .toLowerCase()
    .replace(/[-_.]/g, '')
    .replace(/\d{0,4}[!?]?$/, '')
  return decoded.length <= 64 && spelledFrom(spelled, words)
}

/**
 * Judge one `KEY=value` of an env template: a known credential format, a PEM private key, a
 * URL with a real-looking password, or a high-entropy value under a secret-looking name.
 * Placeholders pass.
 */
export function detectSecret(key: string, value: string): SecretHit | undefined {
  if (value.trim() === '') return undefined
  const format = detectFormat(value)
  if (format) return format
  const pem = PEM_PRIVATE.exec(value)
  if (pem) {
    const body = (pem[3] ?? '').replace(/\s+/g, '')
    if (body.length >= 40 && !isPlaceholder(body)) return { kind: 'PEM private key' }
  }
  const url = URL_PASSWORD.exec(value)
  if (url && !urlPasswordIsPlaceholder(url[1] ?? '', url[2] ?? '', url[3] ?? '')) {
    return { kind: 'URL with an embedded password' }
  }
  // camelCase and dotted names read as their words: `apiKey` as API_KEY, `mail.pass` as MAIL_PASS.
  const name = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[.-]/g, '_')
  if (!SECRET_NAME.test(name) || PUBLIC_NAME.test(name)) return undefined
  const trimmed = value.trim()
  if (trimmed.includes('://') || isPlaceholder(trimmed) || isWordChain(trimmed)) return undefined
  const isPassword = PASSWORD_NAME.test(name)
  const [minLength, minBits] = isPassword ? [8, 2.8] : [16, 3.3]
  if (trimmed.length >= minLength && entropy(trimmed) >= minBits) {
    return { kind: isPassword ? 'real-looking password' : 'high-entropy secret value' }
  }
  return undefined
}

/**
 * A known credential format or a URL with a real-looking password anywhere in a raw line:
 * comment lines, and assignment lines as written (dotenv cuts an unquoted value at ` #`, so
 * `postgres://app:s3cr#t@db` would otherwise be judged by its first half).
 */
export function detectInLine(line: string): SecretHit | undefined {
  const format = detectFormat(line)
  if (format) return format
  const url = URL_PASSWORD.exec(line)
  if (url && !urlPasswordIsPlaceholder(url[1] ?? '', url[2] ?? '', url[3] ?? '')) {
    return { kind: 'URL with an embedded password' }
  }
  return undefined
}

/** A known credential format anywhere in a line (used on comment lines of a template). */
export function detectFormat(text: string): SecretHit | undefined {
  for (const { kind, pattern } of FORMATS) {
    const match = pattern.exec(text)
    if (match && !isPlaceholder(match[0])) return { kind }
  }
  return undefined
}
