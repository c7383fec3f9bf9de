import { describe, expect, it } from 'vitest'
import { contentOffends } from '../../src/content/credential.js'
import {
  detectFormat,
  detectInLine,
  detectSecret,
  entropy,
  isPlaceholder,
} from '../../src/content/secrets.js'
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
  ['DB_PASSWORD', 'deployK9x', 'real-looking password'],
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

describe('secret names', () => {
  it('a setting about a secret is no secret name', () => {
    expect(detectSecret('PASSWORD_HASH_ALGORITHM', 'argon2id')).toBeUndefined()
    expect(detectSecret('TOKEN_TYPE', 'Bearer')).toBeUndefined()
    expect(detectSecret('SECRET_KEY_PROVIDER', 'hashicorp-vault')).toBeUndefined()
    // The secret itself still counts.
    expect(detectSecret('PASSWORD_HASH_PEPPER', 'k9Qv2mX7pL4r')).toEqual({
      kind: 'real-looking password',
    })
  })

  const PASSWORD = 'Tr0ub4dor&3x'
  it.each([
    ['SMTP_PASS', 'real-looking password'],
    ['DB_PASS', 'real-looking password'],
    ['PASS', 'real-looking password'],
    ['GPG_PASS_PHRASE', 'real-looking password'],
    ['SSH_KEY_PASSPHRASE', 'real-looking password'],
    ['smtpPass', 'real-looking password'],
    ['dbPassword', 'real-looking password'],
    ['gpgPassPhrase', 'real-looking password'],
    ['spring.mail.pass', 'real-looking password'],
    ['smtp-pass', 'real-looking password'],
  ])('%s is a password name', (key, kind) => {
    expect(detectSecret(key, PASSWORD)).toEqual({ kind })
  })

  it.each([
    'PK',
    'SECRETKEY',
    'APP_SECRETKEY',
    'SECRET_KEY',
    'clientSecret',
    'ClientSecret',
    'client_secret',
    'GITHUB_PAT',
    'AZURE_DEVOPS_PAT',
    'PAT',
    'githubPat',
    'apiKey',
    'accessToken',
    'stripeSecretKey',
    'github.pat',
    'api-key',
  ])('%s is a secret name', (key) => {
    expect(detectSecret(key, random(40))).toEqual({ kind: 'high-entropy secret value' })
  })

  it.each([
    'BYPASS',
    'COMPASS_HOST',
    'PASS_THROUGH',
    'PASSPORT_STRATEGY',
    'PATH',
    'PKG_NAME',
    'PK_COLUMN',
    'MONKEY',
    'KEYBOARD',
    'clientId',
    'publicKey',
    'stripePublishableKey',
    'NEXT_PUBLIC_API_KEY',
  ])('%s is not a secret name: a random value under it passes', (key) => {
    expect(detectSecret(key, random(40))).toBeUndefined()
  })
})

