import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLargeFiles } from '../../src/git/large-blobs.js'
import { listStaged } from '../../src/git/staged.js'
import { seededRandom } from '../helpers/random.js'
import { createRepo, runInShell, splitZ, type TestRepo } from '../helpers/repo.js'

/**
 * Built at run time from a seeded generator, so this repository never holds a string that
 * looks like a real key, and a failure replays with the seed it prints.
 */
const rng = seededRandom('git/content')
const random = (length: number) => rng.string(length)

const PRIVATE_KEY = rng.ed25519Pem()
const CERTIFICATE = rng.certificatePem()
const LFS_POINTER =
  'version https://git-lfs.github.com/spec/v1\n' +
  `oid sha256:${rng.bytes(32).toString('hex')}\nsize 6000000\n`

interface JsonFinding {
  code: string
  path: string
  category: string
  severity: string
  status: string
  message: string
  key?: string
  line?: number
  kind?: string
  keys?: string[]
  bytes?: number
  fix?: string[]
}

function json(repo: TestRepo, args: string[] = []) {
  const result = repo.guard(['--format', 'json', ...args])
  const report = JSON.parse(result.stdout) as {
    blocked: boolean
    findings: JsonFinding[]
    recovery: { commands: string[]; gitignore: string[] }
  }
  return { result, report }
}

const byCategory = (findings: JsonFinding[], category: string) =>
  findings.filter((finding) => finding.category === category)

