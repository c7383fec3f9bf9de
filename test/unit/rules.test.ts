import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { allowEntryOf, folderEntryOf } from '../../src/rules/allow.js'
import { presetCovers } from '../../src/rules/presets.js'
import { compileRules } from '../../src/rules/match.js'
import { findVenvDirs } from '../../src/rules/venv.js'
import type { StagedEntry } from '../../src/types.js'

const CASES = (
  JSON.parse(readFileSync(new URL('../../fixtures/rule-cases.json', import.meta.url), 'utf8')) as {
    cases: [string, string | null][]
  }
).cases

const entry = (path: string, mode = '100644'): StagedEntry => ({ path, status: 'A', mode })

describe('rule table', () => {
  it.each(CASES)('%s -> %s', (path, expected) => {
    // The custom-named venv is recognised by the marker staged beside it.
    const entries = [entry(path), entry('tools/myenv/pyvenv.cfg')]
    const findings = compileRules().judge(entries)
    expect(findings.find((f) => f.path === path)?.category ?? null).toBe(expected)
  })

  it('makes every category off-able and honours severities', () => {
    const matcher = compileRules({ severities: { env: 'off', upload: 'warn' } })
    const findings = matcher.judge([entry('.env'), entry('a.pdf')])
    expect(findings.map((f) => [f.path, f.severity])).toEqual([['a.pdf', 'warn']])
  })

  it('matches case-insensitively only when core.ignorecase is set', () => {
    expect(compileRules().judge([entry('.ENV')])).toEqual([])
    expect(compileRules({ ignoreCase: true }).judge([entry('.ENV')])[0]?.category).toBe('env')
  })

  it('never calls a folder a venv by a case-folded name under core.ignorecase', () => {
    const matcher = compileRules({ ignoreCase: true })
    const names = ['env/app.py', 'Venv/x.py', '.VENV/y.py', 'Env/z.py']
    expect(matcher.judge(names.map((path) => entry(path)))).toEqual([])
    expect(matcher.judge([entry('ENV/lib/x.py')])[0]?.ruleId).toBe('venv:ENV/')
    // The `ENV/` line of another, real venv would still catch them under core.ignorecase.
    expect(names.every((path) => matcher.couldMatch(path))).toBe(true)
    expect(compileRules().couldMatch('env/app.py')).toBe(false)
  })

  it('never flags gitlinks (submodules)', () => {
    expect(compileRules().judge([entry('venv', '160000'), entry('uploads', '160000')])).toEqual([])
  })

  it('prefers the blocking category when several match', () => {
    const [finding] = compileRules().judge([entry('node_modules/pkg/__pycache__/x.pyc')])
    expect(finding?.category).toBe('bytecode')
  })

  it('allow globs win over every rule', () => {
    const matcher = compileRules({ allow: ['tests/fixtures/**/*.csv'] })
    const paths = matcher
      .judge([entry('tests/fixtures/a/b.csv'), entry('export.csv')])
      .map((f) => f.path)
    expect(paths).toEqual(['export.csv'])
  })
})

describe('allow follows .gitignore semantics', () => {
  const kept = (allow: string[], paths: string[]) =>
    paths.filter((path) => compileRules({ allow }).isAllowed(path))

  it('a glob without a slash matches at any depth', () => {
    expect(kept(['*.csv'], ['x.csv', 'data/x.csv', 'a/b/c/x.csv', 'x.csv.gz'])).toEqual([
      'x.csv',
      'data/x.csv',
      'a/b/c/x.csv',
    ])
  })

  it('a glob with a slash, or a leading one, is anchored at the root', () => {
    expect(kept(['data/*.csv'], ['data/x.csv', 'src/data/x.csv'])).toEqual(['data/x.csv'])
    expect(kept(['/x.csv'], ['x.csv', 'data/x.csv'])).toEqual(['x.csv'])
  })

  it('a glob that names a directory keeps everything below it', () => {
    expect(kept(['fixtures/'], ['fixtures/a.csv', 'tests/fixtures/b/c.pdf', 'fixtures'])).toEqual([
      'fixtures/a.csv',
      'tests/fixtures/b/c.pdf',
    ])
    expect(kept(['tests/fixtures'], ['tests/fixtures/a.csv', 'fixtures/a.csv'])).toEqual([
      'tests/fixtures/a.csv',
    ])
  })

  it('braces still work', () => {
    expect(kept(['docs/*.{pdf,csv}'], ['docs/a.pdf', 'docs/b.csv', 'docs/c.docx'])).toEqual([
      'docs/a.pdf',
      'docs/b.csv',
    ])
  })
})

