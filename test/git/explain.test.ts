import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../helpers/repo.js'

/** Built at run time, so this repository never holds a string that looks like a real key. */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const random = (length: number) =>
  [...randomBytes(length)].map((byte) => ALNUM[byte % ALNUM.length]).join('')

const CONFIG = {
  allow: ['tests/fixtures/**/*.csv'],
  categories: { log: 'off', editor: 'block' },
  rules: [{ id: 'secrets-dir', pattern: 'secrets/**', severity: 'block', message: 'local only' }],
  envTemplates: ['.env.shared'],
}

function explain(repo: TestRepo, path: string, cwd?: string) {
  const result = repo.guard(['explain', path, '--format', 'json'], cwd ? { cwd } : {})
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as Record<string, unknown>
}

describe('precommit-guard explain', () => {
  it('names the category, rule and reason of a blocked path that is neither staged nor on disk', () => {
    const repo = createRepo()
    expect(explain(repo, 'app/__pycache__/m.cpython-312.pyc')).toMatchObject({
      path: 'app/__pycache__/m.cpython-312.pyc',
      verdict: 'block',
      category: 'bytecode',
      ruleId: 'bytecode:__pycache__/',
      why: { kind: 'segment', segment: '__pycache__', glob: '__pycache__/' },
      configured: false,
    })
    expect(explain(repo, 'report.pdf')).toMatchObject({
      category: 'upload',
      why: { kind: 'name', name: 'report.pdf', glob: '*.pdf' },
    })
    expect(explain(repo, 'app/__pycache__/m.pyc')).toMatchObject({
      path: 'app/__pycache__/m.pyc',
      verdict: 'block',
      category: 'bytecode',
      code: 'PATH_RULE',
      why: { kind: 'segment', segment: '__pycache__' },
    })
  })

  it('finds a virtualenv of any name by its marker on disk', () => {
    const repo = createRepo({ files: { 'tools/pyenv/pyvenv.cfg': 'home = /usr\n' } })
    expect(explain(repo, 'tools/pyenv/lib/site.py')).toMatchObject({
      verdict: 'block',
      category: 'venv',
      ruleId: 'venv:markers',
      why: { kind: 'venv', dir: 'tools/pyenv', marker: 'pyvenv.cfg' },
    })
    // A folder merely named env is not a virtualenv.
    expect(explain(repo, 'src/env/index.ts')).toMatchObject({ verdict: 'pass' })
  })

  it('finds a virtualenv by a marker that is staged but gone from disk, as the check does', () => {
    const repo = createRepo({
      files: { 'tools/pyenv/pyvenv.cfg': 'home = /usr\n', 'tools/pyenv/share/doc.txt': 'x\n' },
    })
    repo.git(['add', '-A'])
    rmSync(join(repo.dir, 'tools/pyenv/pyvenv.cfg'))
    const check = JSON.parse(repo.guard(['--format', 'json']).stdout) as {
      findings: { path: string; code: string }[]
    }
    expect(check.findings).toContainEqual(
      expect.objectContaining({ path: 'tools/pyenv/share/doc.txt', code: 'VENV_MARKER' }),
    )
    const venv = { verdict: 'block', category: 'venv', code: 'VENV_MARKER' }
    expect(explain(repo, 'tools/pyenv/share/doc.txt')).toMatchObject({
      ...venv,
      why: { kind: 'venv', dir: 'tools/pyenv' },
    })
    // Only on disk, beside the staged marker: as the check will say once it is added.
    repo.write('tools/pyenv/share/new.txt')
    expect(explain(repo, 'tools/pyenv/share/new.txt')).toMatchObject(venv)
  })

  it('says which configuration file and key let a path pass or made it block', () => {
    const repo = createRepo({ files: { '.precommit-guard.json': JSON.stringify(CONFIG) } })
    expect(explain(repo, 'tests/fixtures/users.csv')).toEqual({
      path: 'tests/fixtures/users.csv',
      verdict: 'allowed',
      glob: 'tests/fixtures/**/*.csv',
      configSource: '.precommit-guard.json',
      otherwise: 'upload',
    })
    expect(explain(repo, 'logs/app.log')).toMatchObject({
      verdict: 'off',
      category: 'log',
      configSource: '.precommit-guard.json',
    })
    expect(explain(repo, '.DS_Store')).toMatchObject({
      verdict: 'block',
      category: 'editor',
      configured: true,
      configSource: '.precommit-guard.json',
    })
    expect(explain(repo, 'secrets/api.key')).toMatchObject({
      verdict: 'block',
      category: 'secrets-dir',
      why: { kind: 'config-rule', pattern: 'secrets/**', message: 'local only' },
    })
    expect(explain(repo, '.env.shared')).toMatchObject({
      verdict: 'template',
      glob: '.env.shared',
      configSource: '.precommit-guard.json',
    })
    // A built-in template name needs no configuration.
    expect(explain(repo, '.env.defaults')).toEqual({
      path: '.env.defaults',
      verdict: 'template',
      name: '.env.defaults',
      glob: '*.defaults',
    })
  })

  it('explains env templates and innocent paths, relative to the cwd', () => {
    const repo = createRepo()
    mkdirSync(join(repo.dir, 'config'))
    expect(explain(repo, '.env.example', join(repo.dir, 'config'))).toMatchObject({
      path: 'config/.env.example',
      verdict: 'template',
      glob: '*.example',
    })
    expect(explain(repo, 'main.py')).toEqual({
      path: 'main.py',
      verdict: 'pass',
    })
  })

  it('sizes a file that is only on disk as the check sizes it once staged', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify({ largeFile: { threshold: '1KB' } }),
        'assets/big.txt': 'x'.repeat(2048),
      },
    })
    const size = { verdict: 'warn', category: 'large-file', code: 'LARGE_FILE' }
    expect(explain(repo, 'assets/big.txt')).toMatchObject({ ...size, why: { bytes: 2048 } })
    repo.git(['add', 'assets/big.txt'])
    expect(explain(repo, 'assets/big.txt')).toMatchObject({ ...size, why: { bytes: 2048 } })
  })

  it('judges a symlink only on disk by its target name, as git stages it', () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' })
    const repo = createRepo({ files: { 'keys/server.pem': key as string } })
    mkdirSync(join(repo.dir, 'links'))
    symlinkSync('../keys/server.pem', join(repo.dir, 'links/key.pem'))
    expect(explain(repo, 'keys/server.pem')).toMatchObject({ verdict: 'block' })
    expect(explain(repo, 'links/key.pem')).toMatchObject({ verdict: 'pass' })
    repo.git(['add', 'links/key.pem'])
    expect(repo.git(['ls-files', '-s', 'links/key.pem'])).toMatch(/^120000 /)
    expect(explain(repo, 'links/key.pem')).toMatchObject({ verdict: 'pass' })
  })

  it('judges a file only on disk through its clean filter, as git stages it', () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' })
    // Like git-crypt: what is staged is not what is on disk.
    const repo = createRepo({
      files: { '.gitattributes': 'crypt/* filter=rot13\n', 'crypt/server.pem': key as string },
    })
    for (const direction of ['clean', 'smudge']) {
      repo.git(['config', `filter.rot13.${direction}`, 'tr A-Za-z N-ZA-Mn-za-m'])
    }
    const objects = () => repo.git(['count-objects']).trim()
    const before = objects()
    expect(explain(repo, 'crypt/server.pem')).toMatchObject({ verdict: 'pass' })
    expect(objects()).toBe(before) // nothing written to the repository
    repo.git(['add', '-A'])
    expect(repo.guard().code).toBe(0)
    expect(explain(repo, 'crypt/server.pem')).toMatchObject({ verdict: 'pass' })
  })

  it('words a real-looking template value by key and line, never printing it', () => {
    const secret = ['sk', 'proj', random(48)].join('-')
    const old = ['sk', 'proj', random(48)].join('-')
    const repo = createRepo({
      files: {
        'cfg/.env.example': `# OpenAI\nDEBUG=true\nOPENAI_API_KEY=${secret}\n# OLD_KEY=${old}\n`,
      },
    })
    for (const where of ['on disk', 'staged']) {
      if (where === 'staged') repo.git(['add', '-A'])
      const text = repo.guard(['explain', 'cfg/.env.example'])
      expect([where, text.code, text.stderr]).toEqual([where, 0, ''])
      expect(text.stdout).toContain(
        '  why: OPENAI_API_KEY on line 3 looks like a real OpenAI API key (the value is not shown)\n',
      )
      const json = repo.guard(['explain', 'cfg/.env.example', '--format', 'json']).stdout
      expect(JSON.parse(json)).toMatchObject({
        path: 'cfg/.env.example',
        verdict: 'block',
        category: 'env-template',
        code: 'TEMPLATE_VALUE',
        why: { kind: 'template-value', key: 'OPENAI_API_KEY', line: 3, what: 'OpenAI API key' },
      })
      for (const value of [secret, old]) {
        // Neither the value nor its random part, in either format.
        expect(text.stdout).not.toContain(value.slice(8))
        expect(json).not.toContain(value.slice(8))
      }
    }
  })

  it('says which content makes an ambiguous name a credential, and passes it without', () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' })
    const token = `npm_${random(36)}`
    const repo = createRepo({
      files: {
        'certs/server.pem': key as string,
        'certs/site.pem': `${'-'.repeat(5)}BEGIN CERTIFICATE${'-'.repeat(5)}\nMIIB\n`,
        '.npmrc': `//registry.npmjs.org/:_authToken=${token}\n`,
      },
    })
    const body = (key as string).split('\n')[1]!
    for (const where of ['on disk', 'staged']) {
      if (where === 'staged') repo.git(['add', '-A'])
      const credential = { verdict: 'block', category: 'credential', code: 'CREDENTIAL_CONTENT' }
      expect([where, explain(repo, 'certs/server.pem')]).toMatchObject([
        where,
        {
          ...credential,
          ruleId: 'credential:*.pem',
          why: { kind: 'name', name: 'server.pem', glob: '*.pem', content: 'private-key' },
        },
      ])
      expect([where, explain(repo, '.npmrc')]).toMatchObject([
        where,
        {
          ...credential,
          ruleId: 'credential:.npmrc',
          why: { kind: 'name', name: '.npmrc', glob: '.npmrc', content: 'npm-auth' },
        },
      ])
      expect([where, explain(repo, 'certs/site.pem')]).toEqual([
        where,
        { path: 'certs/site.pem', verdict: 'pass' },
      ])
      // The text a person reads explains the path, yet names neither the key nor the token.
      const pem = repo.guard(['explain', 'certs/server.pem']).stdout
      expect(pem).toMatch(/^certs\/server\.pem: /)
      expect(pem).not.toContain(body)
      const npmrc = repo.guard(['explain', '.npmrc']).stdout
      expect(npmrc).toMatch(/^\.npmrc: /)
      expect(npmrc).not.toContain(token)
    }
  })

  it('judges a staged directory as a path, never by the first file below it', () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' })
    const repo = createRepo({ files: { 'x.pem/notes': key as string } })
    repo.git(['add', '-A'])
    expect(repo.guard(['--format', 'json']).code).toBe(0)
    expect(explain(repo, 'x.pem')).toEqual({ path: 'x.pem', verdict: 'pass' })
    expect(explain(repo, 'x.pem/notes')).toEqual({ path: 'x.pem/notes', verdict: 'pass' })
  })

  it('exits 2 with one line for bad usage', () => {
    const repo = createRepo()
    for (const args of [
      ['explain'],
      ['explain', 'a', 'b'],
      ['explain', '/'],
      ['explain', 'a', '--range', 'HEAD'],
      ['explain', 'a', '--fix'],
    ]) {
      const result = repo.guard(args)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})
