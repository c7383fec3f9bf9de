import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRepo, recoveryOf, runInShell, splitZ, type TestRepo } from '../helpers/repo.js'

/**
 * The way out of a policy block, used as a person would: the `allow` snippet the text report
 * prints is pasted into the configuration file the repository uses, and the commit passes;
 * the printed `.gitignore` lines are appended and git itself says what they ignore.
 */

/** The heading and the lines under it that the text report prints for `allow`. */
function allowSnippetOf(text: string): { heading: string; lines: string[] } {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.startsWith('If the team keeps them in git'))
  expect(start, text).toBeGreaterThan(-1)
  const end = lines.indexOf('', start)
  return { heading: lines[start]!, lines: lines.slice(start + 1, end) }
}

function ignoredBy(repo: TestRepo, paths: string[]): Set<string> {
  const out = repo.git(['check-ignore', '--no-index', '-z', '--stdin'], {
    input: paths.map((p) => `${p}\0`).join(''),
  })
  return new Set(splitZ(out))
}

function appendGitignore(repo: TestRepo, lines: readonly string[]) {
  let existing = ''
  try {
    existing = readFileSync(join(repo.dir, '.gitignore'), 'utf8')
  } catch {
    // none yet
  }
  const sep = existing && !existing.endsWith('\n') ? '\n' : ''
  writeFileSync(join(repo.dir, '.gitignore'), `${existing}${sep}${lines.join('\n')}\n`)
}

const POLICY_FILES = ['data/x.csv', 'docs/guide [v2].pdf', 'report.pdf']

describe('every policy block prints the allow entry that keeps it', () => {
  const kinds: {
    name: string
    setup: (repo: TestRepo) => void
    heading: string
    paste: (repo: TestRepo, line: string) => void
  }[] = [
    {
      name: 'no configuration yet',
      setup: () => {},
      heading: 'create .precommit-guard.json with:',
      paste: (repo, line) => repo.write('.precommit-guard.json', `${line}\n`),
    },
    {
      name: '.precommit-guard.json without allow',
      setup: (repo) =>
        repo.write('.precommit-guard.json', '{\n  "categories": { "log": "off" }\n}\n'),
      heading: 'add this key to .precommit-guard.json:',
      paste: (repo, line) =>
        repo.write('.precommit-guard.json', `{\n  ${line},\n  "categories": { "log": "off" }\n}\n`),
    },
    {
      name: '.precommit-guard.json with an allow list',
      setup: (repo) => repo.write('.precommit-guard.json', '{ "allow": ["fixtures/"] }\n'),
      heading: 'add these entries to the allow list in .precommit-guard.json:',
      paste: (repo, line) =>
        repo.write('.precommit-guard.json', `{ "allow": ["fixtures/", ${line}] }\n`),
    },
    {
      name: 'package.json',
      setup: (repo) =>
        repo.write('package.json', '{ "name": "x", "precommit-guard": { "categories": {} } }\n'),
      heading: 'add this key to the "precommit-guard" object of package.json:',
      paste: (repo, line) =>
        repo.write(
          'package.json',
          `{ "name": "x", "precommit-guard": { ${line}, "categories": {} } }\n`,
        ),
    },
    {
      name: 'pyproject.toml',
      setup: (repo) =>
        repo.write('pyproject.toml', '[project]\nname = "x"\n\n[tool.precommit-guard]\n'),
      heading: 'add under [tool.precommit-guard] in pyproject.toml:',
      paste: (repo, line) =>
        repo.write('pyproject.toml', `[project]\nname = "x"\n\n[tool.precommit-guard]\n${line}\n`),
    },
  ]

  for (const kind of kinds) {
    it(`${kind.name}: pasting the printed snippet lets exactly those files pass`, () => {
      const repo = createRepo()
      kind.setup(repo)
      for (const path of POLICY_FILES) repo.write(path, 'x\n')
      repo.write('other/y.csv', 'y\n')
      repo.git(['add', '-A'])

      const blocked = repo.guard()
      expect(blocked.code).toBe(1)
      const snippet = allowSnippetOf(blocked.stdout)
      expect(snippet.heading).toBe(`If the team keeps them in git on purpose, ${kind.heading}`)
      expect(snippet.lines).toHaveLength(1)
      // The same entries in JSON, and on each SARIF result.
      const json = JSON.parse(repo.guard(['--format', 'json']).stdout) as {
        recovery: { allow: { entries: string[]; lines: string[] } }
      }
      expect(json.recovery.allow.lines).toEqual(snippet.lines)
      expect(json.recovery.allow.entries).toEqual([
        'data/x.csv',
        'docs/guide \\[v2\\].pdf',
        'other/y.csv',
        '/report.pdf',
      ])

      // Keep all but other/y.csv: paste the snippet without that entry.
      kind.paste(repo, snippet.lines[0]!.replace(/, "other\/y\.csv"/, ''))
      repo.git(['add', '-A'])
      const after = recoveryOf(repo.guard(['--format', 'json']))
      expect(after.findings.map((f) => f.path)).toEqual(['other/y.csv'])
    })
  }

  it('explain names the entry and the file; SARIF carries it per result', () => {
    const repo = createRepo()
    repo.write('data/x.csv', 'x\n')
    repo.git(['add', '-A'])
    expect(repo.guard(['explain', 'data/x.csv']).stdout).toContain(
      '  to keep it on purpose: create .precommit-guard.json with { "allow": ["data/x.csv"] } (allow globs read like .gitignore lines)\n',
    )
    const sarif = JSON.parse(repo.guard(['--format', 'sarif']).stdout) as {
      runs: { results: { properties: { allowEntry?: string } }[] }[]
    }
    expect(sarif.runs[0]!.results.map((r) => r.properties.allowEntry)).toEqual(['data/x.csv'])
  })

  it('offers no allow entry for an env file holding a real-looking value', () => {
    const repo = createRepo()
    // Built at run time, so this repository holds no string that looks like a real key.
    repo.write('.env', `GITHUB_TOKEN=ghp_${randomBytes(24).toString('hex')}\n`)
    repo.git(['add', '-A'])
    const text = repo.guard().stdout
    expect(text).not.toContain('"allow"')
    expect(repo.guard(['explain', '.env']).stdout).not.toContain('allow')
  })
})

