import ignore from 'ignore'
import { describe, expect, it } from 'vitest'
import { planGitignore } from '../../src/recovery/gitignore.js'
import { removalCommand } from '../../src/recovery/commands.js'
import { collapseUnits } from '../../src/recovery/units.js'
import { compileRules } from '../../src/rules/match.js'
import type { Finding } from '../../src/types.js'

const finding = (path: string, category = 'venv', ruleId = 'venv:.venv/'): Finding => ({
  code: 'PATH_RULE',
  path,
  category,
  severity: 'block',
  status: 'A',
  ruleId,
})

describe('collapseUnits', () => {
  it('collapses a directory whose index entries all offend into one unit', () => {
    const findings = ['.venv/a', '.venv/b/c', '.venv/b/d'].map((p) => finding(p))
    const units = collapseUnits(
      findings,
      ['.venv/a', '.venv/b/c', '.venv/b/d', 'src/x.py'],
      new Set(),
    )
    expect(units.map((u) => [u.path, u.isDir])).toEqual([['.venv', true]])
  })

  it('never collapses over an innocent index entry', () => {
    const findings = [
      finding('cfg/.env', 'env', 'env:.env'),
      finding('cfg/a/.env.local', 'env', 'env:.env.*'),
    ]
    const units = collapseUnits(
      findings,
      ['cfg/.env', 'cfg/a/.env.local', 'cfg/.env.example'],
      new Set(),
    )
    expect(units.map((u) => [u.path, u.isDir])).toEqual([
      ['cfg/.env', false],
      ['cfg/a', true],
    ])
  })

  it('marks a unit forced when any of its files needs -f', () => {
    const units = collapseUnits([finding('v/x'), finding('v/y')], ['v/x', 'v/y'], new Set(['v/y']))
    expect(units[0]?.force).toBe(true)
  })
})

describe('removalCommand', () => {
  const unit = { path: 'app/__pycache__', isDir: true, force: false, findings: [] }
  it('is anchored at the top of the work tree, so it works pasted in any directory', () => {
    expect(removalCommand(unit).text).toBe("git rm -r --cached -- ':(top,literal)app/__pycache__'")
    expect(removalCommand(unit, true).text).toBe(
      "git rm -r --cached --sparse -- ':(top,literal)app/__pycache__'",
    )
  })
  it('adds -f only when asked and quotes hostile names', () => {
    const hostile = { path: '$(x) a*.env', isDir: false, force: true, findings: [] }
    expect(removalCommand(hostile).text).toBe("git rm --cached -f -- ':(top,literal)$(x) a*.env'")
  })
})

