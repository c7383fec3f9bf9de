import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRepo, recoveryOf, runInShell, type TestRepo } from '../helpers/repo.js'

const ALLOW_CSV = { allow: ['tests/fixtures/**/*.csv'] }

/** Stage an allow-listed fixture and an offending export; return the JSON report. */
function stageCsvs(repo: TestRepo, args: string[] = []) {
  repo.write('tests/fixtures/users.csv')
  repo.write('export.csv')
  repo.git(['add', '-A'])
  return repo.guard(['--format', 'json', ...args])
}

function expectOnlyExportBlocked(result: ReturnType<TestRepo['guard']>) {
  expect(result.stderr).toBe('')
  expect(result.code).toBe(1)
  expect(recoveryOf(result).findings.map((f) => f.path)).toEqual(['export.csv'])
}

describe('configuration sources', () => {
  it('honours .precommit-guard.json at the repository root, from a subdirectory too', () => {
    const repo = createRepo({ files: { '.precommit-guard.json': JSON.stringify(ALLOW_CSV) } })
    expectOnlyExportBlocked(stageCsvs(repo))
    const fromSub = repo.guard(['--format', 'json'], { cwd: join(repo.dir, 'tests') })
    expect(recoveryOf(fromSub).findings.map((f) => f.path)).toEqual(['export.csv'])
  })

  it('honours the "precommit-guard" key of package.json', () => {
    const repo = createRepo({
      files: {
        'package.json': JSON.stringify({ name: 'x', 'precommit-guard': ALLOW_CSV }),
      },
    })
    expectOnlyExportBlocked(stageCsvs(repo))
  })

  it('ignores a package.json that only depends on the guard', () => {
    const repo = createRepo({
      files: {
        'package.json': JSON.stringify({ devDependencies: { 'precommit-guard': '^0.1.0' } }),
      },
    })
    const result = stageCsvs(repo)
    expect(result.code).toBe(1)
    expect(recoveryOf(result).findings.map((f) => f.path)).toEqual([
      'export.csv',
      'tests/fixtures/users.csv',
    ])
  })

  it('honours [tool.precommit-guard] in pyproject.toml', () => {
    const repo = createRepo({
      files: {
        'pyproject.toml': [
          '[project]',
          'name = "x"',
          '',
          '[tool.precommit-guard]',
          'allow = ["tests/fixtures/**/*.csv"]',
          '',
        ].join('\n'),
      },
    })
    expectOnlyExportBlocked(stageCsvs(repo))
  })

  it('honours --config relative to the cwd, before the root files', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify({ categories: { upload: 'off' } }),
        'conf/guard.json': JSON.stringify(ALLOW_CSV),
      },
    })
    repo.write('tests/fixtures/users.csv')
    repo.write('export.csv')
    repo.git(['add', '-A'])
    expect(repo.guard().code).toBe(0) // the root file turns uploads off
    expectOnlyExportBlocked(
      repo.guard(['--format', 'json', '--config', 'guard.json'], { cwd: join(repo.dir, 'conf') }),
    )
  })

  it('takes the first source found: .precommit-guard.json over package.json and pyproject', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify(ALLOW_CSV),
        'package.json': JSON.stringify({ 'precommit-guard': { categories: { upload: 'off' } } }),
        'pyproject.toml': '[tool.precommit-guard]\ncategories = { upload = "off" }\n',
      },
    })
    expectOnlyExportBlocked(stageCsvs(repo))
  })

  it('applies categories, extra rules and env templates', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify({
          categories: { upload: 'warn', log: 'block' },
          rules: [
            {
              id: 'secrets-dir',
              pattern: 'secrets/**',
              severity: 'block',
              message: 'secrets/ is for local files only',
              gitignore: 'secrets/',
            },
          ],
          envTemplates: ['.env.dist'],
        }),
      },
    })
    for (const path of ['export.csv', 'app.log', 'secrets/key.txt', '.env.dist']) repo.write(path)
    repo.git(['add', '-A'])
    const result = repo.guard(['--format', 'json'])
    const report = recoveryOf(result)
    expect(
      report.findings
        .map((f) => [f.path, f.category, f.severity])
        .sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    ).toEqual([
      ['app.log', 'log', 'block'],
      ['export.csv', 'upload', 'warn'],
      ['secrets/key.txt', 'secrets-dir', 'block'],
    ])
    expect(report.gitignore).toContain('secrets/')
    expect(result.code).toBe(1)
  })
})

describe('a configuration rule message', () => {
  it('is the finding message in text and JSON; rules without one keep the generic wording', () => {
    const config = {
      rules: [
        {
          id: 'secrets-dir',
          pattern: 'secrets/**',
          severity: 'block',
          message: 'secrets/ is for local files only',
        },
        { id: 'fixtures', pattern: 'big/**', severity: 'warn' },
      ],
    }
    const repo = createRepo({ files: { '.precommit-guard.json': JSON.stringify(config) } })
    repo.write('secrets/api.key')
    repo.write('big/blob.bin')
    repo.git(['add', '-A'])

    const json = repo.guard(['--format', 'json'])
    expect(json.code).toBe(1)
    const findings = (JSON.parse(json.stdout) as { findings: { path: string; message: string }[] })
      .findings
    expect(findings.find((f) => f.path === 'secrets/api.key')?.message).toBe(
      'secrets/ is for local files only',
    )
    expect(findings.find((f) => f.path === 'big/blob.bin')?.message).toMatch(
      /matched a rule from your configuration/,
    )

    const text = repo.guard([]).stdout
    expect(text).toContain(
      'secrets-dir: custom rule secrets-dir (secrets/ is for local files only)',
    )
    expect(text).toContain(
      'fixtures: custom rule fixtures (matched a rule from your configuration)',
    )
  })
})