describe('an env file whose content cannot be judged keeps the leak advice', () => {
  it('a symlinked .env: no verdict on its content, no allow entry', () => {
    const repo = createRepo()
    repo.write('secrets.txt', 'DEBUG=true\n')
    symlinkSync('secrets.txt', join(repo.dir, '.env'))
    repo.git(['add', '.env'])
    const json = JSON.parse(repo.guard(['--format', 'json']).stdout) as {
      findings: { path: string; realValue?: boolean }[]
      recovery: { allow?: unknown }
    }
    expect(json.findings).toMatchObject([{ path: '.env' }])
    expect(json.findings[0]!.realValue).toBeUndefined()
    expect(json.recovery.allow).toBeUndefined()
  })
})

describe('allow globs read like .gitignore lines', () => {
  it('"*.csv" keeps a CSV at any depth', () => {
    const repo = createRepo()
    repo.write('.precommit-guard.json', '{ "allow": ["*.csv"] }\n')
    repo.write('data/deep/x.csv', 'x\n')
    repo.write('y.csv', 'y\n')
    repo.git(['add', '-A'])
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(repo.guard(['explain', 'data/deep/x.csv']).stdout).toContain(
      'passes, allowed by the glob `*.csv`',
    )
  })

  it('printed .gitignore lines never ignore what allow keeps, tracked or still to come', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': '{ "allow": ["tests/fixtures/**/*.csv"] }\n',
        'tests/fixtures/a/f.csv': 'f\n',
      },
      commit: true,
    })
    repo.write('exports/x.csv', 'x\n')
    repo.write('exports/keep.md', 'k\n')
    repo.git(['add', '-A'])
    const result = repo.guard(['--format', 'json'])
    const { commands, gitignore } = recoveryOf(result)
    expect(gitignore).toEqual(['*.csv', '!tests/fixtures/**/*.csv'])
    expect(runInShell(repo, commands).code).toBe(0)
    appendGitignore(repo, gitignore)
    repo.write('tests/fixtures/b/new.csv', 'n\n')
    repo.write('exports/later.csv', 'l\n')
    const ignored = ignoredBy(repo, [
      'exports/x.csv',
      'exports/later.csv',
      'tests/fixtures/a/f.csv',
      'tests/fixtures/b/new.csv',
    ])
    expect([...ignored].sort()).toEqual(['exports/later.csv', 'exports/x.csv'])
    // The new fixture is added without -f, and the guard lets it through.
    repo.git(['add', '.gitignore', 'tests/fixtures/b/new.csv'])
    expect(repo.guard().code).toBe(0)
  })
})

