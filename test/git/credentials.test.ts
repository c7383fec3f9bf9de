import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { printedSteps } from '../helpers/paste.js'
import { seededRandom } from '../helpers/random.js'
import { CLI, createRepo, recoveryOf, splitZ, type TestRepo } from '../helpers/repo.js'

/**
 * Credential files whose secret sits where a quick look misses it: a token on a commented
 * line of `.npmrc` / `.pypirc`, a PGP private key block, a PuTTY key. Keys are built at run
 * time from a seeded generator, so this repository never holds one.
 */
const rng = seededRandom('git/credentials')
const random = (length: number) => rng.string(length)

const armor = (label: string) =>
  `-----BEGIN PGP ${label}-----\n\n${random(64)}\n${random(64)}\n=${random(4)}\n-----END PGP ${label}-----\n`

const puttyKey = () =>
  [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    'Comment: deploy@ci',
    'Public-Lines: 2',
    random(64),
    random(24),
    'Private-Lines: 1',
    random(44),
    `Private-MAC: ${random(64)}`,
    '',
  ].join('\n')

/** The offenders, each with the `.gitignore` line its recovery should print. */
const OFFENDERS: Record<string, string> = {
  '.npmrc': '/.npmrc',
  'py/.pypirc': '/py/.pypirc',
  'keys/signing.key': '/keys/signing.key',
  'keys/release-private.asc': '/keys/release-private.asc',
  'deploy/ci.ppk': '*.ppk',
  'keys/backup.gpg': '/keys/backup.gpg',
}

/** Files beside them that must pass, and must never be ignored by the printed lines. */
const INNOCENT = [
  'web/.npmrc',
  'docs/.pypirc',
  'keys/maintainer.asc',
  'release/app.tar.gz.asc',
  'keys/readme.md',
  'config/secrets.env.gpg',
]

function writeBytes(repo: TestRepo, path: string, bytes: Buffer): void {
  mkdirSync(dirname(join(repo.dir, path)), { recursive: true })
  writeFileSync(join(repo.dir, path), bytes)
}

function credentialRepo(): TestRepo {
  const repo = createRepo()
  repo.write(
    '.npmrc',
    `registry=https://registry.npmjs.org/\n; //registry.npmjs.org/:_authToken=npm_${random(36)}\n`,
  )
  repo.write(
    'web/.npmrc',
    '; //registry.npmjs.org/:_authToken=${NPM_TOKEN}\n# _authToken=<your token>\nloglevel=warn\n',
  )
  repo.write(
    'py/.pypirc',
    `[pypi]\nusername = __token__\n# password = pypi-AgEIcHlwaS5vcmc${random(70)}\n`,
  )
  repo.write('docs/.pypirc', '[pypi]\nusername = __token__\n# password = <your PyPI token>\n')
  repo.write('keys/signing.key', armor('PRIVATE KEY BLOCK'))
  repo.write('keys/release-private.asc', armor('PRIVATE KEY BLOCK'))
  repo.write('keys/maintainer.asc', armor('PUBLIC KEY BLOCK'))
  repo.write('release/app.tar.gz.asc', armor('SIGNATURE'))
  repo.write('deploy/ci.ppk', puttyKey())
  repo.write('keys/readme.md', 'How we sign releases.\n')
  // Binary OpenPGP: a secret-key packet (old format, tag 5, version 4) and an encrypted file.
  writeBytes(
    repo,
    'keys/backup.gpg',
    Buffer.concat([Buffer.from([0x94, 0x58, 0x04]), rng.bytes(88)]),
  )
  writeBytes(
    repo,
    'config/secrets.env.gpg',
    Buffer.concat([Buffer.from([0x85, 0x01, 0x0c, 0x03]), rng.bytes(268)]),
  )
  repo.git(['add', '-f', '--', ...Object.keys(OFFENDERS), ...INNOCENT])
  return repo
}

function runIn(shell: string, repo: TestRepo, commands: string[]) {
  const result = spawnSync(shell, ['-c', `set -e\n${commands.join('\n')}`], {
    cwd: repo.dir,
    env: repo.env,
    encoding: 'utf8',
  })
  return { code: result.status ?? -1, stderr: result.stderr }
}

const ignoredOf = (repo: TestRepo, paths: readonly string[]) =>
  splitZ(
    repo.git(['check-ignore', '--no-index', '-z', '--stdin'], {
      input: paths.map((path) => `${path}\0`).join(''),
    }),
  ).sort()