describe('URL passwords', () => {
  const URL = 'URL with an embedded password'

  it.each([
    'postgres://app:s3cretPassw0rd@db.internal:5432/app',
    'mysql://root:Pa55w0rd!2024x@localhost:3306/shop',
    'amqp://orders:MyPassw0rd-9f3k@rabbitmq:5672/',
    'redis://:Secr3tPwd77@cache:6379/0',
    'mongodb+srv://admin:pwd-K8s2x!q@cluster0.mongodb.net/app',
    'postgres://app:Tr1cky%23Pass@db/app',
    'postgres://app:Passw0rd123!@db/app',
    'postgres://app:passwordQ7v@db/app',
  ])('a real-looking password, "pass"/"pwd"/"secret" in it or not, is caught: %s', (url) => {
    expect(detectSecret('DATABASE_URL', url)).toEqual({ kind: URL })
    expect(detectInLine(`DATABASE_URL=${url}`)).toEqual({ kind: URL })
  })

  it.each([
    // Placeholders.
    'postgres://app:password@localhost/app',
    'postgres://app:yourpassword@localhost/app',
    'postgres://app:pass@localhost/app',
    'postgres://app:secret@localhost/app',
    'postgres://app:changeme@localhost/app',
    'postgres://app:${DB_PASS}@localhost/app',
    'postgres://app:<password>@localhost/app',
    'postgres://app:mysecretpassword@localhost/app',
    'postgres://docqa:docqa_password@localhost/docqa',
    'postgres://app:app_secret@localhost/app',
    'mysql://app:dbpass123@localhost/app',
    'redis://:password@cache:6379/0',
    'postgres://app:postgrespassword@localhost/app',
    'postgres://app:prod_db_password@localhost/app',
    'postgres://app:Password123!@localhost/app',
    'redis://:cachepass@cache:6379/0',
    // Documented defaults and examples of the images.
    'postgres://postgres:postgres@localhost:5432/postgres',
    'mysql://root:root@127.0.0.1:3306/app',
    'mysql://root:my-secret-pw@db:3306/app',
    'mysql://root:example@db:3306/app',
    'http://admin:admin@localhost:8080',
    'amqp://guest:guest@localhost:5672/',
    'http://minioadmin:minioadmin@localhost:9000',
    'mongodb://mongoadmin:secret@mongo:27017/?authSource=admin',
    'mongodb://root:example@mongo:27017/',
    'postgres://user:password@localhost/app',
    'mssql://sa:yourStrong(!)Password@localhost:1433/master',
  ])('a placeholder or a documented default login passes: %s', (url) => {
    expect(detectSecret('DATABASE_URL', url)).toBeUndefined()
    expect(detectInLine(`DATABASE_URL=${url}`)).toBeUndefined()
  })

  it('a default login is documented for its own user only', () => {
    // guest/guest is RabbitMQ's default; `guest` for another user is a weak default word too.
    expect(detectSecret('AMQP_URL', 'amqp://orders:guest@rabbitmq/')).toBeUndefined()
    expect(detectSecret('AMQP_URL', 'amqp://guest:guest@rabbitmq/')).toBeUndefined()
    // The user name again is a local default, and a short one anywhere (`abc:abc`); a long
    // one on a public cluster is a real account's password.
    expect(detectSecret('MONGO_URL', 'mongodb://shopUser:shopUser@mongo/shop')).toBeUndefined()
    expect(detectSecret('MONGO_URL', 'mongodb+srv://abc:abc@c0.x1y2z.mongodb.net/')).toBeUndefined()
    expect(
      detectSecret('MONGO_URL', 'mongodb+srv://shopusr7q:shopusr7q@c0.x1y2z.mongodb.net/'),
    ).toEqual({ kind: URL })
    // A short number on a local database is its default; on a public host it is a password.
    expect(detectSecret('DATABASE_URL', 'postgres://postgres:12345@localhost/app')).toBeUndefined()
    expect(detectSecret('DATABASE_URL', 'postgres://app:48213@db.example-host.io/app')).toEqual({
      kind: URL,
    })
    // The images' example passwords go with any user (POSTGRES_USER can be anything).
    expect(detectSecret('DATABASE_URL', 'postgres://shop:mysecretpassword@db/shop')).toBeUndefined()
  })

  it('judges every URL of a value, not only the first', () => {
    const value = 'redis://localhost:6379,postgres://app:Qm7vR2xk9T@db.example-host.io/app'
    expect(detectSecret('URLS', value)).toEqual({ kind: URL })
    expect(
      detectSecret('URLS', 'redis://localhost:6379,postgres://app:password@db/app'),
    ).toBeUndefined()
  })

  it('judges an unquoted # inside the password on the raw line, not the dotenv-cut value', () => {
    const text = 'DATABASE_URL=postgres://app:Pa55#w0rd2024@db/app\nOTHER=1\n'
    // dotenv reads `postgres://app:Pa55`: no `@`, nothing to judge in the value alone.
    expect(detectSecret('DATABASE_URL', 'postgres://app:Pa55')).toBeUndefined()
    expect(scanTemplate(text)).toEqual([{ key: 'DATABASE_URL', line: 1, kind: URL }])
    // The same line with a placeholder before and after the # passes.
    expect(scanTemplate('DATABASE_URL=postgres://app:password@db/app # local only\n')).toEqual([])
  })

  it('catches a commented-out URL with a real-looking password, not one with a placeholder', () => {
    const text = [
      '# DATABASE_URL=postgres://app:s3cretPassw0rd@db/app',
      '# e.g. mysql://root:Pa55w0rd!2024x@prod-db/shop',
      '# DATABASE_URL=postgres://postgres:postgres@localhost/app',
      '# AMQP_URL=amqp://guest:guest@localhost:5672/',
      'DATABASE_URL=',
    ].join('\n')
    expect(scanTemplate(text)).toEqual([
      { key: 'DATABASE_URL', line: 1, kind: `${URL} in a comment` },
      { key: '(comment)', line: 2, kind: `${URL} in a comment` },
    ])
  })

  it('stays linear on a long hostile password', () => {
    const password = `${'pass'.repeat(5000)}x`
    expect(detectSecret('DATABASE_URL', `postgres://app:${password}@db/app`)).toEqual({ kind: URL })
  })
})

