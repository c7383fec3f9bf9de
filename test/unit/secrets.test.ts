import { describe, expect, it } from 'vitest'
import { contentOffends } from '../../src/content/credential.js'
import { detectFormat, detectSecret, entropy, isPlaceholder } from '../../src/content/secrets.js'
import { envFileOf, isTemplateName } from '../../src/content/select.js'
import { scanTemplate } from '../../src/content/env-template.js'
import { seededRandom } from '../helpers/random.js'

/**
 * Realistic credentials are built at run time from seeded random characters, so this
 * repository never holds a string that a secret scanner (or push protection) would take for a
 * real key, and a failure replays with the seed it prints.
 */
const rng = seededRandom('unit/secrets')
const random = (length: number, alphabet?: string) => rng.string(length, alphabet)
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

const REAL: [string, string, string][] = [
  ['OPENAI_API_KEY', `sk-proj-${random(64)}`, 'OpenAI API key'],
  ['OPENAI_API_KEY', `sk-${random(48)}`, 'OpenAI API key'],
  ['GROQ_API_KEY', `gsk_${random(52)}`, 'Groq API key'],
  ['ANTHROPIC_API_KEY', `sk-ant-api03-${random(90)}`, 'Anthropic API key'],
  ['AWS_ACCESS_KEY_ID', `AKIA${random(16, UPPER)}`, 'AWS access key id'],
  ['GH', `ghp_${random(36)}`, 'GitHub token'],
  ['GH', `github_pat_${random(22)}_${random(59)}`, 'GitHub token'],
  ['SLACK', `xoxb-${random(12, '0123456789')}-${random(24)}`, 'Slack token'],
  ['STRIPE', `sk_live_${random(24)}`, 'Stripe live key'],
  ['MAPS', `AIza${random(35)}`, 'Google API key'],
  ['SESSION', `eyJ${random(20)}.eyJ${random(40)}.${random(43)}`, 'JSON Web Token'],
  [
    'TLS_KEY_PEM',
    `-----BEGIN PRIVATE KEY-----\n${random(64)}\n${random(64)}\n-----END PRIVATE KEY-----`,
    'PEM private key',
  ],
  [
    'DATABASE_URL',
    `postgresql://app:${random(20)}@prod.db.internal:5432/app`,
    'URL with an embedded password',
  ],
  ['SECRET_KEY', random(64, '0123456789abcdef'), 'high-entropy secret value'],
  ['JWT_SECRET', random(40), 'high-entropy secret value'],
  ['DB_PASSWORD', 'myRe4lP@ss', 'real-looking password'],
  ['DB_PASSWORD', 'Mailpassword#92x', 'real-looking password'],
  // Provider formats under a neutral name: the format alone decides.
  ['VALUE_1', `glpat-${random(20)}`, 'GitLab token'],
  ['VALUE_1', `SG.${random(22)}.${random(43)}`, 'SendGrid API key'],
  ['VALUE_1', `npm_${random(36)}`, 'npm token'],
  ['VALUE_1', `pypi-AgEIcHlwaS5vcmc${random(60)}`, 'PyPI token'],
  ['VALUE_1', `SK${random(32, '0123456789abcdef')}`, 'Twilio API key'],
  ['VALUE_1', `sk_test_${random(24)}`, 'Stripe test key'],
  ['VALUE_1', `HRKU-${random(60)}`, 'Heroku API key'],
  ['VALUE_1', `dop_v1_${random(64, '0123456789abcdef')}`, 'DigitalOcean token'],
  ['VALUE_1', `hvs.${random(90)}`, 'HashiCorp Vault token'],
  ['VALUE_1', `ops_eyJ${random(250)}`, '1Password service account token'],
  ['VALUE_1', `hf_${random(34)}`, 'Hugging Face token'],
  [
    'VALUE_1',
    `https://hooks.slack.com/services/T${random(8, UPPER)}/B${random(8, UPPER)}/${random(24)}`,
    'Slack webhook URL',
  ],
  [
    'VALUE_1',
    `https://discord.com/api/webhooks/${random(18, '0123456789')}/${random(68)}`,
    'Discord webhook URL',
  ],
  [
    'VALUE_1',
    `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${random(86)}==;EndpointSuffix=core.windows.net`,
    'Azure storage account key',
  ],
  // Secret names it now knows.
  ['SMTP_PASS', 'Tr0ub4dor&3x', 'real-looking password'],
  ['GPG_PASS_PHRASE', 'Tr0ub4dor&3x', 'real-looking password'],
  ['SECRETKEY', random(40), 'high-entropy secret value'],
  ['clientSecret', random(40), 'high-entropy secret value'],
  ['PK', random(40), 'high-entropy secret value'],
  ['GITHUB_PAT', random(40), 'high-entropy secret value'],
  // Cookie signing values and salts are secrets too.
  ['SIGNED_COOKIE', random(16), 'high-entropy secret value'],
  ['HASH_SALT', random(24), 'high-entropy secret value'],
  // A bot token of the real shape, and a CAPTCHA secret of the test key's shape but not it.
  ['BOT_TOKEN', `${random(10, '0123456789')}:${random(35)}`, 'high-entropy secret value'],
  ['RECAPTCHA_SECRET_KEY', `6Le${random(37)}`, 'high-entropy secret value'],
  ['DB_PASSWORD', 'k8s_Xq7vR2', 'real-looking password'],
  // CamelCase letters that are not words: two-letter pieces, or pieces without a vowel.
  ['APP_SECRET', 'QxTrBvKmZpWnLdHsJc', 'high-entropy secret value'],
  [
    'APP_SECRET',
    Array.from({ length: 5 }, () => {
      const piece = random(5, 'bcdfghjklmnpqrstvwxz')
      return piece.charAt(0).toUpperCase() + piece.slice(1)
    }).join(''),
    'high-entropy secret value',
  ],
]

