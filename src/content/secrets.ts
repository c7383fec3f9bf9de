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
 * `SomeRandomString` (Laravel's old default), `<…>`, `${VAR}` references, runs of `x`, `*` or
 * `.`, and the documented example values.
 */
const PLACEHOLDER =
  /your[-_ .]|^your|replace|change[-_ ]?(?:me|this|it)\b|placeholder|example|sample|dummy|fake|redacted|some[-_ ]?random|random[-_ ]?(?:string|key|secret|value|chars)|<[^>]*>|\$\{|\$\(|x{5,}|\*{3,}|\.{3}|…|\{\{[^}]*\}\}|\{%[^%]*%\}|^!!!.*!!!$/i

/**
 * Whole values that are words, and the well-known weak defaults a template ships for local
 * services, perhaps with a number (`secret123`, `admin123456`, `password1`).
 */
const PLACEHOLDER_WORDS =
  /^(?:none|null|nil|empty|todo|tbd|token|key|test|secret|password|passwd|pass|admin|root|demo|guest|user|qwerty)\d{0,6}$/i

/**
 * A value that names the password it stands for: letters around the word itself, perhaps a
 * short number (`smtppassword`, `mailpassword1`); a symbol or inner digit makes it real.
 */
const NAMES_A_PASSWORD = /^\p{L}{0,12}(?:password|passwd)\p{L}{0,12}\d{0,4}$/iu

/**
 * Names whose values are secrets: `*_KEY`, `*SECRET`, `*_TOKEN`, `*_PAT`, `SECRETKEY`, `PK`,
 * and passwords (`*PASSWORD*`, `*_PWD`, `*_PASS`, `*_PASS_PHRASE`).
 */
const SECRET_NAME =
  /(?:^|_)(?:KEY|TOKEN|PAT|COOKIE|SALT)$|SECRET$|SECRET_?KEY$|^PK$|PASSWORD|PASSWD|(?:^|_)(?:PWD|PASS)$|PASS_?PHRASE/i
const PASSWORD_NAME = /PASSWORD|PASSWD|(?:^|_)(?:PWD|PASS)$|PASS_?PHRASE/i
/** Keys meant to be seen: publishable keys, and the site keys of CAPTCHA widgets. */
const PUBLIC_NAME = /PUBLIC|PUBLISHABLE|SITE_?KEY$/i

/**
 * Test keys their vendors publish for everyone to use: Google's reCAPTCHA v2 test site key and
 * secret key always pass verification and protect nothing.
 */
const PUBLISHED_TEST_KEYS = new Set([
  '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI',
  '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe',
])

/**
 * `123456`, `0123456789`: a counting run no random generator writes (`1234567890:ABC…` bot
 * tokens, `postgres:123456@localhost`).
 */
const COUNTING_RUN = /012345|123456|234567|345678|456789|987654/

/**
 * A Telegram bot token is `<bot id>:<35 characters>`; the shape with a shorter tail
 * (`1263725637:ghsdvkhsvc`) is made up.
 */
const SHORT_BOT_TOKEN = /^\d{5,12}:[A-Za-z0-9_-]{1,29}$/

export interface SecretHit {
  /** What the value looks like, e.g. "OpenAI API key"; never the value itself. */
  kind: string
}

export function isPlaceholder(text: string): boolean {
  const value = text.trim()
  if (value === '') return true
  if (PLACEHOLDER.test(value) || PLACEHOLDER_WORDS.test(value)) return true
  if (COUNTING_RUN.test(value) || SHORT_BOT_TOKEN.test(value) || PUBLISHED_TEST_KEYS.has(value)) {
    return true
  }
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
 * The words of a value: split at `-`, `_` and spaces, and inside a part where a lower-case
 * letter meets an upper-case one (`SomeRandomString` -> Some, Random, String).
 */
function wordsOf(value: string): { words: string[]; camel: Set<string> } {
  const camel = new Set<string>()
  const words = value.split(/[-_ ]+/).flatMap((part) => {
    const pieces = part.split(/(?<=\p{Ll})(?=\p{Lu})/u)
    if (pieces.length > 1) pieces.forEach((piece) => camel.add(piece))
    return pieces
  })
  return { words, camel }
}

/**
 * `dev-secret-change-in-prod`, `generate-a-random-one`, `super-secure-password-123`,
 * `demander à Mathéo`, `SomeRandomString`, `a_32_byte_long_secret_key`, `test_Password123`,
 * `n8n_password`, `// The private key of the deploying account`: words (letters of any script,
 * a one-letter word among them, a short name with a digit such as `n8n` beside a real word)
 * joined by `-`, `_`, spaces or CamelCase, with short numbers between them or at the end,
 * perhaps after a comment marker, read as prose. Random strings split into pieces with digits
 * inside or into short vowel-less runs, so they are not prose.
 */
function isWordChain(value: string): boolean {
  const { words, camel } = wordsOf(value.replace(/^(?:\/\/|#|--)\s*/, ''))
  const last = words.length - 1
  const letters = words
    .map((word) => word.replace(/\d+$/, ''))
    .filter((word) => /^\p{L}+$/u.test(word))
  // `n8n`, `k8s`: a short name with a digit, read as a word only beside a real word.
  const shortNames = words.filter((word) => /^(?=.*\p{L})(?=.*\d)[\p{L}\d]{1,4}$/u.test(word))
  const isWord = (word: string, index: number) =>
    /^\p{L}+$/u.test(word) ||
    /^\d{1,4}$/.test(word) ||
    (index === last && index > 0 && /^\p{L}{3,}\d{1,4}$/u.test(word)) ||
    shortNames.includes(word)
  // A CamelCase piece of random letters rarely holds a vowel; a word of prose does.
  const pronounceable = (word: string) =>
    !camel.has(word) || word.length < 4 || !/^[A-Za-z]+$/.test(word) || /[aeiouy]/i.test(word)
  const longWords = letters.filter((word) => word.length >= 3).length
  const longNames = shortNames.filter((word) => word.length >= 3).length
  return (
    words.length >= 2 &&
    words.every(isWord) &&
    words.every(pronounceable) &&
    longWords + longNames >= 2 &&
    (shortNames.length === 0 || letters.some((word) => word.length >= 4))
  )
}

function urlPasswordIsPlaceholder(user: string, password: string): boolean {
  let decoded = password
  try {
    decoded = decodeURIComponent(password)
  } catch {
    // Not percent-encoded after all: judge it as written.
  }
  return (
    isPlaceholder(decoded) ||
    decoded === user ||
    /pass|secret|pwd/i.test(decoded) ||
    isWordChain(decoded)
  )
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
  if (url && !urlPasswordIsPlaceholder(url[1] ?? '', url[2] ?? '')) {
    return { kind: 'URL with an embedded password' }
  }
  if (!SECRET_NAME.test(key) || PUBLIC_NAME.test(key)) return undefined
  const trimmed = value.trim()
  if (trimmed.includes('://') || isPlaceholder(trimmed) || isWordChain(trimmed)) return undefined
  if (NAMES_A_PASSWORD.test(trimmed)) return undefined
  const isPassword = PASSWORD_NAME.test(key)
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
  if (url && !urlPasswordIsPlaceholder(url[1] ?? '', url[2] ?? '')) {
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