describe('placeholders and entropy', () => {
  it('a hex digest under a secret name counts from 3.0 bits a character (few symbols)', () => {
    // 32 hex characters that score 3.2 bits, as a generated Symfony APP_SECRET can.
    const lowScoring = '7c3a9f1e5c7a3e9f15ca7e3f9a1c5e73'
    expect(entropy(lowScoring)).toBeLessThan(3.3)
    expect(entropy(lowScoring)).toBeGreaterThanOrEqual(3.0)
    expect(detectSecret('APP_SECRET', lowScoring)).toEqual({ kind: 'high-entropy secret value' })
    // Below 3.0 (a pattern of a few symbols), or below 3.3 when it is no hex digest, it passes.
    expect(detectSecret('APP_SECRET', 'abab'.repeat(8))).toBeUndefined()
    expect(detectSecret('APP_SECRET', `${lowScoring.slice(0, 31)}g`)).toBeUndefined()
  })

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
    // An empty value is empty: the next line is not read as the token.
    expect(contentOffends('npm-auth', '_authToken=\nregistry=https://registry.npmjs.org/\n')).toBe(
      false,
    )
    expect(contentOffends('pypi-password', '[pypi]\npassword =\nusername = __token__\n')).toBe(
      false,
    )
  })

  it('.pypirc offends only with a password', () => {
    expect(contentOffends('pypi-password', '[pypi]\nusername = __token__\n')).toBe(false)
    expect(contentOffends('pypi-password', `[pypi]\npassword = pypi-${random(60)}\n`)).toBe(true)
  })

  it('a PGP private key block offends; a PGP public key, signature or message does not', () => {
    const armor = (label: string) =>
      `-----BEGIN PGP ${label}-----\n\n${random(64)}\n=${random(4)}\n-----END PGP ${label}-----\n`
    expect(contentOffends('private-key', armor('PRIVATE KEY BLOCK'))).toBe(true)
    expect(contentOffends('private-key', `notes\n${armor('PRIVATE KEY BLOCK')}`)).toBe(true)
    expect(contentOffends('private-key', armor('PUBLIC KEY BLOCK'))).toBe(false)
    expect(contentOffends('private-key', armor('SIGNATURE'))).toBe(false)
    expect(contentOffends('private-key', armor('MESSAGE'))).toBe(false)
  })

  it("GnuPG's private-keys-v1.d key files offend; a smartcard stub does not", () => {
    const canonical = `(21:protected-private-key(3:rsa(1:n513:${random(40)})))`
    const extended = `Created: 20250101T000000\nKey: (protected-private-key (rsa (n #00${random(40, '0123456789ABCDEF')}#)))\n`
    expect(contentOffends('private-key', canonical)).toBe(true)
    expect(contentOffends('private-key', `(11:private-key(3:ecc(5:curve7:Ed25519)))`)).toBe(true)
    expect(contentOffends('private-key', extended)).toBe(true)
    expect(contentOffends('private-key', '(20:shadowed-private-key(3:rsa(1:n3:abc)))')).toBe(false)
  })

  /** Latin1 text of bytes, as the content checks read a blob. */
  const bytes = (...octets: number[]) =>
    Buffer.concat([Buffer.from(octets), rng.bytes(64)]).toString('latin1')

  it.each([
    ['new-format secret key packet', bytes(0xc5, 0x58, 0x04)],
    ['new-format, two-octet length', bytes(0xc5, 0xc1, 0x23, 0x04)],
    ['old-format secret key packet, two-octet length', bytes(0x95, 0x01, 0xd8, 0x04)],
    ['old-format, one-octet length, version 3', bytes(0x94, 0x80, 0x03)],
    ['armored', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${random(64)}\n`],
  ])('a binary or armored OpenPGP secret key offends (%s)', (_, text) => {
    expect(contentOffends('openpgp-secret-key', text)).toBe(true)
  })

  it.each([
    ['public key packet', bytes(0x99, 0x01, 0x0d, 0x04)],
    ['new-format public key', bytes(0xc6, 0x33, 0x04)],
    ['public-key encrypted session key (gpg -e)', bytes(0x85, 0x01, 0x0c, 0x03)],
    ['symmetric session key (gpg -c)', bytes(0x8c, 0x0d, 0x04)],
    ['secret key tag with a partial length', bytes(0xc5, 0xe1, 0x04)],
    ['secret key tag, unknown version', bytes(0xc5, 0x58, 0x09)],
    ['armored message', `-----BEGIN PGP MESSAGE-----\n\n${random(64)}\n`],
    ['empty', ''],
  ])('an encrypted file or a public key passes (%s)', (_, text) => {
    expect(contentOffends('openpgp-secret-key', text)).toBe(false)
  })

  it('a PuTTY key offends by its header, whatever the file is called', () => {
    const ppk = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${random(64)}\n`
    expect(contentOffends('private-key', ppk)).toBe(true)
    expect(contentOffends('private-key', 'See PuTTY-User-Key-File-3: in the docs\n')).toBe(false)
  })

  it.each([
    ['; ', `//registry.npmjs.org/:_authToken=npm_${random(36)}`],
    ['# ', `_authToken=npm_${random(36)}`],
    ['#', `//npm.pkg.github.com/:_authToken=${random(40)}`],
    [';; ', `_auth = "${random(24)}"`],
    ['  # ', `//registry.example.com/:_password=${random(20)}`],
    // A known token format under any key, or in a plain comment.
    ['# old token: ', `npm_${random(36)}`],
  ])('.npmrc: a token on a commented line offends (%j)', (comment, line) => {
    expect(
      contentOffends('npm-auth', `registry=https://registry.npmjs.org/\n${comment}${line}\n`),
    ).toBe(true)
  })

  it.each([
    '; //registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    '# _authToken=${NPM_TOKEN}',
    '# //registry.npmjs.org/:_authToken=<your-token>',
    '; _authToken=YOUR_NPM_TOKEN',
    '# _authToken=',
    '# _authToken=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    '# _authToken = the one from your npmjs.com account settings',
    '# set _authToken in CI, never here',
  ])('.npmrc: a commented reference, placeholder or prose passes (%j)', (line) => {
    expect(contentOffends('npm-auth', `${line}\nloglevel=warn\n`)).toBe(false)
  })

  it.each([
    `# password = pypi-${random(80)}`,
    `; password: pypi-${random(80)}`,
    `#password=${random(24)}`,
  ])('.pypirc: a password on a commented line offends (%j)', (line) => {
    expect(contentOffends('pypi-password', `[pypi]\nusername = __token__\n${line}\n`)).toBe(true)
  })

  it.each([
    '# password = <your PyPI token>',
    '; password = ${TWINE_PASSWORD}',
    '# password = your-token-here',
    '# password: use a keyring, never this file',
    '# password =',
  ])('.pypirc: a commented placeholder or prose passes (%j)', (line) => {
    expect(contentOffends('pypi-password', `[pypi]\nusername = __token__\n${line}\n`)).toBe(false)
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

describe('provider formats (the FORMATS table)', () => {
  const HEX = '0123456789abcdef'
  const DIGITS = '0123456789'
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  const x = (length: number) => 'x'.repeat(length)
  const zeros = (length: number) => '0'.repeat(length)

  /** [kind, a real-looking value, a placeholder of the same shape]. */
  const FORMATS: [string, string, string][] = [
    [
      '1Password secret key',
      `A3-${random(6, UPPER)}-${random(11, UPPER)}-${random(5, UPPER)}-${random(5, UPPER)}-${random(5, UPPER)}`,
      'A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX',
    ],
    [
      'age secret key',
      `AGE-SECRET-KEY-1${random(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`,
      `AGE-SECRET-KEY-1${'Q'.repeat(58)}`,
    ],
    ['Atlassian API token', `ATATT3${random(186)}`, `ATATT3${x(186)}`],
    [
      'Amazon Bedrock API key',
      `bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t&${random(40)}`,
      'bedrock-api-key-your-key-here',
    ],
    ['Amazon Bedrock API key', `ABSK${random(130)}`, `ABSK${'EXAMPLE'.repeat(20)}`],
    ['ClickHouse Cloud API secret', `4b1d${random(38)}`, `4b1d${x(38)}`],
    [
      'Cloudflare Origin CA key',
      `v1.0-${random(24, HEX)}-${random(146, HEX)}`,
      `v1.0-${zeros(24)}-${zeros(146)}`,
    ],
    ['Clojars token', `CLOJARS_${random(60, HEX)}`, `CLOJARS_${x(60)}`],
    ['Databricks token', `dapi${random(32, HEX)}`, `dapi${zeros(32)}`],
    ['Fly.io token', `fo1_${random(43)}`, `fo1_${x(43)}`],
    ['Fly.io token', `fm2_${random(120)}==`, `fm2_${x(120)}`],
    ['Grafana token', `glc_${random(60)}=`, `glc_${'1'.repeat(40)}=`],
    ['Grafana token', `glsa_${random(32)}_${random(8, HEX)}`, `glsa_${x(32)}_${zeros(8)}`],
    ['Grafana token', `eyJrIjoi${random(80)}`, `eyJrIjoi${x(80)}`],
    ['Terraform Cloud token', `${random(14)}.atlasv1.${random(64)}`, `${x(14)}.atlasv1.${x(64)}`],
    ['Infracost API key', `ico-${random(32)}`, `ico-${x(32)}`],
    ['MaxMind license key', `${random(6)}_${random(29)}_mmk`, `${x(6)}_${x(29)}_mmk`],
    ['OpenShift token', `sha256~${random(43)}`, `sha256~${x(43)}`],
    ['Perplexity API key', `pplx-${random(48)}`, `pplx-${x(48)}`],
    ['Scalingo token', `tk-us-${random(48)}`, `tk-us-${x(48)}`],
    ['Sentry token', `sntrys_eyJpYXQiO${random(60)}_${random(43)}`, `sntrys_eyJ${x(60)}_${x(43)}`],
    ['Sentry token', `sntryu_${random(64, HEX)}`, `sntryu_${zeros(64)}`],
    ['SonarQube token', `sqp_${random(40, HEX)}`, `sqp_${x(40)}`],
    ['Square access token', `sq0atp-${random(22)}`, `sq0atp-${x(22)}`],
    ['Square access token', `EAAA${random(60)}`, `EAAA${x(60)}`],
    ['Square OAuth secret', `sq0csp-${random(43)}`, `sq0csp-${x(43)}`],
    ['Azure AD client secret', `${random(3)}${random(1, DIGITS)}Q~${random(34)}`, `xxx8Q~${x(34)}`],
    ['Facebook access token', `EAAM${random(120)}`, `EAAM${x(120)}`],
    ['Intra42 client secret', `s-s4t2ud-${random(64, HEX)}`, `s-s4t2ud-${zeros(64)}`],
    ['Notion token', `ntn_${random(11, DIGITS)}${random(35)}`, `ntn_${zeros(11)}${x(35)}`],
    ['Octopus Deploy API key', `API-${random(25, UPPER)}7`, `API-${'X'.repeat(26)}`],
    ['Sourcegraph token', `sgp_${random(40, HEX)}`, `sgp_${zeros(40)}`],
    ['Sourcegraph token', `sgp_local_${random(40, HEX)}`, `sgp_local_${zeros(40)}`],
    ['HashiCorp Vault token', `s.${random(21)}Q7b`, `s.${x(24)}`],
    [
      'PEM private key',
      `"-----BEGIN PRIVATE KEY-----\\n${random(64)}\\n${random(20)}\\n-----END PRIVATE KEY-----"`,
      '"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----"',
    ],
    [
      'Slack app token',
      `xapp-1-A${random(10, UPPER)}-${random(13, DIGITS)}-${random(64, HEX)}`,
      `xapp-1-${'X'.repeat(11)}-${zeros(13)}-${x(64)}`,
    ],
    ['Slack token', `xoxe-1-${random(146)}`, `xoxe-1-${x(146)}`],
    [
      'Slack token',
      `xoxp-${random(12, DIGITS)}-${random(12, DIGITS)}-${random(12, DIGITS)}-${random(32, HEX)}`,
      `xoxp-${random(12, DIGITS)}-${random(12, DIGITS)}-${random(12, DIGITS)}-${'#'.repeat(32)}`,
    ],
    ['Stripe live key', `rk_prod_${random(40)}`, `rk_prod_${x(40)}`],
    ['Hugging Face token', `api_org_${random(34, LETTERS)}`, `api_org_${x(34)}`],
    [
      'JSON Web Token',
      `eyJ${random(20)}.eyJ${random(30)}.`,
      'eyJhbGciOiJub25lIn0.your-payload-here.',
    ],
    [
      'Slack webhook URL',
      `hooks.slack.com/triggers/T${random(8, UPPER)}/${random(12, DIGITS)}/${random(32)}`,
      `https://hooks.slack.com/triggers/${x(32)}`,
    ],
  ]

  it.each(FORMATS)('%s under a neutral name and on a commented line (%#)', (kind, value) => {
    expect(scanTemplate(`VALUE_1=${value}\n`)).toEqual([{ key: 'VALUE_1', line: 1, kind }])
    expect(scanTemplate(`# VALUE_1=${value}\n`)).toEqual([
      { key: 'VALUE_1', line: 1, kind: `${kind} in a comment` },
    ])
  })

  it.each(FORMATS)('%s: a placeholder of the same shape passes (%#)', (_kind, _value, shape) => {
    expect(scanTemplate(`VALUE_1=${shape}\n# VALUE_1=${shape}\n`)).toEqual([])
  })

  it('Sumo Logic keys have no prefix: only a Sumo Logic name makes them one', () => {
    const id = `su${random(11)}7`
    const key = `${random(63)}4`
    expect(scanTemplate(`SUMO_ACCESS_ID=${id}\n# SUMOLOGIC_ACCESSKEY="${key}"\n`)).toEqual([
      { key: 'SUMO_ACCESS_ID', line: 1, kind: 'Sumo Logic access id' },
      { key: 'SUMOLOGIC_ACCESSKEY', line: 2, kind: 'Sumo Logic access key in a comment' },
    ])
    expect(
      scanTemplate(`VALUE_1=${id}\nsumOfParts=${id}\nSUMO_ACCESS_ID=suXXXXXXXXXXXX\n`),
    ).toEqual([])
  })

  it('a placeholder word counts inside a token only as people write it', () => {
    const bot = `xoxb-${random(12, DIGITS)}-${random(14)}`
    expect(detectFormat(`${bot}wFaKe`)).toEqual({ kind: 'Slack token' })
    expect(detectFormat(`${bot}Fake`)).toBeUndefined()
    expect(detectFormat(`${bot}FAKE`)).toBeUndefined()
    // Runs of x likewise: typed in one case, chance in mixed case.
    expect(detectFormat(`${bot}HxxxXx8`)).toEqual({ kind: 'Slack token' })
    expect(detectFormat(`${bot}xxxxx`)).toBeUndefined()
  })

  it('runs of one character or of the alphabet are typed, not drawn', () => {
    expect(detectFormat(`AIza${'a'.repeat(35)}`)).toBeUndefined()
    expect(detectFormat(`AIzaSy${random(4)}abcdefghijklmnopqrstuvwxyz${random(1)}`)).toBeUndefined()
    expect(
      detectFormat(`sk-ant-api03-${random(20)}-klmnopqrstuvwx-${random(40)}AA`),
    ).toBeUndefined()
  })

  it('shapes that are not the documented ones pass', () => {
    // Slack: too few digits in the numeric parts, or no random tail.
    expect(detectFormat('xoxb-4321-abcd9876')).toBeUndefined()
    expect(detectFormat('xoxb-xoxb-my-bot-token')).toBeUndefined()
    expect(detectFormat('xoxp-9876543210')).toBeUndefined()
    // A Google key is exactly 35 characters after AIza.
    expect(detectFormat(`AIza${random(47)}`)).toBeUndefined()
    // An identifier that starts with hf_ is not a Hugging Face token.
    expect(detectFormat('hf_requiredDisplayMetadataCharacteristicTypes')).toBeUndefined()
    // ico- inside a file name is not an Infracost key.
    expect(detectFormat(`https://cdn.acme.io/img/box.ico-${random(32, HEX)}.png`)).toBeUndefined()
    // An Octopus key has digits: 26 capitals are a constant's name.
    expect(detectFormat('API-GATEWAYPRODUCTIONENDPOINTS')).toBeUndefined()
    // Vault's legacy token needs digits and both cases.
    expect(detectFormat(`s.${random(24, 'abcdefghijklmnopqrstuvwxyz')}`)).toBeUndefined()
  })
})