const PLACEHOLDERS: [string, string][] = [
  ['OPENAI_API_KEY', 'your-openai-api-key-here'],
  ['OPENAI_API_KEY', ''],
  ['OPENAI_API_KEY', 'sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  ['GROQ_API_KEY', 'gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  ['SECRET_KEY', 'replace-with-64-char-hex-generate-with-openssl-rand-hex-32'],
  ['SECRET_KEY', 'changeme'],
  ['API_TOKEN', '<your token>'],
  ['API_TOKEN', '${API_TOKEN}'],
  ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
  ['DATABASE_URL', 'postgresql+asyncpg://docqa:docqa_password@localhost:5432/docqa'],
  ['DATABASE_URL', 'postgresql://user:password@localhost/app'],
  ['DATABASE_URL', 'postgres://postgres:postgres@db:5432/app'],
  ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db/app'],
  ['REDIS_URL', 'redis://localhost:6379/0'],
  ['JWT_SECRET', 'dev-secret-change-in-production'],
  ['DB_PASSWORD', 'postgres'],
  ['STRIPE_PUBLISHABLE_KEY', `pk_live_${'a1B2c3D4'.repeat(3)}`],
  ['DEBUG', 'true'],
  ['PORT', '8000'],
  ['LOG_LEVEL', 'info'],
  ['PRIVATE_KEY', '-----BEGIN PRIVATE KEY-----\nyour-key-here\n-----END PRIVATE KEY-----'],
  // Placeholder prose: a one-letter word, a trailing number, accents, template engines.
  ['SECRET_KEY', 'generate-a-random-one'],
  ['DB_PASSWORD', 'super-secure-password-123'],
  ['API_TOKEN', 'demander à Mathéo'],
  ['SECRET_KEY', 'changethis'],
  ['POSTGRES_PASSWORD', 'changethis'],
  ['SECRET_KEY', '{{cookiecutter.secret_key}}'],
  ['DJANGO_SECRET_KEY', '{{ cookiecutter.django_secret }}'],
  ['APP_SECRET', '!!!SET YOUR APP SECRET!!!'],
  ['DATABASE_URL', 'postgres://app:generate-a-random-one@db/app'],
  // Prose after a comment marker, a short name with a digit beside a word, a bare word + number.
  ['PRIVATE_KEY', '// The private key of the deploying account'],
  ['POSTGRES_PASSWORD', 'k8s_password'],
  ['MINIO_ROOT_PASSWORD', 'secret1234'],
  // Counting runs and bot tokens too short for the real shape are made up.
  ['BOT_TOKEN', '1234567890:ABCdefGhIjklmnop'],
  ['BOT_TOKEN', '4815162342:zxcvbnmasdfghjkl'],
  ['DATABASE_URL', 'postgres://postgres:123456@localhost:5432/app'],
  // CAPTCHA site keys are public; Google publishes its reCAPTCHA test secret for everyone.
  ['RECAPTCHA_SITE_KEY', `6Le${random(37)}`],
  ['HCAPTCHA_SITEKEY', random(36)],
  ['RECAPTCHA_SECRET_KEY', '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe'],
  ['APP_KEY', 'SomeRandomString4242RandomString'],
  ['SESSION_SECRET', 'a_random_string_of_32_chars'],
  // Prose the corpus showed: CamelCase words, numbers between words, digits on the last word.
  ['APP_KEY', 'TypeSomeLongPhrase'],
  ['DATA_ENCRYPTION_KEY', 'any phrase of 32 letters long'],
  ['SECRET_ENCRYPTION_KEY', 'a_16_char_long_app_cipher_key'],
  ['E2E_USER_PASSWORD', 'demo_Login456'],
  // Weak local defaults, perhaps numbered, and values that name the password they stand for.
  ['MONGOEXPRESS_PASSWORD', 'guest2025'],
  ['ADMIN_PASSWORD', 'admin2024'],
  ['SMTP_PASSWORD', 'mailpassword'],
]

describe('detectSecret', () => {
  it.each(REAL)('flags %s holding a real-looking value (%#)', (key, value, kind) => {
    expect(detectSecret(key, value)).toEqual({ kind })
  })

  it.each(PLACEHOLDERS)('lets %s=%j pass', (key, value) => {
    expect(detectSecret(key, value)).toBeUndefined()
  })

  it('needs a secret-looking name before judging entropy alone', () => {
    const value = random(40)
    expect(detectSecret('BUILD_ID', value)).toBeUndefined()
    expect(detectSecret('BUILD_TOKEN', value)).toEqual({ kind: 'high-entropy secret value' })
  })

  it('never returns the value itself', () => {
    const value = `sk-proj-${random(64)}`
    expect(JSON.stringify(detectSecret('OPENAI_API_KEY', value))).not.toContain(value.slice(8))
  })
})

describe('placeholders and entropy', () => {
  it.each([
    'your-groq-api-key-here',
    'replace-with-a-secret',
    'changeme',
    '<secret>',
    '',
    'xxxxxxxx',
    '********',
    '...',
  ])('%j is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true)
  })

  it('a random string is not', () => {
    expect(isPlaceholder(random(32))).toBe(false)
  })

  it('entropy grows with disorder', () => {
    expect(entropy('aaaaaaaa')).toBe(0)
    expect(entropy('abababab')).toBeCloseTo(1)
    expect(entropy(random(64, '0123456789abcdef'))).toBeGreaterThan(3.3)
  })

  it('finds known formats in free text (commented-out lines)', () => {
    expect(detectFormat(`# OPENAI_API_KEY=sk-proj-${random(40)}`)).toEqual({
      kind: 'OpenAI API key',
    })
    expect(detectFormat('# get a key at https://console.groq.com')).toBeUndefined()
  })

  it('judges comment lines like values, and the raw line, not the dotenv-cut value', () => {
    const password = `${random(10)}#${random(6)}`
    const text = [
      `# DATABASE_URL=postgres://app:${random(16)}@db/app`,
      `# VALUE_1=hf_${random(34)}`,
      `CUT_URL=postgres://app:${password}@db/app`,
      '# DATABASE_URL=postgres://user:password@localhost/app',
      'PLAIN=ok # a comment',
    ].join('\n')
    expect(scanTemplate(text)).toEqual([
      { key: 'DATABASE_URL', line: 1, kind: 'URL with an embedded password in a comment' },
      { key: 'VALUE_1', line: 2, kind: 'Hugging Face token in a comment' },
      { key: 'CUT_URL', line: 3, kind: 'URL with an embedded password' },
    ])
  })
})