describe('allow-listed files and the recovery', () => {
  it('running the printed commands leaves an allow-listed fixture staged', () => {
    const repo = createRepo({ files: { '.precommit-guard.json': JSON.stringify(ALLOW_CSV) } })
    const result = stageCsvs(repo)
    const { commands } = recoveryOf(result)
    const shell = runInShell(repo, commands)
    expect(shell.code).toBe(0)
    expect(repo.staged()).toContain('tests/fixtures/users.csv')
    expect(repo.staged()).not.toContain('export.csv')
    expect(repo.guard().code).toBe(0)
  })

  it('never untracks an allowed file inside a directory that would otherwise collapse', () => {
    const repo = createRepo()
    for (const path of ['uploads/a.pdf', 'uploads/b.pdf', 'uploads/keep/logo.pdf']) {
      repo.write(path)
    }
    repo.git(['add', '-A'])
    // Control: without the allow-list the whole directory is untracked in one command.
    expect(recoveryOf(repo.guard(['--format', 'json'])).commands.join('\n')).toMatch(
      /git rm -r --cached .*uploads/,
    )
    repo.write('.precommit-guard.json', JSON.stringify({ allow: ['uploads/keep/**'] }))
    const { commands, findings } = recoveryOf(repo.guard(['--format', 'json']))
    expect(findings.map((f) => f.path).sort()).toEqual(['uploads/a.pdf', 'uploads/b.pdf'])
    expect(commands.join('\n')).not.toMatch(/-r/)
    expect(runInShell(repo, commands).code).toBe(0)
    expect(repo.staged()).toContain('uploads/keep/logo.pdf')
    expect(repo.staged()).not.toContain('uploads/a.pdf')
    expect(repo.guard().code).toBe(0)
  })
})

describe('data-only configuration', () => {
  it.each(['.precommit-guard.js', '.precommit-guard.cjs', '.precommit-guard.mjs'])(
    'never executes %s',
    (name) => {
      const repo = createRepo()
      const marker = join(repo.dir, 'PWNED')
      const code = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')`
      const esm = `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x')`
      repo.write(name, name.endsWith('.mjs') ? esm : code)
      writeFileSync(
        join(repo.dir, 'package.json'),
        JSON.stringify({ 'precommit-guard': { allow: ['*.csv'] } }),
      )
      repo.write('export.csv')
      repo.git(['add', 'export.csv'])
      expect(repo.guard().code).toBe(0) // package.json's config is the one in force
      expect(existsSync(marker)).toBe(false)
      const explicit = repo.guard(['--config', name])
      expect(explicit.code).toBe(2)
      expect(explicit.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}: JavaScript config`))
      expect(existsSync(marker)).toBe(false)
    },
  )
})

describe('malformed configuration exits 2 with one line naming the file and the key', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'unknown key',
      '.precommit-guard.json',
      '{"alow": []}',
      /\.precommit-guard\.json: alow: unknown key/,
    ],
    [
      'unknown category',
      '.precommit-guard.json',
      '{"categories": {"uploadz": "warn"}}',
      /\.precommit-guard\.json: categories\.uploadz: unknown category/,
    ],
    [
      'bad severity',
      'package.json',
      '{"precommit-guard": {"rules": [{"id": "r", "pattern": "x/**", "severity": "fatal"}]}}',
      /package\.json: precommit-guard\.rules\[0\]\.severity: bad severity "fatal"/,
    ],
    [
      'bad glob',
      'pyproject.toml',
      '[tool.precommit-guard]\nallow = ["ok/**", "docs/{a,b"]\n',
      /pyproject\.toml: tool\.precommit-guard\.allow\[1\]: unbalanced "\{"/,
    ],
    [
      'broken JSON',
      '.precommit-guard.json',
      '{"allow": [',
      /\.precommit-guard\.json: invalid JSON/,
    ],
    [
      'broken TOML',
      'pyproject.toml',
      '[tool.precommit-guard]\nallow = [\n',
      /pyproject\.toml: invalid TOML/,
    ],
  ]
  it.each(cases)('%s', (_name, file, content, message) => {
    const repo = createRepo({ files: { [file]: content } })
    repo.write('src/main.py')
    repo.git(['add', 'src/main.py'])
    const result = repo.guard()
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(message)
    expect(result.stderr.split('\n')).toHaveLength(2) // one line and its newline
  })

  it('joins several problems on one line', () => {
    const repo = createRepo({
      files: {
        'guard.json': JSON.stringify({ categories: { uploadz: 'warn' }, allow: [''], bogus: 1 }),
      },
    })
    const result = repo.guard(['--config', 'guard.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'precommit-guard: guard.json: categories.uploadz: unknown category (valid: env, venv, bytecode, upload, credential, env-template, log, test-cache, lint-cache, editor, build, docker, node, env-drift, large-file); allow[0]: empty glob: ""; bogus: unknown key\n',
    )
  })

  it('names a missing --config file', () => {
    const repo = createRepo()
    const result = repo.guard(['--config', 'nope.json'])
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'precommit-guard: nope.json: no such file (--config)\n',
    })
  })
})