describe('credential files with the secret where a quick look misses it', () => {
  it('blocks commented tokens, PGP private key blocks and PuTTY keys; their neighbours pass', () => {
    const repo = credentialRepo()
    const report = recoveryOf(repo.guard(['--format', 'json']))
    expect(report.blocked).toBe(true)
    expect(
      report.findings.map(({ path, category, code }) => [path, category, code]).sort(),
    ).toEqual([
      ['.npmrc', 'credential', 'CREDENTIAL_CONTENT'],
      ['deploy/ci.ppk', 'credential', 'PATH_RULE'],
      ['keys/backup.gpg', 'credential', 'CREDENTIAL_CONTENT'],
      ['keys/release-private.asc', 'credential', 'CREDENTIAL_CONTENT'],
      ['keys/signing.key', 'credential', 'CREDENTIAL_CONTENT'],
      ['py/.pypirc', 'credential', 'CREDENTIAL_CONTENT'],
    ])
    // Files judged by content are anchored one by one; a .ppk is a private key by its name.
    expect(report.gitignore).toEqual(Object.values(OFFENDERS).sort())
  })

  it.each(['sh', 'dash', 'bash', 'zsh'])(
    'pasted into %s, the printed steps untrack and ignore exactly the offenders',
    (shell) => {
      const repo = credentialRepo()
      const before = repo.snapshot()
      const result = repo.guard()
      expect(result.code).toBe(1)
      const steps = printedSteps(result.stdout)
      expect(steps.length).toBeGreaterThan(0)
      const run = runIn(shell, repo, steps)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)

      expect(repo.indexPaths().sort()).toEqual([...INNOCENT, '.gitignore'].sort())
      const everything = [...Object.keys(OFFENDERS), ...INNOCENT]
      expect(ignoredOf(repo, everything)).toEqual(Object.keys(OFFENDERS).sort())
      // Nothing lost: every file is still on disk with the same bytes.
      const after = repo.snapshot()
      after.delete('.gitignore')
      expect(after).toEqual(before)
      expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
    },
  )

  it('through a plain pre-commit hook, the steps pasted from a subfolder recover', () => {
    const repo = credentialRepo()
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit')
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}"\n`, { mode: 0o755 })
    const before = repo.snapshot()
    const commit = spawnSync('git', ['commit', '-q', '-m', 'keys'], {
      cwd: join(repo.dir, 'keys'),
      env: repo.env,
      encoding: 'utf8',
    })
    expect(commit.status).toBe(1)
    const steps = printedSteps(commit.stderr)
    const run = spawnSync('sh', ['-c', `set -e\n${steps.join('\n')}`], {
      cwd: join(repo.dir, 'keys'),
      env: repo.env,
      encoding: 'utf8',
    })
    expect([run.status, run.stderr]).toEqual([0, ''])
    expect(repo.indexPaths().sort()).toEqual([...INNOCENT, '.gitignore'].sort())
    const after = repo.snapshot()
    after.delete('.gitignore')
    expect(after).toEqual(before)
    const retry = spawnSync('git', ['commit', '-q', '-m', 'keys'], { cwd: repo.dir, env: repo.env })
    expect(retry.status).toBe(0)
    expect(splitZ(repo.git(['ls-tree', '-r', '-z', '--name-only', 'HEAD'])).sort()).toEqual(
      [...INNOCENT, '.gitignore'].sort(),
    )
  })

  it('explain says what the content held, and that a .ppk is blocked by its name', () => {
    const repo = credentialRepo()
    const asc = repo.guard(['explain', 'keys/release-private.asc'])
    expect(asc.code).toBe(0)
    expect(asc.stdout).toContain('keys/release-private.asc: blocked by category credential')
    expect(asc.stdout).toContain('rule credential:*.asc')
    expect(asc.stdout).toContain('  content: the file holds a private key\n')
    const ppk = repo.guard(['explain', 'deploy/ci.ppk'])
    expect(ppk.stdout).toContain('file name `ci.ppk` matches `*.ppk`')
    for (const path of ['keys/maintainer.asc', 'web/.npmrc', 'docs/.pypirc']) {
      expect(repo.guard(['explain', path]).stdout).toMatch(new RegExp(`^${path}: passes`))
    }
  })

  it('history finds a commented-out token that was committed', () => {
    const repo = credentialRepo()
    repo.git(['commit', '-q', '--no-verify', '-m', 'credentials'])
    const json = JSON.parse(repo.guard(['history', '--format', 'json']).stdout) as {
      leaks: { path: string }[]
    }
    expect(json.leaks.map((leak) => leak.path).sort()).toEqual(Object.keys(OFFENDERS).sort())
  })
})

describe('URL passwords in a staged env template', () => {
  it('blocks a real-looking one (in a comment, or cut by dotenv at #); documented logins pass', () => {
    const repo = createRepo()
    const lines = [
      'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app',
      'AMQP_URL=amqp://guest:guest@localhost:5672/',
      'S3_URL=http://minioadmin:minioadmin@localhost:9000',
      'MONGO_URL=mongodb://mongoadmin:secret@localhost:27017/',
      'MYSQL_URL=mysql://root:my-secret-pw@localhost:3306/app',
      'REPLICA_URL=postgres://app:s3cretPassw0rd@replica.internal/app',
      '# PROD_URL=postgres://app:Pa55w0rd!2024x@prod.internal/app',
      'CUT_URL=postgres://app:Zq9#v2Lm@db.internal/app',
    ]
    repo.write('.env.example', `${lines.join('\n')}\n`)
    repo.git(['add', '.env.example'])
    const result = repo.guard(['--format', 'json'])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as {
      findings: { key: string; line: number; kind: string; category: string }[]
    }
    expect(report.findings.map(({ key, line, kind }) => [key, line, kind])).toEqual([
      ['REPLICA_URL', 6, 'URL with an embedded password'],
      ['PROD_URL', 7, 'URL with an embedded password in a comment'],
      ['CUT_URL', 8, 'URL with an embedded password'],
    ])
    const text = repo.guard()
    for (const secret of ['s3cretPassw0rd', 'Pa55w0rd!2024x', 'Zq9#v2Lm', 'Zq9']) {
      expect(result.stdout).not.toContain(secret)
      expect(text.stdout + text.stderr).not.toContain(secret)
    }
    expect(text.stdout).toContain('\nREPLICA_URL=your-replica-url-here\n')
  })
})