describe('values dotenv cuts at #', () => {
  it('judges an unquoted value as written, up to a spaced # comment', () => {
    const text = [
      `SECRET_KEY=${random(6)}##${random(24)}`,
      'EMPTY_SECRET =        # generate one with openssl rand -hex 32',
      'SHORT_KEY=ab#cd',
      `QUOTED_KEY="${random(6)}#${random(24)}"`,
      'NAME=café # not a secret name',
    ].join('\n')
    expect(scanTemplate(text)).toEqual([
      { key: 'SECRET_KEY', line: 1, kind: 'high-entropy secret value' },
      { key: 'QUOTED_KEY', line: 4, kind: 'high-entropy secret value' },
    ])
  })
})

describe('credential file contents', () => {
  it('a private key block offends; a certificate does not', () => {
    expect(contentOffends('private-key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n')).toBe(true)
    expect(contentOffends('private-key', '-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true)
    expect(contentOffends('private-key', '-----BEGIN CERTIFICATE-----\nMIIB\n')).toBe(false)
    expect(contentOffends('private-key', '-----BEGIN PUBLIC KEY-----\nMIIB\n')).toBe(false)
  })

  it('.npmrc offends only with a literal token', () => {
    expect(contentOffends('npm-auth', 'loglevel=silent\n')).toBe(false)
    expect(contentOffends('npm-auth', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n')).toBe(
      false,
    )
    expect(contentOffends('npm-auth', `//registry.npmjs.org/:_authToken=npm_${random(36)}\n`)).toBe(
      true,
    )
    expect(contentOffends('npm-auth', `_auth = "${random(24)}"\n`)).toBe(true)
  })

  it('.pypirc offends only with a password', () => {
    expect(contentOffends('pypi-password', '[pypi]\nusername = __token__\n')).toBe(false)
    expect(contentOffends('pypi-password', `[pypi]\npassword = pypi-${random(60)}\n`)).toBe(true)
  })
})

describe('template names', () => {
  // envFileOf strips the template suffix whatever the rest of the name is: a configured
  // template such as environment.example stands for environment, never for .env.
  it.each([
    ['.env.example', true, 'api/.env'],
    ['.env.production.sample', true, 'api/.env.production'],
    ['prod.env.template', true, 'api/prod.env'],
    ['.example.env', true, 'api/.env'],
    ['.sample.env', true, 'api/.env'],
    ['.env', false, undefined],
    ['environment.example', false, 'api/environment'],
  ])('%s', (name, template, envFile) => {
    expect(isTemplateName(name)).toBe(template)
    expect(envFileOf(`api/${name}`)).toBe(envFile)
  })

  it('judges an unquoted value that holds a # as written, not as dotenv cut it', () => {
    const key = `${random(3)}#${random(40, 'abcdefghijklmnopqrstuvwxyz0123456789!@%^&*(-_=+)')}`
    expect(scanTemplate(`DEBUG=True\nSECRET_KEY=${key}\n`)).toEqual([
      { key: 'SECRET_KEY', line: 2, kind: 'high-entropy secret value' },
    ])
    // A value that is all comment, or a placeholder before a comment, still passes.
    expect(scanTemplate('API_KEY=#see the readme to generate this key\n')).toEqual([])
    expect(scanTemplate('API_KEY=changeme # see the readme, then #1 in the list\n')).toEqual([])
  })

  it('reads a template as dotenv does, with lines, and never returns values', () => {
    const key = `ghp_${random(36)}`
    const found = scanTemplate(`A=1\nexport GH_TOKEN="${key}"\n# OLD=sk-proj-${random(40)}\n`)
    expect(found).toEqual([
      { key: 'GH_TOKEN', line: 2, kind: 'GitHub token' },
      { key: 'OLD', line: 3, kind: 'OpenAI API key in a comment' },
    ])
  })
})