describe('the printed allow entry', () => {
  const names = [
    'data/x.csv',
    'report.pdf',
    'a(b)/[1] {x,y}.csv',
    '!bang.pdf',
    'x/+(a)|b$^.csv',
    'back\\slash.pdf',
    '*.csv',
    'sp ace/ä.pdf',
  ]
  it('keeps exactly its path, and nothing beside it', () => {
    for (const path of names) {
      const entry = allowEntryOf(path, false)
      const matcher = compileRules({ allow: [entry] })
      expect(matcher.isAllowed(path), `${entry} keeps ${path}`).toBe(true)
      for (const other of names.filter((name) => name !== path)) {
        expect(matcher.isAllowed(other), `${entry} keeps ${other}`).toBe(false)
      }
      expect(matcher.isAllowed(`deeper/${path}`)).toBe(false)
    }
    expect(allowEntryOf('report.pdf', false)).toBe('/report.pdf')
    expect(allowEntryOf('data/x.csv', false)).toBe('data/x.csv')
    expect(allowEntryOf('uploads', true)).toBe('/uploads/')
  })

  it('a folder entry keeps that kind of file in that folder only', () => {
    for (const dir of ['', 'data', 'a(b)/[1] {x,y}', 'x/+(a)|b$^', 'sp ace/ä']) {
      const entry = folderEntryOf(dir, '*.csv')
      const matcher = compileRules({ allow: [entry] })
      const inside = dir === '' ? '' : `${dir}/`
      expect(matcher.isAllowed(`${inside}one.csv`), `${entry} keeps ${inside}one.csv`).toBe(true)
      expect(matcher.isAllowed(`${inside}one.pdf`), `${entry} keeps a PDF`).toBe(false)
      expect(matcher.isAllowed(`${inside}deeper/one.csv`), `${entry} keeps a deeper CSV`).toBe(
        false,
      )
      expect(matcher.isAllowed(`other/${inside}one.csv`), `${entry} keeps another folder`).toBe(
        false,
      )
    }
    expect(folderEntryOf('', '*.csv')).toBe('/*.csv')
    expect(folderEntryOf('raw', '*.csv')).toBe('raw/*.csv')
  })

  it('a directory entry keeps what is below it', () => {
    const matcher = compileRules({ allow: [allowEntryOf('tests/[data]', true)] })
    expect(matcher.isAllowed('tests/[data]/a/b.csv')).toBe(true)
    expect(matcher.isAllowed('tests/d/a.csv')).toBe(false)
  })
})

describe('framework presets', () => {
  it('cover .env and .env.<mode> in the folder they were detected in, never *.local', () => {
    for (const path of ['.env', '.env.production', 'apps/web/.env', 'apps/web/.env.staging']) {
      expect(presetCovers('Vite', path), path).toBe(true)
    }
    for (const path of ['.env.local', 'apps/web/.env.production.local', 'apps/web/x.env']) {
      expect(presetCovers('Vite', path), path).toBe(false)
    }
    expect(presetCovers(undefined, 'apps/web/.env')).toBe(false)
  })
})

describe('venv markers', () => {
  const noDisk = { isFile: () => false, listDir: () => [] }
  it('finds venvs of any name from staged markers', () => {
    const dirs = findVenvDirs(
      [
        'a/x/bin/activate',
        'b/Scripts/activate',
        'c/lib/python3.12/site-packages/p.py',
        'd/pyvenv.cfg',
      ],
      noDisk,
      false,
    )
    expect([...dirs].sort()).toEqual(['a/x', 'b', 'c', 'd'])
  })

  it('finds a venv on disk only by its markers, not its name', () => {
    const disk = {
      isFile: (p: string) => p === 'pyenv1/pyvenv.cfg',
      listDir: (p: string) =>
        p === 'lib2/lib' ? ['python3.11'] : p === 'lib2/lib/python3.11/site-packages' ? ['x'] : [],
    }
    const dirs = findVenvDirs(['pyenv1/share/a.txt', 'env/config.ts', 'lib2/etc/b'], disk, false)
    expect([...dirs].sort()).toEqual(['lib2', 'pyenv1'])
  })
})