describe('placeholders, packages and vaults are judged right', () => {
  it('uploads/.gitkeep passes, and the printed lines keep the repository negation working', () => {
    const repo = createRepo({ files: { '.gitignore': '!uploads/.gitkeep\n' }, commit: true })
    repo.write('uploads/.gitkeep', '')
    repo.write('uploads/a.pdf', 'a\n')
    repo.write('cache/.keep', '')
    repo.git(['add', '-A'])
    const result = repo.guard(['--format', 'json'])
    const { commands, gitignore, findings } = recoveryOf(result)
    expect(findings.map((f) => f.path)).toEqual(['uploads/a.pdf'])
    expect(gitignore).toEqual(['**/uploads/*', '!uploads/.gitkeep'])
    expect(runInShell(repo, commands).code).toBe(0)
    appendGitignore(repo, gitignore)
    repo.write('uploads/later/b.png', 'b\n')
    expect([
      ...ignoredBy(repo, ['uploads/a.pdf', 'uploads/.gitkeep', 'uploads/later/b.png']),
    ]).toEqual(['uploads/a.pdf', 'uploads/later/b.png'])
    expect(repo.staged().sort()).toEqual(['cache/.keep', 'uploads/.gitkeep'])
  })

  it('a directory holding __init__.py or __init__.pyi is source, never a venv or build output', () => {
    const repo = createRepo()
    for (const path of [
      'stdlib/venv/__init__.pyi',
      'stdlib/venv/scripts.pyi',
      'src/pip/_internal/operations/build/__init__.py',
      'src/pip/_internal/operations/build/wheel.py',
      'lib/ansible/module_utils/python/dist/__init__.py',
      'lib/ansible/module_utils/python/dist/x.py',
      'web/build/bundle.js',
    ])
      repo.write(path, '\n')
    repo.git(['add', '-A'])
    const { findings } = recoveryOf(repo.guard(['--format', 'json']))
    expect(findings.map((f) => [f.path, f.category])).toEqual([['web/build/bundle.js', 'build']])
    // A package already tracked, with a new file staged: the package marker on disk counts.
    repo.git(['commit', '-qm', 'x', '--no-verify'])
    repo.write('src/pip/_internal/operations/build/metadata.py', '\n')
    repo.git(['add', '-A'])
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('an encrypted .env.vault passes; one holding anything else is blocked', () => {
    const repo = createRepo()
    repo.write(
      '.env.vault',
      '#/---- .env.vault ----/\n# development\nDOTENV_VAULT_DEVELOPMENT="AtEC33ZDaXqp5/W+1OxKL/ZVBoK9HC2GmjrO5lrQsd8Ia7yxrl14Aw=="\nDOTENV_VAULT_DEVELOPMENT_VERSION=2\n',
    )
    repo.git(['add', '-A'])
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
    repo.write(
      '.env.vault',
      'DOTENV_VAULT_DEVELOPMENT="AtEC33ZDaXqp5/W+1OxKL/ZVBoK9HC2Gm"\nDB_PASSWORD=x\n',
    )
    repo.git(['add', '-A'])
    expect(recoveryOf(repo.guard(['--format', 'json'])).findings.map((f) => f.path)).toEqual([
      '.env.vault',
    ])
  })
})

describe('framework presets: committed defaults are judged by content', () => {
  it('Vite: .env and .env.<mode> with defaults pass, *.local is blocked, a real key blocks', () => {
    const repo = createRepo()
    repo.write('package.json', '{ "devDependencies": { "vite": "^6.0.0" } }\n')
    repo.write('.env', 'VITE_API_URL=https://api.example.com\nVITE_TITLE=My app\n')
    repo.write('.env.production', 'VITE_API_URL=https://api.example.org\n')
    repo.write('.env.local', 'VITE_TITLE=mine\n')
    repo.write('.env.production.local', 'VITE_TITLE=mine\n')
    repo.git(['add', '-A'])
    const { findings } = recoveryOf(repo.guard(['--format', 'json']))
    expect(findings.map((f) => f.path).sort()).toEqual(['.env.local', '.env.production.local'])
    expect(repo.guard(['explain', '.env']).stdout).toBe(
      '.env: passes, the Vite preset applies: the framework commits .env and .env.<mode> with defaults and keeps secrets in *.local, so this file is judged by its content like a template\n  content: read, and no value looks real\n',
    )
    repo.write('.env.production', `OPENAI_API_KEY=sk-proj-${randomBytes(40).toString('hex')}\n`)
    repo.git(['add', '-A'])
    const again = recoveryOf(repo.guard(['--format', 'json']))
    expect(again.findings.map((f) => f.path).sort()).toEqual([
      '.env.local',
      '.env.production',
      '.env.production.local',
    ])
  })

  it('Symfony (symfony.lock): .env and .env.test pass; without a preset .env is blocked', () => {
    const repo = createRepo()
    repo.write('symfony.lock', '{}\n')
    repo.write(
      '.env',
      'APP_ENV=dev\nAPP_SECRET=\nDATABASE_URL="postgresql://app:!ChangeMe!@127.0.0.1:5432/app"\n',
    )
    repo.write('.env.test', 'KERNEL_CLASS=App\\\\Kernel\n')
    repo.write('.env.local', 'APP_SECRET=x\n')
    repo.git(['add', '-A'])
    expect(recoveryOf(repo.guard(['--format', 'json'])).findings.map((f) => f.path)).toEqual([
      '.env.local',
    ])
    repo.git(['rm', '-q', '--cached', 'symfony.lock'])
    rmSync(join(repo.dir, 'symfony.lock'))
    expect(
      recoveryOf(repo.guard(['--format', 'json']))
        .findings.map((f) => f.path)
        .sort(),
    ).toEqual(['.env', '.env.local', '.env.test'])
  })
})
