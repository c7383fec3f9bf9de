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

/**
 * A staged report as the check assembles it. `advice` are content findings (templates, drift,
 * big files): listed with the findings, yet never planned for `git rm` (they are an edit).
 */
function reportOf(paths: string[], extra: Partial<Report> = {}, advice: Finding[] = []): Report {
  const removable = matcher.judge(staged(...paths))
  const findings = [...removable, ...advice]
  const recovery = planRecovery({
    findings: removable,
    knownPaths: paths,
    needsForce: new Set(),
    alreadyIgnored: new Map(),
    rootGitignore: '',
    innocentPaths: [],
    gitignoreOf: (ruleId) => matcher.gitignoreOf(ruleId),
    ignoreCase: false,
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
    preCommitFramework: false,
    customMessages: new Map(),
    ...extra,
  }
}

describe('renderText', () => {
  it('prints nothing for a clean report', () => {
    expect(renderText(reportOf(['src/app.py']), PLAIN)).toBe('')
  })

  it('groups by category, then prints commands and the .gitignore step bare under their headings', () => {
    const text = renderText(reportOf(['.env', '.venv/a.py', '.venv/b.py', 'server.log']), PLAIN)
    expect(text.split('\n')).toEqual([
      '✖ blocked env: secret env files (real secrets; bots scrape leaked keys from public remotes within minutes)',
      '  .env',
      '✖ blocked venv: virtualenvs (thousands of machine-specific files; commit requirements, not the installed packages)',
      '  .venv/ (2 files)',
      '    .venv/a.py',
      '    .venv/b.py',
      '⚠ warning log: logs (generated at run time)',
      '  server.log',
      '',
      'Take them out of this commit (your files stay on disk; paste from any directory of the work tree):',
      "git rm --cached -- ':(top,literal).env'",
      "git rm -r --cached -- ':(top,literal).venv'",
      '',
      'Keep them out for good: append to the .gitignore at the top of the work tree, and stage it:',
      "printf '%s\\n' '' \\",
      '  .env \\',
      "  '.env.*' \\",
      "  '!.env.example' \\",
      '  .venv/ \\',
      '  >> "$(git rev-parse --show-toplevel)/.gitignore"',
      "git add -- ':(top,literal).gitignore'",
      '',
      'Optional, for the warnings only (they do not block, and --fix leaves them alone):',
      "git rm --cached -- ':(top,literal)server.log'",
      "printf '%s\\n' '' \\",
      "  '*.log' \\",
      '  >> "$(git rev-parse --show-toplevel)/.gitignore"',
      "git add -- ':(top,literal).gitignore'",
      '',
      // A policy block shows the entry that keeps it; the .env (a possible leak) gets none.
      'If the team keeps them in git on purpose, create .precommit-guard.json with:',
      '{ "allow": ["/.venv/"] }',
      '',
      'Or let the guard do both: precommit-guard --fix',
      'To commit anyway (not recommended): git commit --no-verify',
      '',
    ])
  })

  it('offers to allow the directory that was blocked, never the folder it collapsed into', () => {
    // src/ holds nothing but the bytecode, so it is untracked as one folder; the entry that
    // keeps the bytecode on purpose must not keep every future file of src/ too.
    const text = renderText(reportOf(['src/__pycache__/m.pyc', 'uploads/a.pdf']), PLAIN)
    expect(text).toContain("git rm -r --cached -- ':(top,literal)src'")
    expect(text).toContain('{ "allow": ["src/__pycache__/", "/uploads/"] }')
  })

  it('words the audit, the pre-commit framework and a single step as they are', () => {
    const audit = renderText(reportOf(['.env'], { mode: 'all' }), PLAIN)
    expect(audit).toContain(
      '\nUntrack them (your files stay on disk; paste from any directory of the work tree), then commit the removal:\n',
    )
    expect(audit).toContain('\nOr let the guard do both: precommit-guard --all --fix\n')
    expect(audit).not.toMatch(/this commit|commit anyway|--no-verify/)
    const framework = renderText(reportOf(['.env'], { preCommitFramework: true }), PLAIN)
    expect(framework.trimEnd().split('\n').at(-1)).toBe(
      'To commit anyway (not recommended), skip this hook only: SKIP=precommit-guard git commit',
    )
    expect(framework).not.toMatch(/--fix|--no-verify/)
    // The .gitignore already ignores it: only the `git rm` is left, "it" and not "both".
    const one = renderText({ ...reportOf(['.env']), gitignore: [] }, PLAIN)
    expect(one).toContain('\nOr let the guard do it: precommit-guard --fix\n')
    expect(one).not.toContain('Keep them out for good')
  })

  it('names the found files inside a collapsed folder, and no more than three', () => {
    const found = renderText(reportOf(['services/api/.env']), PLAIN)
    expect(found).toContain('\n  services/ (1 file)\n    services/api/.env\n')
    const venv = Array.from({ length: 10 }, (_, i) => `.venv/lib/m${i}.py`)
    const text = renderText(reportOf(['.venv/.env', ...venv]), PLAIN)
    expect(text).toContain(
      '\n  .venv/ (11 files)\n    .venv/.env\n    .venv/lib/m0.py\n    .venv/lib/m1.py\n    … and 8 more\n',
    )
  })

  it('groups the "ignored yet staged" notes by rule, with a bounded number of rules', () => {
    const paths = Array.from({ length: 10_000 }, (_, i) => `.venv/lib/m${i}.py`)
    const rule = { source: '.gitignore', line: 1, pattern: '.venv/' }
    const forceAdded = new Map(paths.map((path) => [path, rule]))
    for (let i = 0; i < 7; i++) {
      forceAdded.set(`s${i}.pyc`, { source: `d${i}/.gitignore`, line: 2, pattern: '*.pyc' })
    }
    const report = reportOf([...paths, ...[...Array(7).keys()].map((i) => `s${i}.pyc`)], {
      forceAdded,
    })
    const text = renderText(report, PLAIN)
    expect(text).toContain(
      '\n10,000 files are ignored by .gitignore:1 (.venv/) yet staged (.venv/lib/m0.py, .venv/lib/m1.py, .venv/lib/m2.py, …): they were force-added (git add -f) or tracked before the rule existed.\n',
    )
    expect(text).toContain(
      '\ns0.pyc is ignored by d0/.gitignore:2 (*.pyc) yet staged: it was force-added (git add -f) or tracked before the rule existed.\n',
    )
    expect(text).toContain('\n… and 3 more files, under other rules.\n')
    expect(text).not.toContain('s6.pyc is ignored')
    expect(text.split('\n').length).toBeLessThan(80)
  })

  it('says a refused push never reached the server, and asks for no rotation or purge', () => {
    const base = reportOf(['.env'])
    const refused: Report = {
      ...base,
      mode: 'pre-receive',
      envInHead: [],
      rewrite: {
        kind: 'amend',
        stops: [{ commit: 'c'.repeat(40), commands: base.commands, drop: false }],
      },
    }
    const text = renderText(refused, PLAIN)
    expect(text).toContain(
      '\nPush refused by precommit-guard: these commits never reached the server, so nothing leaked there. Take the offenders out of them in your clone (the steps above), then push again.\n',
    )
    expect(text).not.toMatch(/rotate|leaked\.|filter-repo|force-with-lease/i)
  })

  it('says when a secret is already in HEAD, with the purge command, and on a temporary index', () => {
    const base = reportOf(['.env'])
    const text = renderText({ ...base, envInHead: ['.env'], temporaryIndex: true }, PLAIN)
    expect(text).toContain('  .env (already in HEAD)')
    expect(text).toContain('must be treated as leaked')
    expect(text).toContain('\nnpx precommit-guard history\n')
    expect(text).toContain('This commit used a temporary index')
  })

  it('quotes hostile names wherever it shows a path', () => {
    const text = renderText(reportOf(["it's $(x).env"]), PLAIN)
    expect(text).toContain(`  'it'\\''s $(x).env'`)
    expect(text).toContain(`git rm --cached -- ':(top,literal)it'\\''s $(x).env'`)
  })
})

// Content findings as src/content/inspect.ts and src/commands/judge.ts build them.
const templateValue: Finding = {
  code: 'TEMPLATE_VALUE',
  path: '.env.example',
  category: 'env-template',
  severity: 'block',
  status: 'A',
  ruleId: 'env-template:value',
  detail: {
    key: 'OPENAI_API_KEY',
    line: 3,
    kind: 'OpenAI API key',
    fix: ['OPENAI_API_KEY=your-openai-api-key-here'],
  },
}
const templateDrift: Finding = {
  code: 'TEMPLATE_DRIFT',
  path: '.env.example',
  category: 'env-drift',
  severity: 'warn',
  status: 'M',
  ruleId: 'env-drift:keys',
  detail: { keys: ['NEW_KEY'], fix: ['NEW_KEY='] },
}
const largeFile: Finding = {
  code: 'LARGE_FILE',
  path: 'assets/video.bin',
  category: 'large-file',
  severity: 'warn',
  status: 'A',
  ruleId: 'large-file:size',
  detail: { bytes: 6 * 1024 * 1024 + 1, fix: ['git lfs track assets/video.bin'] },
}

/** The plain text report, line by line, without the final newline. */
const textLines = (report: Report) => renderText(report, PLAIN).trimEnd().split('\n')

describe('renderText content advice', () => {
  it('words a template value by file, line, key and kind, and prints no value', () => {
    const lines = textLines(reportOf([], {}, [templateValue]))
    expect(lines[0]).toBe(
      '✖ blocked env-template: real-looking secrets in an env template (the template is committed and shared; it must hold placeholders only)',
    )
    expect(lines[1]).toBe('  .env.example:3 OPENAI_API_KEY (OpenAI API key)')
    // The key shows up only on its finding line and as the placeholder line to paste.
    expect(lines.filter((line) => line.includes('OPENAI_API_KEY'))).toEqual([
      '  .env.example:3 OPENAI_API_KEY (OpenAI API key)',
      'OPENAI_API_KEY=your-openai-api-key-here',
    ])
    expect(lines.at(-1)).toBe('To commit anyway (not recommended): git commit --no-verify')
  })

  it('names the keys a template lacks', () => {
    const lines = textLines(reportOf([], {}, [templateDrift]))
    expect(lines.slice(0, 2)).toEqual([
      '⚠ warning env-drift: env template out of date (keys in your local .env are missing from the committed template)',
      '  .env.example lacks NEW_KEY',
    ])
  })

  it('gives a large file its size in binary units, one decimal', () => {
    const lines = textLines(reportOf([], {}, [largeFile]))
    expect(lines.slice(0, 2)).toEqual([
      '⚠ warning large-file: large files (every clone downloads them forever; store big binaries with Git LFS)',
      '  assets/video.bin (6.0 MiB)',
    ])
  })

  it('lists content advice after the removal commands and the --fix hint', () => {
    const lines = textLines(reportOf(['.env'], {}, [largeFile]))
    const hint = lines.indexOf('Or let the guard do both: precommit-guard --fix')
    expect(lines.indexOf("git rm --cached -- ':(top,literal).env'")).toBeLessThan(hint)
    expect(lines.indexOf('  assets/video.bin (6.0 MiB)')).toBeGreaterThan(hint)
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

  it('words a block by path segment: the segment, the directory rule, why, and the severity', () => {
    const text = renderExplanation({
      path: 'app/__pycache__/m.pyc',
      verdict: 'block',
      category: 'bytecode',
      ruleId: 'bytecode:__pycache__/',
      code: 'PATH_RULE',
      why: { kind: 'segment', segment: '__pycache__', glob: '__pycache__/' },
      configSource: undefined,
      configured: false,
    })
    expect(text.split('\n')).toEqual([
      'app/__pycache__/m.pyc: blocked by category bytecode (Python bytecode), rule bytecode:__pycache__/',
      '  why: path segment `__pycache__` matches the directory rule `__pycache__/`',
      '  because: machine-specific, regenerated on every run, and a source of merge conflicts',
      '  severity: block (default; configuration: none)',
      '',
    ])
  })

  it('names the allowing glob and the file it comes from, and what it would be otherwise', () => {
    const allowed = {
      path: 'tests/fixtures/users.csv',
      verdict: 'allowed',
      glob: 'tests/fixtures/**/*.csv',
      configSource: '.precommit-guard.json',
    } as const
    expect(renderExplanation(allowed)).toBe(
      'tests/fixtures/users.csv: passes, allowed by the glob `tests/fixtures/**/*.csv` from .precommit-guard.json\n',
    )
    expect(renderExplanation({ ...allowed, otherwise: 'upload' })).toBe(
      'tests/fixtures/users.csv: passes, allowed by the glob `tests/fixtures/**/*.csv` from .precommit-guard.json\n' +
        '  without it: category upload\n',
    )
  })
})

/** One env file committed once, in commit `digit` × 40, on 2026-02-03. */
function leak(path: string, digit: string, state: { pushed: boolean; tracked: boolean }) {
  const commit = { commit: digit.repeat(40), date: '2026-02-03', subject: 'add env' }
  return { path, category: 'env', commits: [{ ...commit, pushed: state.pushed }], ...state }
}

/** A history report of these leaks: pushed to `remotes`, a working clone unless `bare`. */
function history(
  leaks: ReturnType<typeof leak>[],
  more: { remotes?: string[]; bare?: boolean; shallowEdges?: string[] } = {},
) {
  return { leaks, remotes: [], bare: false, shallowEdges: [], ...more }
}

describe('renderHistoryText', () => {
  it('prints nothing for a clean history; otherwise rotation before the purge', () => {
    expect(renderHistoryText(history([]), PLAIN)).toBe('')
    const text = renderHistoryText(
      history([leak('config/.env', 'a', { pushed: true, tracked: true })], { remotes: ['origin'] }),
      PLAIN,
    )
    expect(text).toContain('  config/.env (env, pushed, still tracked)')
    expect(text).toContain(`    ${'a'.repeat(12)} 2026-02-03 pushed: add env`)
    expect(text.indexOf('1. Rotate first')).toBeLessThan(text.indexOf('git filter-repo'))
    expect(text).toContain(
      "\ngit rm --cached -- ':(top,literal)config/.env'\ngit commit -q -m 'Stop tracking secret files'\n",
    )
    expect(text).toContain(
      [
        '',
        'cd "$(git rev-parse --show-toplevel)"',
        'purge=$(mktemp -d)',
        'git clone --mirror --no-local -- "$(git remote get-url -- origin)" "$purge"',
        'cd "$purge"',
        'url=$(git remote get-url origin)',
        'git filter-repo --replace-refs update-no-add --invert-paths --path config/.env',
        'git push --force --mirror -- "$url"',
        'cd -',
        '',
      ].join('\n'),
    )
  })

  it('says a leak is not pushed and deleted since, and then skips the untrack step', () => {
    const text = renderHistoryText(
      history([leak('.env', 'b', { pushed: false, tracked: false })]),
      PLAIN,
    )
    const lines = text.split('\n')
    expect(lines.slice(0, 3)).toEqual([
      "✖ 1 secret file was committed to this repository's history:",
      '  .env (env, not pushed, deleted since)',
      `    ${'b'.repeat(12)} 2026-02-03 local: add env`,
    ])
    expect(text).toContain(
      '\n1. Rotate first: anyone with a copy of this repository holds these secrets.\n',
    )
    expect(text).not.toContain('Stop tracking them')
    expect(lines.find((line) => line.startsWith('2. '))).toMatch(
      /^2\. Purge them from every commit of this repository/,
    )
    expect(text).toContain(
      '\ncd "$(git rev-parse --show-toplevel)"\ngit filter-repo --force --partial --invert-paths --path .env\ngit reflog expire --expire=now --all\ngit gc --prune=now\n',
    )
  })

  it('gives a name starting with - as --path=, so filter-repo does not read it as an option', () => {
    const text = renderHistoryText(
      history([leak('-prod.env', 'c', { pushed: false, tracked: false })], { bare: true }),
      PLAIN,
    )
    expect(text).toContain('\ngit filter-repo --force --partial --invert-paths --path=-prod.env\n')
    // A bare repository has no work tree to go to the top of, and nothing to untrack.
    expect(text).not.toContain('show-toplevel')
    expect(text).toContain('  -prod.env (env, not pushed)\n')
  })

  it('says what a shallow clone left unsearched, even when nothing was found', () => {
    const edge = 'd'.repeat(40)
    const note = [
      `! This is a shallow clone: history before its 1 edge commit (${'d'.repeat(12)}) was not fetched, so it was not searched.`,
      '  A secret committed only there is not listed, and a commit marked "shallow edge" shows every file it holds as added: the file may have been committed earlier.',
      '  Fetch the whole history (git fetch --unshallow) and run precommit-guard history again.',
      '',
    ].join('\n')
    expect(renderHistoryText(history([], { shallowEdges: [edge] }), PLAIN)).toBe(note)
    const found = leak('.env', 'd', { pushed: false, tracked: true })
    found.commits[0] = { ...found.commits[0]!, shallowEdge: true } as (typeof found.commits)[0]
    const text = renderHistoryText(history([found], { shallowEdges: [edge] }), PLAIN)
    expect(text).toContain(`    ${'d'.repeat(12)} 2026-02-03 local, shallow edge: add env\n`)
    expect(text).toContain(`\n\n${note}`)
  })
})

describe('renderInit', () => {
  const base = {
    route: 'husky' as const,
    packageDir: '',
    activated: undefined,
    hooksDir: undefined,
    templates: [],
    notes: [],
  }
  it("says created / updated / already there, shows a dry run's added lines, words every note", () => {
    expect(
      renderInit({
        ...base,
        dryRun: true,
        files: [
          { path: '.gitignore', why: 'gitignore-block', action: 'update', added: ['.env'] },
          { path: '.husky/pre-commit', why: 'hook-runs-guard', action: 'create', added: ['x'] },
          { path: 'package.json', why: 'husky-prepare', action: 'unchanged', added: [] },
        ],
        notes: [{ code: 'install-husky', packageDir: 'front end' }],
      }).split('\n'),
    ).toEqual([
      'would update .gitignore: recommended ignore rules (missing lines only)',
      '    + .env',
      'would create .husky/pre-commit: runs precommit-guard before every commit',
      '    + x',
      'already there: package.json: "prepare" runs husky, which activates the hook on npm install',
      '(dry run: nothing was written)',
      "note: husky is not installed, so no hook is active yet: cd 'front end' && npm install --save-dev husky (its prepare script then activates the hook)",
      'next steps for teammates, after they pull:',
      '  npm install (its prepare script activates the hook)',
      '',
    ])
  })

  it('says when nothing changed, and names cp only for templates that exist', () => {
    const text = renderInit({
      ...base,
      dryRun: false,
      route: 'plain-hook',
      hooksDir: '.githooks',
      files: [{ path: '.gitignore', why: 'gitignore-block', action: 'unchanged', added: [] }],
      templates: [{ env: 'backend/.env', template: 'backend/.env.example' }],
    })
    expect(text.split('\n')).toEqual([
      'already there: .gitignore: recommended ignore rules (missing lines only)',
      'nothing to change: already set up',
      'next steps for teammates, after they pull:',
      '  git config core.hooksPath .githooks (the hook runs precommit-guard from PATH)',
      '  cp backend/.env.example backend/.env, then fill in the real values',
      '',
    ])
    expect(renderInit({ ...base, dryRun: false, files: [] })).not.toContain('cp ')
  })

  it('escapes control characters of the names it shows', () => {
    const text = renderInit({
      ...base,
      dryRun: true,
      files: [
        {
          path: 'a\u001b[2K/.env.example',
          why: 'env-example',
          action: 'create',
          added: ['# \r x'],
        },
      ],
    })
    expect([...text].filter((c) => c !== '\n' && c.charCodeAt(0) < 0x20)).toEqual([])
    expect(text).toContain('would create a\\x1b[2K/.env.example')
    expect(text).toContain('    + # \\x0d x')
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
