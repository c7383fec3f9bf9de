import { describe, expect, it } from 'vitest'
import { planRecovery } from '../../src/recovery/plan.js'
import { renderExplanation } from '../../src/report/explain.js'
import { renderHistoryText } from '../../src/report/history.js'
import { renderInit } from '../../src/report/init.js'
import { PLAIN } from '../../src/report/style.js'
import { renderText } from '../../src/report/text.js'
import { compileRules } from '../../src/rules/match.js'
import type { Finding, Report, StagedEntry } from '../../src/types.js'

/** The text renderers are pure: data in, words out. These pin the words a person reads. */

const matcher = compileRules()
const staged = (...paths: string[]): StagedEntry[] =>
  paths.map((path) => ({ path, status: 'A', mode: '100644' }))

function reportOf(paths: string[], extra: Partial<Report> = {}): Report {
  const findings = matcher.judge(staged(...paths))
  const recovery = planRecovery({
    findings,
    knownPaths: paths,
    needsForce: new Set(),
    alreadyIgnored: new Map(),
    rootGitignore: '',
    innocentPaths: [],
    gitignoreOf: (ruleId) => matcher.gitignoreOf(ruleId),
    ignoreCase: false,
    prefix: '',
    sparseCheckout: false,
  })
  return {
    mode: 'staged',
    blocked: findings.some((f) => f.severity === 'block'),
    findings,
    ...recovery,
    forceAdded: new Map(),
    reincluded: new Map(),
    envInHead: [],
    temporaryIndex: false,
    customMessages: new Map(),
    ...extra,
  }
}

describe('renderText', () => {
  it('prints nothing for a clean report', () => {
    expect(renderText(reportOf(['src/app.py']), PLAIN)).toBe('')
  })

  it('groups by category, then prints commands and .gitignore lines bare under their headings', () => {
    const text = renderText(reportOf(['.env', '.venv/a.py', '.venv/b.py', 'server.log']), PLAIN)
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^✖ blocked env: secret env files \(/)
    expect(lines).toContain('  .env')
    expect(lines).toContain('  .venv/ (2 files)')
    expect(lines.find((line) => line.startsWith('⚠ warning log: logs'))).toBeDefined()
    const commands = lines.indexOf('Take them out of this commit (your files stay on disk):')
    expect(lines.slice(commands + 1, commands + 4)).toEqual([
      'git rm --cached -- .env',
      'git rm -r --cached -- .venv',
      'git rm --cached -- server.log',
    ])
    const ignore = lines.findIndex((line) => line.startsWith('Keep them out for good'))
    expect(ignore).toBeGreaterThan(commands)
    expect(lines[ignore + 1]).toBe('.env')
    expect(lines.at(-1)).toBe('To commit anyway (not recommended): git commit --no-verify')
  })

  it('says when a secret is already in HEAD, with the purge command, and on a temporary index', () => {
    const base = reportOf(['.env'])
    const text = renderText({ ...base, envInHead: ['.env'], temporaryIndex: true }, PLAIN)
    expect(text).toContain('  .env (already in HEAD)')
    expect(text).toContain('must be treated as leaked')
    expect(text).toContain('\ngit filter-repo --invert-paths --path .env\n')
    expect(text).toContain('This commit used a temporary index')
  })

  it('quotes hostile names wherever it shows a path', () => {
    const text = renderText(reportOf(["it's $(x).env"]), PLAIN)
    expect(text).toContain(`  'it'\\''s $(x).env'`)
    expect(text).toContain(`git rm --cached -- 'it'\\''s $(x).env'`)
  })
})

describe('renderExplanation', () => {
  it('words a template value by key and line, never a value', () => {
    const text = renderExplanation({
      path: '.env.example',
      verdict: 'block',
      category: 'env-template',
      ruleId: 'env-template:value',
      code: 'TEMPLATE_VALUE',
      why: { kind: 'template-value', key: 'OPENAI_API_KEY', line: 3, what: 'OpenAI API key' },
      configSource: undefined,
      configured: false,
    })
    expect(text.split('\n').slice(0, 2)).toEqual([
      '.env.example: blocked by category env-template (real-looking secrets in an env template), rule env-template:value',
      '  why: OPENAI_API_KEY on line 3 looks like a real OpenAI API key (the value is not shown)',
    ])
  })

  it('says whether a passing template was read', () => {
    const read = renderExplanation({
      path: '.env.example',
      verdict: 'template',
      name: '.env.example',
      glob: '*.example',
      contentChecked: true,
    })
    expect(read).toContain('content: read, and every value looks like a placeholder')
    const unread = renderExplanation({
      path: '.env.example',
      verdict: 'template',
      name: '.env.example',
      glob: '*.example',
    })
    expect(unread).toContain('content: not read')
  })
})

describe('renderHistoryText', () => {
  it('prints nothing for a clean history; otherwise rotation before the purge', () => {
    expect(renderHistoryText([], PLAIN)).toBe('')
    const text = renderHistoryText(
      [
        {
          path: 'config/.env',
          category: 'env',
          commits: [
            { commit: 'a'.repeat(40), date: '2026-01-02', subject: 'add env', pushed: true },
          ],
          pushed: true,
          tracked: true,
        },
      ],
      PLAIN,
    )
    expect(text).toContain('  config/.env (env, pushed, still tracked)')
    expect(text).toContain(`    ${'a'.repeat(12)} 2026-01-02 pushed: add env`)
    expect(text.indexOf('1. Rotate first')).toBeLessThan(text.indexOf('git filter-repo'))
    expect(text).toContain("\ngit rm --cached -- ':(top,literal)config/.env'\n")
    expect(text).toContain('\ngit filter-repo --invert-paths --path config/.env\n')
  })
})

describe('renderInit', () => {
  it('says what changed, or that nothing did, and words every note', () => {
    expect(
      renderInit({
        dryRun: true,
        changes: [{ path: '.gitignore', why: 'gitignore-block' }],
        huskyActivated: false,
        notes: [{ code: 'install-husky' }],
      }).split('\n'),
    ).toEqual(
      expect.arrayContaining([
        'would update .gitignore: recommended ignore rules (missing lines only)',
        '(dry run: nothing was written)',
        expect.stringMatching(/^note: husky is not installed/) as unknown as string,
      ]),
    )
    expect(renderInit({ dryRun: false, changes: [], huskyActivated: false, notes: [] })).toMatch(
      /^already set up: nothing to change\n/,
    )
  })
})

// A finding without a recovery unit (content advice) still shows: the code is what counts.
describe('finding codes', () => {
  it('are set by the matcher for path rules, venv markers and configuration rules', () => {
    const configured = compileRules({
      extraRules: [{ id: 'secrets-dir', pattern: 'secrets/**', severity: 'block' }],
    })
    const codes = (paths: string[]) =>
      configured.judge(staged(...paths)).map((f: Finding) => [f.path, f.code])
    expect(codes(['.env', 'tools/x/pyvenv.cfg', 'tools/x/lib.py', 'secrets/a.txt'])).toEqual([
      ['.env', 'PATH_RULE'],
      ['tools/x/pyvenv.cfg', 'VENV_MARKER'],
      ['tools/x/lib.py', 'VENV_MARKER'],
      ['secrets/a.txt', 'CONFIG_RULE'],
    ])
  })
})