describe('env templates are read from the staged blob', () => {
  it('blocks a realistic key, names key and line, and never prints the value', () => {
    const key = `sk-proj-${random(64)}`
    const repo = createRepo()
    repo.write('.env.example', `# OpenAI\nDEBUG=true\nOPENAI_API_KEY=${key}\n`)
    repo.git(['add', '.env.example'])

    const text = repo.guard()
    expect(text.code).toBe(1)
    expect(text.stdout).toContain('\nOPENAI_API_KEY=your-openai-api-key-here\n')
    const { result, report } = json(repo)
    expect(result.code).toBe(1)
    expect(byCategory(report.findings, 'env-template')).toMatchObject([
      {
        code: 'TEMPLATE_VALUE',
        path: '.env.example',
        severity: 'block',
        key: 'OPENAI_API_KEY',
        line: 3,
        kind: 'OpenAI API key',
        fix: ['OPENAI_API_KEY=your-openai-api-key-here'],
      },
    ])
    // A template is meant to be committed: no `git rm --cached`, no .gitignore line.
    expect(report.recovery).toEqual({ commands: [], gitignore: [] })
    const fixed = repo.guard(['--fix'])
    expect(fixed.code).toBe(1)
    for (const output of [text, result, fixed]) {
      expect(output.stdout + output.stderr).not.toContain(key)
      expect(output.stdout + output.stderr).not.toContain(key.slice(8, 30))
    }
  })

  it('lets placeholders pass silently', () => {
    const repo = createRepo()
    repo.write(
      '.env.example',
      [
        'OPENAI_API_KEY=your-openai-api-key-here',
        'SECRET_KEY=replace-with-64-char-hex-generate-with-openssl-rand-hex-32',
        'DATABASE_URL=postgresql+asyncpg://docqa:docqa_password@localhost:5432/docqa',
        'GROQ_API_KEY=<your groq key>',
        'ANTHROPIC_API_KEY=',
        '',
      ].join('\n'),
    )
    repo.git(['add', '.env.example'])
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('judges the index, not the working copy', () => {
    const key = `gsk_${random(52)}`
    const repo = createRepo()
    repo.write('api/.env.sample', `GROQ_API_KEY=${key}\n`)
    repo.git(['add', 'api/.env.sample'])
    repo.write('api/.env.sample', 'GROQ_API_KEY=your-groq-api-key-here\n')
    expect(repo.guard().code).toBe(1)

    repo.git(['add', 'api/.env.sample'])
    repo.write('api/.env.sample', `GROQ_API_KEY=${key}\n`)
    expect(repo.guard().code).toBe(0)
  })

  it('--fix never edits the template and leaves it staged', () => {
    const repo = createRepo()
    repo.write('.env.example', `STRIPE_KEY=sk_live_${random(24)}\n`)
    repo.write('.env', 'STRIPE_KEY=real\n')
    repo.git(['add', '-f', '.env.example', '.env'])
    const before = repo.snapshot()
    const fixed = repo.guard(['--fix'])
    expect(fixed.code).toBe(1)
    expect(repo.staged()).toEqual(['.env.example'])
    expect(repo.snapshot().get('.env.example')).toBe(before.get('.env.example'))
  })

  it('honours configured template names and severities', () => {
    const repo = createRepo()
    repo.write('config/env.dist', `AWS_ACCESS_KEY_ID=AKIA${random(16).toUpperCase()}\n`)
    repo.write('.precommit-guard.json', JSON.stringify({ envTemplates: ['env.dist'] }))
    repo.git(['add', 'config/env.dist'])
    expect(byCategory(json(repo).report.findings, 'env-template')).toHaveLength(1)

    repo.write(
      '.precommit-guard.json',
      JSON.stringify({ envTemplates: ['env.dist'], categories: { 'env-template': 'off' } }),
    )
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})

describe('templates in --range (CI catches what --no-verify let through)', () => {
  it('blocks a committed template with a real key, never printing it; .npmrc passes', () => {
    const key = `sk-ant-api03-${random(90)}`
    const repo = createRepo({ files: { 'app.py': 'print(1)\n' }, commit: true })
    repo.write('.env.example', `ANTHROPIC_API_KEY=${key}\n`)
    repo.write('.npmrc', 'loglevel=silent\n')
    repo.git(['add', '.env.example', '.npmrc'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'template'])
    const sha = repo.git(['rev-parse', 'HEAD']).trim()

    const text = repo.guard(['--range', 'HEAD~1..HEAD'])
    expect(text.code).toBe(1)
    // The line to paste, printed bare: also proof that the text checked below for the value is the report.
    expect(text.stdout).toContain('\nANTHROPIC_API_KEY=your-anthropic-api-key-here\n')
    const { result, report } = json(repo, ['--range', 'HEAD~1..HEAD'])
    expect(result.code).toBe(1)
    expect(report.findings).toMatchObject([
      {
        code: 'TEMPLATE_VALUE',
        path: '.env.example',
        category: 'env-template',
        severity: 'block',
        key: 'ANTHROPIC_API_KEY',
        line: 1,
        kind: 'Anthropic API key',
      },
    ])
    expect((report.findings[0] as { commits?: string[] }).commits).toEqual([sha])
    const sarif = repo.guard(['--range', 'HEAD~1..HEAD', '--format', 'sarif'])
    for (const output of [text, result, sarif]) {
      expect(output.stdout + output.stderr).not.toContain(key.slice(13, 40))
    }

    repo.write('.env.example', 'ANTHROPIC_API_KEY=your-anthropic-api-key-here\n')
    repo.git(['commit', '-q', '-am', 'placeholder'])
    expect(repo.guard(['--range', 'HEAD~1..HEAD'])).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})

describe('the allow-list covers content checks too', () => {
  it('never flags an allowed template or big file', () => {
    const repo = createRepo()
    repo.write('.precommit-guard.json', JSON.stringify({ allow: ['tests/fixtures/**'] }))
    repo.write('tests/fixtures/.env.example', `OPENAI_API_KEY=sk-proj-${random(64)}\n`)
    repo.write('tests/fixtures/big.bin', rng.bytes(6_000_000).toString('latin1'))
    repo.git(['add', 'tests'])
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
    repo.write('.precommit-guard.json', '{}')
    expect(
      json(repo)
        .report.findings.map((f) => f.category)
        .sort(),
    ).toEqual(['env-template', 'large-file'])
  })
})

describe('every template name is content-checked', () => {
  it('blocks a real-looking key in env.example, .env-example, .env_example, example.env, .example.env, .env.dist', () => {
    const names = [
      'env.example',
      '.env-example',
      'a/.env_example',
      'example.env',
      'd/.example.env',
      'b/.env.dist',
    ]
    const repo = createRepo()
    for (const name of names) repo.write(name, `OPENAI_API_KEY=sk-proj-${random(64)}\n`)
    repo.write('sample.env', 'OPENAI_API_KEY=your-openai-api-key-here\n')
    repo.write('c/.env.defaults', 'APP_ENV=dev\n')
    repo.git(['add', '-A'])
    const { report } = json(repo)
    expect(report.findings.map((f) => [f.path, f.code]).sort()).toEqual(
      names.map((name) => [name, 'TEMPLATE_VALUE']).sort(),
    )
  })
})

describe('env drift', () => {
  it('warns about keys of the local .env that the staged template lacks', () => {
    const repo = createRepo()
    repo.write('.gitignore', '.env\n')
    repo.write('.env', `DEBUG=true\n# for the new feature\nNEW_KEY=${random(20)}\n`)
    repo.write('.env.example', 'DEBUG=false\n')
    repo.git(['add', '.gitignore', '.env.example'])

    const text = repo.guard()
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(':\nNEW_KEY=your-new-key-here\n')
    expect(text.stdout).not.toContain('for the new feature')
    const { report } = json(repo)
    expect(report.blocked).toBe(false)
    expect(byCategory(report.findings, 'env-drift')).toMatchObject([
      {
        code: 'TEMPLATE_DRIFT',
        path: '.env.example',
        severity: 'warn',
        keys: ['NEW_KEY'],
        fix: ['NEW_KEY=your-new-key-here'],
      },
    ])
  })

  it('is silent when the template covers every key, or when there is no local .env', () => {
    const repo = createRepo()
    repo.write('.env.example', 'DEBUG=false\n# OPTIONAL=\n')
    repo.git(['add', '.env.example'])
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
    repo.write('.env', 'DEBUG=true\nOPTIONAL=1\n')
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('runs on --all too', () => {
    const repo = createRepo({ files: { '.env.example': 'A=\n' }, commit: true })
    repo.write('.env', 'A=1\nB=2\n')
    expect(repo.guard().stdout).toBe('')
    expect(byCategory(json(repo, ['--all']).report.findings, 'env-drift')).toMatchObject([
      { keys: ['B'] },
    ])
  })
})

describe('credential files', () => {
  it('blocks private keys by name and by content; certificates and public keys pass', () => {
    const repo = createRepo()
    repo.write('deploy/id_ed25519', PRIVATE_KEY)
    repo.write('deploy/id_ed25519.pub', 'ssh-ed25519 AAAAC3Nza test@example\n')
    repo.write('tls/server.key', PRIVATE_KEY)
    repo.write('tls/cert.pem', CERTIFICATE)
    repo.write('.npmrc', 'loglevel=silent\n')
    repo.write('web/.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n')
    repo.write('pkg/.npmrc', `//registry.npmjs.org/:_authToken=npm_${random(36)}\n`)
    repo.write('infra/prod.tfvars', 'db_password = "x"\n')
    repo.git(['add', '-A'])

    const { result, report } = json(repo)
    const findings = report.findings
    expect(result.code).toBe(1)
    expect(
      byCategory(findings, 'credential')
        .map((f) => f.path)
        .sort(),
    ).toEqual(['deploy/id_ed25519', 'infra/prod.tfvars', 'pkg/.npmrc', 'tls/server.key'])
    expect(findings.map((f) => f.path)).not.toContain('tls/cert.pem')

    // The recovery untracks exactly the offenders and ignores them, not the certificate.
    const staged = repo.staged()
    const shell = runInShell(repo, report.recovery.commands)
    expect(shell.code).toBe(0)
    const offenders = new Set(findings.map((f) => f.path))
    expect(repo.staged()).toEqual(staged.filter((path) => !offenders.has(path)))
    writeFileSync(join(repo.dir, '.gitignore'), `${report.recovery.gitignore.join('\n')}\n`)
    const ignored = splitZ(
      repo.git(['check-ignore', '--no-index', '-z', '--stdin'], {
        input: staged.map((path) => `${path}\0`).join(''),
      }),
    ).sort()
    expect(ignored).toEqual([...offenders].sort())
  })

  it('a harmless *.key or *.pem still meets every other rule that matches it', () => {
    const repo = createRepo()
    repo.write(
      '.precommit-guard.json',
      JSON.stringify({ rules: [{ id: 'secrets-dir', pattern: 'secrets/**', severity: 'block' }] }),
    )
    repo.write('secrets/api.key', 'not a key\n')
    repo.write('dist/cert.pem', CERTIFICATE)
    repo.write('dist/server.key', PRIVATE_KEY)
    repo.git(['add', '-f', 'secrets', 'dist'])
    const findings = json(repo).report.findings.map(({ path, category }) => [path, category])
    expect(findings.sort()).toEqual([
      ['dist/cert.pem', 'build'],
      ['dist/server.key', 'credential'],
      ['secrets/api.key', 'secrets-dir'],
    ])
  })

  it('can be switched off in the configuration', () => {
    const repo = createRepo()
    repo.write('id_rsa', PRIVATE_KEY)
    repo.write('.precommit-guard.json', JSON.stringify({ categories: { credential: 'off' } }))
    repo.git(['add', 'id_rsa'])
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})

describe('large files', () => {
  it('warns above 5 MiB with the LFS recovery; exit stays 0', () => {
    const repo = createRepo()
    repo.write('assets/video.bin', rng.bytes(6_000_000).toString('latin1'))
    repo.write('small.txt', 'small\n')
    repo.git(['add', '-A'])
    const text = repo.guard()
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(
      '\ngit -C "$(git rev-parse --show-toplevel)" lfs track --filename assets/video.bin\n',
    )
    const { report } = json(repo)
    const staged = Number(repo.git(['cat-file', '-s', ':assets/video.bin']))
    expect(report.findings).toMatchObject([
      {
        code: 'LARGE_FILE',
        path: 'assets/video.bin',
        category: 'large-file',
        severity: 'warn',
        bytes: staged,
      },
    ])
    expect(report.findings[0]!.bytes).toBeGreaterThan(5 * 1024 * 1024)
    expect(report.recovery.commands).toEqual([])
  })

  it('exempts Git LFS pointers, even under a tiny threshold', () => {
    const repo = createRepo()
    repo.write('.precommit-guard.json', JSON.stringify({ largeFile: { threshold: '100B' } }))
    repo.write('model.bin', LFS_POINTER)
    repo.write('notes.txt', 'n'.repeat(200))
    repo.git(['add', 'model.bin', 'notes.txt'])
    expect(json(repo).report.findings.map((f) => f.path)).toEqual(['notes.txt'])
  })

  it('finds the one big file in a stage of thousands (index prefilter), split index too', () => {
    const repo = createRepo()
    for (let i = 0; i < 2100; i++) repo.write(`src/m${i % 20}/f${i}.py`, `x = ${i}\n`)
    repo.write('data/dump.bin', rng.bytes(6_000_000).toString('latin1'))
    repo.git(['add', '-A'])
    const paths = () =>
      byCategory(json(repo).report.findings, 'large-file').map((finding) => finding.path)
    expect(paths()).toEqual(['data/dump.bin'])
    repo.git(['update-index', '--index-version', '4'])
    expect(paths()).toEqual(['data/dump.bin'])
    repo.git(['update-index', '--split-index'])
    expect(paths()).toEqual(['data/dump.bin'])
  })

  it('asks git for every size when the index is not read (the medium-stage route)', async () => {
    const repo = createRepo()
    repo.write('big.bin', 'x'.repeat(3000))
    repo.write('model.bin', LFS_POINTER)
    repo.write('small.txt', 'small\n')
    repo.git(['add', '-A'])
    const ctx = { cwd: repo.dir, env: repo.env }
    const entries = await listStaged(ctx)
    for (const indexFile of [join(repo.dir, '.git', 'index'), join(repo.dir, 'no-such-index')]) {
      const large = await findLargeFiles(ctx, entries, 100, {
        indexFile,
        top: repo.dir,
        prefix: '',
        cleanFilters: false,
      })
      expect(large.map(({ entry, bytes }) => [entry.path, bytes])).toEqual([['big.bin', 3000]])
    }
  })

  it('validates the threshold', () => {
    const repo = createRepo()
    repo.write('.precommit-guard.json', JSON.stringify({ largeFile: { threshold: 'huge' } }))
    const result = repo.guard()
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/largeFile\.threshold: bad size "huge"/)
    expect(readFileSync(join(repo.dir, '.precommit-guard.json'), 'utf8')).toContain('huge')
  })
})