const hasGpg = spawnSync('gpg', ['--version']).status === 0

describe('OpenPGP keys made by the real gpg', () => {
  it.skipIf(!hasGpg)(
    'blocks exported secret keys and GnuPG key files; public keys and encrypted files pass',
    () => {
      const repo = createRepo()
      const home = join(repo.dir, '..', 'gnupg')
      mkdirSync(home, { mode: 0o700 })
      const env = { ...repo.env, GNUPGHOME: home }
      const gpg = (args: string[]) => {
        const result = spawnSync('gpg', ['--batch', '--quiet', '--yes', ...args], { env })
        expect(result.status, result.stderr.toString()).toBe(0)
        return result.stdout
      }
      try {
        gpg([
          '--passphrase',
          '',
          '--quick-gen-key',
          'Release <release@example.com>',
          'future-default',
          'default',
          'never',
        ])
        const secret = ['--pinentry-mode', 'loopback', '--passphrase', '', '--export-secret-keys']
        writeBytes(repo, 'keys/release-secret.gpg', gpg([...secret, 'release@example.com']))
        writeBytes(
          repo,
          'keys/release-secret.asc',
          gpg(['--armor', ...secret, 'release@example.com']),
        )
        writeBytes(repo, 'keys/release.gpg', gpg(['--export', 'release@example.com']))
        writeBytes(repo, 'keys/release.asc', gpg(['--armor', '--export', 'release@example.com']))
        writeFileSync(join(repo.dir, 'notes.txt'), 'to encrypt\n')
        gpg([
          '--trust-model',
          'always',
          '-r',
          'release@example.com',
          '-o',
          join(repo.dir, 'notes.txt.gpg'),
          '-e',
          join(repo.dir, 'notes.txt'),
        ])
        const grips = gpg(['--with-colons', '--with-keygrip', '--list-secret-keys'])
          .toString()
          .split('\n')
          .filter((line) => line.startsWith('grp:'))
          .map((line) => line.split(':')[9]!)
        expect(grips.length).toBeGreaterThan(0)
        const keyFile = `gnupg/private-keys-v1.d/${grips[0]}.key`
        writeBytes(repo, keyFile, readFileSync(join(home, 'private-keys-v1.d', `${grips[0]}.key`)))
        repo.git(['add', '-A'])

        const report = recoveryOf(repo.guard(['--format', 'json']))
        expect(report.findings.map(({ path, code }) => [path, code]).sort()).toEqual(
          [
            [keyFile, 'CREDENTIAL_CONTENT'],
            ['keys/release-secret.asc', 'CREDENTIAL_CONTENT'],
            ['keys/release-secret.gpg', 'CREDENTIAL_CONTENT'],
          ].sort(),
        )
      } finally {
        // The agent gpg started for this home, and only it.
        spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env })
      }
    },
  )
})

const hasPuttygen = spawnSync('puttygen', ['--version']).status === 0

describe('PuTTY keys made by the real puttygen', () => {
  it.skipIf(!hasPuttygen)(
    'blocks every .ppk by name, passphrase or not, and a PuTTY key under another name by content',
    () => {
      const repo = createRepo()
      const passphrase = join(repo.dir, '..', 'passphrase')
      writeFileSync(passphrase, `${random(16)}\n`)
      const puttygen = (args: string[]) => {
        const result = spawnSync('puttygen', args, { cwd: repo.dir, env: repo.env })
        expect(result.status, result.stderr.toString()).toBe(0)
        return result.stdout
      }
      mkdirSync(join(repo.dir, 'keys'))
      puttygen(['-t', 'ed25519', '-o', 'keys/plain.ppk', '--new-passphrase', '/dev/null', '-q'])
      puttygen(['-t', 'ed25519', '-o', 'keys/locked.ppk', '--new-passphrase', passphrase, '-q'])
      puttygen(['-t', 'ed25519', '-o', 'keys/deploy.key', '--new-passphrase', '/dev/null', '-q'])
      writeBytes(repo, 'keys/plain.pub', puttygen(['keys/plain.ppk', '-L']))
      repo.git(['add', '-A'])
      const report = recoveryOf(repo.guard(['--format', 'json']))
      expect(report.findings.map(({ path, code }) => [path, code])).toEqual([
        ['keys/deploy.key', 'CREDENTIAL_CONTENT'],
        ['keys/locked.ppk', 'PATH_RULE'],
        ['keys/plain.ppk', 'PATH_RULE'],
      ])
      expect(report.gitignore).toEqual(['*.ppk', '/keys/deploy.key'])
    },
  )
})