describe('planGitignore', () => {
  const matcher = compileRules()
  const plan = (
    findings: Finding[],
    rootGitignore = '',
    innocentPaths: string[] = [],
    allow: string[] = [],
  ) =>
    planGitignore({
      allow,
      units: collapseUnits(
        findings,
        findings.map((f) => f.path),
        new Set(),
      ),
      rootGitignore,
      alreadyIgnored: new Map(),
      innocentPaths,
      gitignoreOf: (id) => matcher.gitignoreOf(id),
      ignoreCase: false,
    })

  it('adds the env lines with the template exception, once', () => {
    const lines = plan(
      [finding('.env', 'env', 'env:.env'), finding('a/.env.local', 'env', 'env:.env.*')],
      '',
      ['.env.example'],
    )
    expect(lines).toEqual(['.env', '.env.*', '!.env.example'])
  })

  it('does not repeat lines already present', () => {
    expect(plan([finding('.env', 'env', 'env:.env')], '.env\n# x\n')).toEqual([
      '.env.*',
      '!.env.example',
    ])
  })

  it('re-includes other templates that .env.* would hide', () => {
    const lines = plan([finding('.env.local', 'env', 'env:.env.*')], '', [
      '.env.sample',
      'src/a.py',
    ])
    expect(lines).toEqual(['.env', '.env.*', '!.env.example', '!.env.sample'])
  })

  it('anchors custom venv directories', () => {
    const venv = { ...finding('tools/my env/x'), ruleId: 'venv:markers', venvDir: 'tools/my env' }
    expect(plan([venv])).toEqual(['/tools/my env/'])
  })

  it('anchors an already-ignored offender that the template negation would re-include', () => {
    // Property counter-example: `dist/.env.example` (build output) is ignored by the
    // repository's `.env.*`; the env lines' `!.env.example` would make it trackable again.
    const findings = [
      finding('a.env', 'env', 'env:*.env'),
      { ...finding('dist/.env.example', 'build', 'build:dist/'), severity: 'warn' as const },
    ]
    const lines = planGitignore({
      units: collapseUnits(
        findings,
        findings.map((f) => f.path),
        new Set(),
      ),
      rootGitignore: '.env.*',
      alreadyIgnored: new Map([['dist/.env.example', {}]]),
      innocentPaths: [],
      gitignoreOf: (id) => matcher.gitignoreOf(id),
      ignoreCase: false,
    })
    expect(lines).toEqual(['.env', '!.env.example', '*.env', '/dist/'])
  })

  /** What git's own matching (the `ignore` package) makes of the lines, appended to `root`. */
  const ignores = (root: string, lines: string[], path: string) =>
    ignore().add(root).add(lines).ignores(path)

  it('keeps what allow keeps: a negation of the allow glob, after the broad line', () => {
    const lines = plan(
      [finding('exports/x.csv', 'upload', 'upload:*.csv')],
      '',
      [],
      ['tests/fixtures/**/*.csv'],
    )
    expect(lines).toEqual(['*.csv', '!tests/fixtures/**/*.csv'])
    expect(ignores('', lines, 'exports/x.csv')).toBe(true)
    expect(ignores('', lines, 'tests/fixtures/a/b.csv')).toBe(false)
    expect(ignores('', lines, 'tests/fixtures/b.csv')).toBe(false)
  })

  it('narrows to the offender when the allow glob has no .gitignore form', () => {
    const lines = plan([finding('x.csv', 'upload', 'upload:*.csv')], '', [], ['tests/{a,b}/*.csv'])
    expect(lines).toEqual(['/x.csv'])
  })

  it('allow entries for a directory re-include what is below it', () => {
    const lines = plan([finding('exports/x.csv', 'upload', 'upload:*.csv')], '', [], ['data/'])
    expect(lines).toEqual(['*.csv', '!**/data/**'])
    expect(ignores('', lines, 'data/a/b.csv')).toBe(false)
    expect(ignores('', lines, 'src/data/b.csv')).toBe(false)
  })

  it("keeps the repository's own negation working under a directory line", () => {
    const root = 'node_modules/\n!uploads/.gitkeep\n'
    const lines = plan([finding('uploads/a.pdf', 'upload', 'upload:uploads/')], root)
    expect(lines).toEqual(['**/uploads/*', '!uploads/.gitkeep'])
    expect(ignores(root, lines, 'uploads/a.pdf')).toBe(true)
    expect(ignores(root, lines, 'uploads/deep/b.pdf')).toBe(true)
    expect(ignores(root, lines, 'uploads/.gitkeep')).toBe(false)
  })

  it('keeps a staged placeholder unignored the same way', () => {
    const lines = plan([finding('uploads/a.pdf', 'upload', 'upload:uploads/')], '', [
      'uploads/.gitkeep',
    ])
    expect(lines).toEqual(['**/uploads/*', '!/uploads/.gitkeep'])
  })

  it('restates a template negation that an appended env line would override', () => {
    const root = '!.env.example\n'
    const lines = plan([finding('.env.local', 'env', 'env:.env.*')], root)
    expect(lines).toEqual(['.env', '.env.*', '!.env.example'])
    expect(ignores(root, lines, '.env.example')).toBe(false)
  })
})
