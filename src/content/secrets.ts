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
  // Bot, user, workspace, legacy and configuration tokens, each in its documented shape.
  {
    kind: 'Slack token',
    pattern:
      /\bxox(?:[bpe](?:-\d{8,14}){1,3}-(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9-]{18,}|[ar]-(?:\d-)?[A-Za-z0-9]{8,48}|[os]-\d+-\d+-\d+-[A-Fa-f0-9]+|e\.xox[bp]-\d-[A-Za-z0-9]{163,166}|e-\d-[A-Za-z0-9]{146})/,
  },
  { kind: 'Slack app token', pattern: /\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+/i },
  { kind: 'Stripe live key', pattern: /\b[sr]k_(?:live|prod)_[A-Za-z0-9]{16,}/ },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/ },
  // An unsigned token (`alg: none`) ends in its second dot.
  {
    kind: 'JSON Web Token',
    pattern:
      /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.(?:[A-Za-z0-9_-]{8,}|(?![A-Za-z0-9_-]))/,
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
  { kind: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{34}\b/ },
  { kind: 'Hugging Face token', pattern: /\bapi_org_[A-Za-z]{34}\b/ },
  {
    kind: 'Slack webhook URL',
    pattern:
      /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{20,}/,
  },
  {
    kind: 'Discord webhook URL',
    pattern:
      /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,}/,
  },
  { kind: 'Azure storage account key', pattern: /AccountKey=[A-Za-z0-9+/]{80,}={0,2}/ },
  {
    kind: '1Password secret key',
    pattern:
      /\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b/,
  },
  { kind: 'age secret key', pattern: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/ },
  { kind: 'Atlassian API token', pattern: /\bATATT3[A-Za-z0-9_=-]{186}/ },
  // The short-lived key opens with base64 of `bedrock.amazonaws.com`.
  { kind: 'Amazon Bedrock API key', pattern: /\bbedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t/ },
  { kind: 'Amazon Bedrock API key', pattern: /\bABSK[A-Za-z0-9+/]{109,269}={0,2}/ },
  { kind: 'ClickHouse Cloud API secret', pattern: /\b4b1d[A-Za-z0-9]{38}\b/ },
  { kind: 'Cloudflare Origin CA key', pattern: /\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b/ },
  { kind: 'Clojars token', pattern: /\bCLOJARS_[A-Za-z0-9]{60}\b/ },
  { kind: 'Databricks token', pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/ },
  { kind: 'Fly.io token', pattern: /\bfo1_[\w-]{43}/ },
  { kind: 'Fly.io token', pattern: /\bfm(?:1[ar]|2)_[A-Za-z0-9+/]{100,}={0,3}/ },
  { kind: 'Grafana token', pattern: /\bglc_[A-Za-z0-9+/]{32,400}={0,3}/ },
  { kind: 'Grafana token', pattern: /\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b/ },
  { kind: 'Grafana token', pattern: /\beyJrIjoi[A-Za-z0-9]{70,400}={0,3}/ },
  { kind: 'Terraform Cloud token', pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/ },
  { kind: 'Infracost API key', pattern: /(?<![\w./-])ico-[A-Za-z0-9]{32}\b/ },
  { kind: 'MaxMind license key', pattern: /\b[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk\b/ },
  { kind: 'OpenShift token', pattern: /\bsha256~[\w-]{43}(?![\w-])/ },
  { kind: 'Perplexity API key', pattern: /\bpplx-[A-Za-z0-9]{48}\b/ },
  { kind: 'Scalingo token', pattern: /\btk-us-[\w-]{48}(?![\w-])/ },
  { kind: 'Sentry token', pattern: /\bsntrys_eyJ[A-Za-z0-9+/]{40,}={0,2}_[A-Za-z0-9+/]{43}/ },
  { kind: 'Sentry token', pattern: /\bsntryu_[a-f0-9]{64}\b/ },
  { kind: 'SonarQube token', pattern: /\bsq[apu]_[A-Za-z0-9]{40}\b/ },
  { kind: 'Square access token', pattern: /\bsq0atp-[\w-]{22}\b|\bEAAA[\w-]{56,64}\b/ },
  { kind: 'Square OAuth secret', pattern: /\bsq0csp-[\w-]{43}\b/ },
  // Sumo Logic keys have no prefix of their own: the name says whose they are.
  {
    kind: 'Sumo Logic access id',
    pattern:
      /\b(?:[Ss]umo|SUMO)[\w.-]{0,40}?\s{0,3}[=:]\s{0,3}["']?su(?=[A-Za-z]*\d)[A-Za-z0-9]{12}\b/,
  },
  {
    kind: 'Sumo Logic access key',
    pattern:
      /\b(?:[Ss]umo|SUMO)[\w.-]{0,40}?\s{0,3}[=:]\s{0,3}["']?(?=[A-Za-z]*\d)[A-Za-z0-9]{64}\b/,
  },
  {
    kind: 'Azure AD client secret',
    pattern: /(?<![^\s\\'"`>=:(,)])[\w~.]{3}\dQ~[\w~.-]{31,34}(?![^\s\\'"`<),])/,
  },
  { kind: 'Facebook access token', pattern: /\bEAA[MC][A-Za-z0-9]{100,}/ },
  { kind: 'Intra42 client secret', pattern: /\bs-s4t2(?:ud|af)-[a-f0-9]{64}\b/ },
  { kind: 'Notion token', pattern: /\bntn_\d{11}[A-Za-z0-9]{35}\b/ },
  { kind: 'Octopus Deploy API key', pattern: /\bAPI-(?=[A-Z]*\d)[A-Z0-9]{26}\b/ },
  {
    kind: 'Sourcegraph token',
    pattern: /\bsgp_(?:(?:[a-fA-F0-9]{16}|local)_)?[a-fA-F0-9]{40}\b/,
  },
  // Vault's legacy service token: `s.` and 24 characters of mixed case and digits.
  {
    kind: 'HashiCorp Vault token',
    pattern:
      /(?<![\w.])s\.(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]{24}(?![\w.])/,
  },
  // A private key written on one line (`\n` escapes), as in a commented-out assignment.
  {
    kind: 'PEM private key',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\[nr]|\s)+(?:[A-Za-z0-9+/=]|\\[nr]){40,}/,
  },
]

const PEM_PRIVATE = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----([\s\S]*?)(-----END|$)/

/** A URL scheme ending where `://` starts (at most 32 characters, after a non-word character). */
const SCHEME_BEFORE = /(?:^|[^A-Za-z0-9_])[a-z][a-z0-9+.-]{0,31}$/i
/** `user:password@host` right after `://` (sticky: matched at `lastIndex`). */
const CREDENTIALS_AFTER = /([^\s:/@]*):([^\s@/]+)@([^\s/:?#]*)/y

/**
 * Each `scheme://user:password@host` in `text`, found from its `://`: one regex over the whole
 * text took seconds on a 50 kB line of `s.s.s.…` (every letter a possible scheme start).
 */
function* urlCredentials(
  text: string,
): Generator<{ user: string; password: string; host: string }> {
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
    if (!SCHEME_BEFORE.test(text.slice(Math.max(0, at - 33), at))) continue
    // Linear overall: a match attempt stops at the next `/`, and every later `://` holds one.
    CREDENTIALS_AFTER.lastIndex = at + 3
    const found = CREDENTIALS_AFTER.exec(text)
    if (found) yield { user: found[1] ?? '', password: found[2] ?? '', host: found[3] ?? '' }
  }
}

/** A URL in `text` whose password looks real. */
function hasUrlPassword(text: string): boolean {
  for (const { user, password, host } of urlCredentials(text)) {
    if (!urlPasswordIsPlaceholder(user, password, host)) return true
  }
  return false
}

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
 * Settings about a secret, not the secret: `PASSWORD_HASH_ALGORITHM=argon2id`,
 * `TOKEN_TYPE=Bearer`, `SECRET_KEY_PROVIDER=vault`.
 */
const SETTING_NAME =
  /_(?:ALGORITHM|ALGO|HASHER|SCHEME|POLICY|METHOD|MODE|TYPE|FORMAT|PROVIDER|DRIVER|STRATEGY)$/i

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
  return isCountingDefault(text.trim()) || isTypedPlaceholder(text)
}

/**
 * A counting run as the whole of a short value (`123456`, `pass123456`) or as the id of a bot
 * token (`1234567890:ABC…`); inside a long value it may be chance.
 */
function isCountingDefault(value: string): boolean {
  return COUNTING_RUN.test(value) && (value.length <= 12 || /^\d+:/.test(value))
}

/**
 * `isPlaceholder` without the counting-run rule: inside a matched provider token a run of
 * six digits is chance (a token has dozens of characters), and `tokenIsPlaceholder` has its
 * own, longer run rule.
 */
function isTypedPlaceholder(text: string): boolean {
  const value = text.trim()
  if (value === '') return true
  if (PLACEHOLDER.test(value) || PLACEHOLDER_WORDS.test(value)) return true
  if (SHORT_BOT_TOKEN.test(value) || PUBLISHED_TEST_KEYS.has(value)) return true
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
  // `n8n`, `k8s`: a short name with a digit, set apart by `-`, `_` or a space (never a CamelCase
  // piece: `passwordQ7v` is a password), read as a word only beside a real word.
  const shortNames = words.filter(
    (word) => !camel.has(word) && /^(?=.*\p{L})(?=.*\d)[\p{L}\d]{1,4}$/u.test(word),
  )
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

/** A host only the developer's machine or its compose network reaches. */
function isLocalHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '')
  return (
    !name.includes('.') ||
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === 'host.docker.internal' ||
    name === '0.0.0.0' ||
    /^127\./.test(name) ||
    name === '::1'
  )
}

function urlPasswordIsPlaceholder(user: string, password: string, host: string): boolean {
  let decoded = password
  try {
    decoded = decodeURIComponent(password)
  } catch {
    // Not percent-encoded after all: judge it as written.
  }
  if (isPlaceholder(decoded) || isWordChain(decoded)) return true
  // A local database's default: a short number, or the user name again (`app:app@db`); on a
  // public host (an Atlas cluster) a long one is a real account's password.
  const local = isLocalHost(host)
  if (local && /^\d{1,6}$/.test(decoded)) return true
  if (decoded === user && (local || decoded.length < 8)) return true
  if (DOCUMENTED_LOGINS.some(([u, p]) => (u === '*' || u === user) && p === decoded)) return true
  // Spelled from the user or host name: a local default (`shop_pass` for `shop@shop-db`) only.
  const names = local ? [user, host.split('.')[0] ?? ''].filter((name) => name.length >= 2) : []
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
  if (hasUrlPassword(value)) return { kind: 'URL with an embedded password' }
  // camelCase and dotted names read as their words: `apiKey` as API_KEY, `mail.pass` as MAIL_PASS.
  const name = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[.-]/g, '_')
  if (!SECRET_NAME.test(name) || PUBLIC_NAME.test(name) || SETTING_NAME.test(name)) return undefined
  const trimmed = value.trim()
  if (trimmed.includes('://') || isPlaceholder(trimmed) || isWordChain(trimmed)) return undefined
  if (NAMES_A_PASSWORD.test(trimmed)) return undefined
  const isPassword = PASSWORD_NAME.test(name)
  // A hex digest (Symfony's APP_SECRET, a Flask key from `secrets.token_hex`) has 16 symbols
  // at most: 32 of them drawn at random can score as low as 3.2 bits a character.
  const hex = /^[0-9a-f]{32,}$/i.test(trimmed)
  const [minLength, minBits] = isPassword ? [8, 2.8] : hex ? [32, 3.0] : [16, 3.3]
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
  if (hasUrlPassword(line)) return { kind: 'URL with an embedded password' }
  return undefined
}

/** `abcdefghij`, `123456789`: a run of `length` characters, each one after the last. */
function hasAscendingRun(text: string, length: number): boolean {
  let run = 1
  for (let i = 1; i < text.length; i++) {
    run = text.charCodeAt(i) === text.charCodeAt(i - 1) + 1 ? run + 1 : 1
    if (run >= length) return true
  }
  return false
}

/**
 * Ten characters alike or in sequence (`aaaaaaaaaa`, `abcdefghij`) are typed, never drawn.
 * A placeholder word inside a token counts only as people write it (`fake`, `FAKE`, `Fake`):
 * the random part of a real token spells `FaKe` or `sAmPlE` by chance.
 */
function tokenIsPlaceholder(token: string): boolean {
  if (/(.)\1{9}/.test(token) || hasAscendingRun(token, 10)) return true
  const masked = token.replace(
    /fake|dummy|sample|example|redacted|placeholder|your|replace/gi,
    (word) => {
      const capitalized = word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()
      const asWritten = [word.toLowerCase(), word.toUpperCase(), capitalized].includes(word)
      return asWritten ? word : '#'.repeat(word.length)
    },
  )
  // Likewise a run of x: `xxxxx` or `XXXXX` is typed, `xxXxx` inside a random token is chance.
  return isTypedPlaceholder(
    masked.replace(/x{5,}/gi, (run) => (/^(?:x+|X+)$/.test(run) ? run : '#'.repeat(run.length))),
  )
}

/** A known credential format anywhere in a line (used on comment lines of a template). */
export function detectFormat(text: string): SecretHit | undefined {
  for (const { kind, pattern } of FORMATS) {
    const match = pattern.exec(text)
    if (match && !tokenIsPlaceholder(match[0])) return { kind }
  }
  return undefined
}
