/**
 * The recovery planner on its own: facts in, plan out. No git, no disk: findings come from
 * the real rule table (`compileRules().judge`), the git facts are written by hand as the
 * gatherers in src/commands/ would report them.
 */
import ignore from 'ignore'
import { describe, expect, it } from 'vitest'
import { planRecovery } from '../../src/recovery/plan.js'
import { CONTENT_GATED_IDS } from '../../src/rules/categories.js'
import { compileRules, type Matcher } from '../../src/rules/match.js'
import type {
  EntryStatus,
  Finding,
  GitCommand,
  IgnoreRule,
  MatchOptions,
  RecoveryFacts,
  LoggedCommit,
  Recovery,
} from '../../src/types.js'

/** Judge staged paths as the hook does, without a disk probe (venv markers must be staged). */
function judge(paths: readonly string[], options: MatchOptions = {}): Finding[] {
  return compileRules(options).judge(paths.map((path) => ({ path, status: 'A', mode: '100644' })))
}

/**
 * The facts of a staged check where `paths` is the whole index, as gatherStagedFacts would
 * report them with nothing ignored, forced or sparse; `over` replaces any of them.
 */
function stagedFacts(
  paths: readonly string[],
  over: Partial<RecoveryFacts> = {},
  options: MatchOptions = {},
): RecoveryFacts {
  return factsOf(compileRules(options), judge(paths, options), paths, over)
}

/** The facts of a clean working tree around `findings`: nothing ignored, forced or sparse. */
function factsOf(
  matcher: Matcher,
  findings: Finding[],
  paths: readonly string[],
  over: Partial<RecoveryFacts>,
): RecoveryFacts {
  const offenders = new Set(findings.map((finding) => finding.path))
  return {
    findings,
    knownPaths: paths,
    needsForce: new Set(),
    alreadyIgnored: new Map(),
    rootGitignore: '',
    innocentPaths: paths.filter((path) => !offenders.has(path) && matcher.couldMatch(path)),
    gitignoreOf: (ruleId) => matcher.gitignoreOf(ruleId),
    ignoreCase: false,
    sparseCheckout: false,
    ...over,
  }
}

const texts = (recovery: Recovery) => recovery.commands.map((command) => command.text)

/** What POSIX printf prints for a format of the quoter's: octal escapes, `%%` and plain text. */
function printfOutput(format: string): string {
  const bytes: number[] = []
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '\\' && /^[0-7]{3}$/.test(format.slice(i + 1, i + 4))) {
      bytes.push(parseInt(format.slice(i + 1, i + 4), 8))
      i += 3
    } else if (format.startsWith('%%', i)) {
      bytes.push(0x25)
      i++
    } else if (format[i] === '\\' || format[i] === '%' || format[i] === "'") {
      throw new Error(`unescaped ${JSON.stringify(format[i])} in printf format ${format}`)
    } else bytes.push(...Buffer.from(format[i]!, 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

/**
 * Split a printed command into words the way sh does, for the only forms the quoter may
 * emit: bare safe characters, '…', \' and "$(printf '…')". Anything else (a bare `$`, a space
 * inside a word, a stray double quote) is an error: the shell would see something we did not
 * intend.
 */
function shellWords(text: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (text.startsWith(`"$(printf '`, i)) {
      const end = text.indexOf(`')"`, i)
      if (end === -1) throw new Error(`unclosed printf word in ${JSON.stringify(text)}`)
      word = (word ?? '') + printfOutput(text.slice(i + `"$(printf '`.length, end))
      i = end + 2
    } else if (c === ' ') {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end === -1) throw new Error(`unclosed quote in ${JSON.stringify(text)}`)
      word = (word ?? '') + text.slice(i + 1, end)
      i = end
    } else if (c === '\\' && text[i + 1] === "'") {
      word = (word ?? '') + "'"
      i++
    } else if (/[A-Za-z0-9_@%+=:,./-]/.test(c)) {
      word = (word ?? '') + c
    } else {
      throw new Error(`unquoted ${JSON.stringify(c)} in ${JSON.stringify(text)}`)
    }
  }
  if (word !== undefined) words.push(word)
  return words
}

/** What the shell would run is exactly what `--fix` runs. */
function expectFaithfulQuoting(commands: readonly GitCommand[]) {
  for (const command of commands) expect(shellWords(command.text)).toEqual(['git', ...command.args])
}

/**
 * Every known path is covered by at most one unit, every offender by exactly one, and a
 * directory unit holds offenders only: checked from the paths, not from collapseUnits.
 */
function expectUnitsCoverOffendersOnly(facts: RecoveryFacts, recovery: Recovery) {
  const offenders = new Set(facts.findings.map((finding) => finding.path))
  const covers = (unit: Recovery['units'][number], path: string) =>
    unit.isDir ? path.startsWith(`${unit.path}/`) : path === unit.path
  const wrong = [...facts.knownPaths].filter(
    (path) =>
      recovery.units.filter((unit) => covers(unit, path)).length !== (offenders.has(path) ? 1 : 0),
  )
  expect(wrong).toEqual([])
}

/**
 * An oracle other than the planner: the `ignore` package, reading the root .gitignore with
 * our lines appended, ignores every offender and no known path it did not ignore before.
 */
function expectGitignoreOracle(facts: RecoveryFacts, recovery: Recovery) {
  const before = ignore({ ignorecase: facts.ignoreCase }).add(facts.rootGitignore)
  const required = ignore({ ignorecase: facts.ignoreCase })
    .add(facts.rootGitignore)
    .add(recovery.gitignore)
  const after = ignore({ ignorecase: facts.ignoreCase })
    .add(facts.rootGitignore)
    .add(recovery.gitignore)
    .add(recovery.optionalGitignore)
  const offenders = new Set(facts.findings.map((finding) => finding.path))
  const blocked = facts.findings.filter((f) => f.severity === 'block').map((f) => f.path)
  const known = [...facts.knownPaths]
  // The required lines alone keep the blocked offenders out; with the optional ones, all.
  expect(blocked.filter((path) => !required.ignores(path))).toEqual([])
  expect(known.filter((path) => offenders.has(path) && !after.ignores(path))).toEqual([])
  const newlyIgnored = known.filter(
    (path) => !offenders.has(path) && !before.ignores(path) && after.ignores(path),
  )
  expect(newlyIgnored).toEqual([])
}

const venvFiles = (dir: string, packages: number): string[] => [
  `${dir}/pyvenv.cfg`,
  `${dir}/bin/activate`,
  `${dir}/bin/python`,
  ...Array.from({ length: packages }, (_, i) => [
    `${dir}/lib/python3.12/site-packages/pkg${i}/__init__.py`,
    `${dir}/lib/python3.12/site-packages/pkg${i}/__pycache__/__init__.cpython-312.pyc`,
  ]).flat(),
]

describe('planRecovery: which units, one command each', () => {
  it('takes a staged venv of many files out with one `git rm -r`', () => {
    const venv = venvFiles('.venv', 100)
    const facts = stagedFacts([...venv, 'src/app.py', 'README.md'])
    const recovery = planRecovery(facts)
    expect(texts(recovery)).toEqual(["git rm -r --cached -- ':(top,literal).venv'"])
    expect(recovery.commands[0]!.args).toEqual([
      'rm',
      '-r',
      '--cached',
      '--',
      ':(top,literal).venv',
    ])
    expect(recovery.units.map((u) => [u.path, u.isDir, u.force, u.findings.length])).toEqual([
      ['.venv', true, false, venv.length],
    ])
    expect(recovery.gitignore).toEqual(['.venv/'])
    expect(recovery.rewrite).toBeUndefined()
    expectUnitsCoverOffendersOnly(facts, recovery)
    expectGitignoreOracle(facts, recovery)
  })

  it('takes a venv of a custom name out whole, beside an innocent file', () => {
    const facts = stagedFacts([...venvFiles('tools/py env', 20), 'tools/run.py'])
    const recovery = planRecovery(facts)
    expect(texts(recovery)).toEqual(["git rm -r --cached -- ':(top,literal)tools/py env'"])
    expect(recovery.gitignore).toEqual(['/tools/py env/'])
    expectUnitsCoverOffendersOnly(facts, recovery)
    expectGitignoreOracle(facts, recovery)
  })

  it('never removes a directory whole when it also holds an innocent or allowed file', () => {
    const paths = [
      'reports/q1.pdf',
      'reports/q2.pdf',
      'reports/index.md', // innocent
      'data/export.csv',
      'data/fixture.csv', // allowed
      'app/__pycache__/m.cpython-312.pyc',
      'app/__pycache__/n.cpython-312.pyc',
      'app/main.py',
    ]
    const facts = stagedFacts(paths, {}, { allow: ['data/fixture.csv'] })
    expect(facts.findings.map((f) => f.path)).not.toContain('data/fixture.csv')
    const recovery = planRecovery(facts)
    expect(texts(recovery)).toEqual([
      "git rm -r --cached -- ':(top,literal)app/__pycache__'",
      "git rm --cached -- ':(top,literal)data/export.csv'",
      "git rm --cached -- ':(top,literal)reports/q1.pdf'",
      "git rm --cached -- ':(top,literal)reports/q2.pdf'",
    ])
    // In the units' order; `*.csv` would hide the allowed fixture: it is re-included by name.
    expect(recovery.gitignore).toEqual(['__pycache__/', '*.csv', '*.pdf', '!/data/fixture.csv'])
    expectUnitsCoverOffendersOnly(facts, recovery)
    expectGitignoreOracle(facts, recovery)
  })

  it('splits a venv that holds an allowed file into its fully offending directories', () => {
    const paths = [...venvFiles('.venv', 2), '.venv/README.md']
    const facts = stagedFacts(paths, {}, { allow: ['.venv/README.md'] })
    const recovery = planRecovery(facts)
    expect(texts(recovery)).toEqual([
      "git rm -r --cached -- ':(top,literal).venv/bin'",
      "git rm -r --cached -- ':(top,literal).venv/lib'",
      "git rm --cached -- ':(top,literal).venv/pyvenv.cfg'",
    ])
    // `.venv/` would exclude the directory, and git cannot re-include a file below an
    // excluded directory: the directory's entries are ignored instead, and the allowed file
    // re-included, so files the venv gains later stay ignored too.
    expect(recovery.gitignore).toEqual(['**/.venv/*', '!/.venv/README.md'])
    expectUnitsCoverOffendersOnly(facts, recovery)
    expectGitignoreOracle(facts, recovery)
  })

  it('gives -f only to the units holding a path in needsForce', () => {
    const paths = ['.env', 'b.pyc', '.venv/bin/python', '.venv/pyvenv.cfg']
    const recovery = planRecovery(
      stagedFacts(paths, { needsForce: new Set(['.env', '.venv/pyvenv.cfg']) }),
    )
    expect(texts(recovery)).toEqual([
      "git rm --cached -f -- ':(top,literal).env'",
      "git rm -r --cached -f -- ':(top,literal).venv'",
      "git rm --cached -- ':(top,literal)b.pyc'",
    ])
    expect(recovery.units.map((u) => [u.path, u.force])).toEqual([
      ['.env', true],
      ['.venv', true],
      ['b.pyc', false],
    ])
  })

  it('writes a skip-worktree entry out before removing it when the index holds its only copy', () => {
    const recovery = planRecovery(
      stagedFacts(['sub/-n .env', 'sub/readme.md', 'b.pyc'], {
        sparseCheckout: true,
        restoreFirst: ['sub/-n .env'],
      }),
    )
    // Root-relative arguments, run from the top: the printed line works in any directory.
    expect(recovery.commands.map((c) => c.args)).toEqual([
      ['checkout-index', '--ignore-skip-worktree-bits', '--', 'sub/-n .env'],
      ['rm', '--cached', '--sparse', '--', ':(top,literal)sub/-n .env'],
      ['rm', '--cached', '--sparse', '--', ':(top,literal)b.pyc'],
    ])
    expect(texts(recovery)[0]).toBe(
      `git -C "$(git rev-parse --show-toplevel)" checkout-index --ignore-skip-worktree-bits -- 'sub/-n .env'`,
    )
  })

  it('adds --sparse in a sparse checkout, after -f and before the pathspec', () => {
    const recovery = planRecovery(
      stagedFacts(['.env', 'a/__pycache__/m.pyc'], {
        sparseCheckout: true,
        needsForce: new Set(['.env']),
      }),
    )
    expect(recovery.commands.map((c) => c.args)).toEqual([
      ['rm', '--cached', '-f', '--sparse', '--', ':(top,literal).env'],
      ['rm', '-r', '--cached', '--sparse', '--', ':(top,literal)a'],
    ])
    expect(texts(recovery)).toEqual([
      "git rm --cached -f --sparse -- ':(top,literal).env'",
      "git rm -r --cached --sparse -- ':(top,literal)a'",
    ])
  })

  it('names every path from the top of the work tree, so a line works from any directory', () => {
    const paths = [
      '.env',
      'sub/.env.local',
      'sub/deep/x.pyc',
      'sub/deep/y.py',
      'other/__pycache__/z.pyc',
      'other/keep.py',
    ]
    const recovery = planRecovery(stagedFacts(paths))
    expect(texts(recovery)).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      "git rm --cached -- ':(top,literal)sub/.env.local'",
      "git rm -r --cached -- ':(top,literal)other/__pycache__'",
      "git rm --cached -- ':(top,literal)sub/deep/x.pyc'",
    ])
    expect(recovery.commands.map((c) => c.args.at(-1))).toEqual([
      ':(top,literal).env',
      ':(top,literal)sub/.env.local',
      ':(top,literal)other/__pycache__',
      ':(top,literal)sub/deep/x.pyc',
    ])
  })

  it('quotes hostile names for the shell and makes pathspec magic literal', () => {
    const names = [
      "it's.env",
      'a b.env',
      '$(touch pwned).env',
      '`id`.env',
      'new\nline.env',
      '-rf.env',
      ':x.env',
      'a*.env',
      '[ab].pyc',
      'back\\slash.pyc',
      'q?.pyc',
    ]
    // An innocent file keeps `h/` from collapsing: one command per name.
    const facts = stagedFacts([...names.map((n) => `h/${n}`), 'h/keep.py'])
    expect(facts.findings).toHaveLength(names.length)
    const recovery = planRecovery(facts)
    // Under `literal` magic nothing in the name is magic: a leading `:`, `*`, `?`, `[`, `\\`.
    expect(recovery.commands.map((c) => c.args.at(-1))).toEqual([
      ':(top,literal)h/$(touch pwned).env',
      ':(top,literal)h/-rf.env', // after `--`: a path, never an option
      ':(top,literal)h/:x.env',
      ':(top,literal)h/`id`.env',
      ':(top,literal)h/a b.env',
      ':(top,literal)h/a*.env',
      ":(top,literal)h/it's.env",
      ':(top,literal)h/new\nline.env',
      ':(top,literal)h/[ab].pyc',
      ':(top,literal)h/back\\slash.pyc',
      ':(top,literal)h/q?.pyc',
    ])
    expect(texts(recovery)).toEqual([
      "git rm --cached -- ':(top,literal)h/$(touch pwned).env'",
      "git rm --cached -- ':(top,literal)h/-rf.env'",
      "git rm --cached -- ':(top,literal)h/:x.env'",
      "git rm --cached -- ':(top,literal)h/`id`.env'",
      "git rm --cached -- ':(top,literal)h/a b.env'",
      "git rm --cached -- ':(top,literal)h/a*.env'",
      "git rm --cached -- ':(top,literal)h/it'\\''s.env'",
      // A control character never reaches the terminal raw: printf rebuilds it exactly.
      `git rm --cached -- "$(printf ':(top,literal)h/new\\012line.env')"`,
      "git rm --cached -- ':(top,literal)h/[ab].pyc'",
      "git rm --cached -- ':(top,literal)h/back\\slash.pyc'",
      "git rm --cached -- ':(top,literal)h/q?.pyc'",
    ])
    expect(recovery.commands.every((c) => c.args.includes('--'))).toBe(true)
    expectFaithfulQuoting(recovery.commands)
  })

  it('keeps a leading `:` of a name literal, at the top or below it', () => {
    const recovery = planRecovery(stagedFacts([':x.env', 'sub/:y.env', 'sub/keep.py', 'a*.env']))
    expect(recovery.commands.map((c) => c.args.at(-1))).toEqual([
      ':(top,literal):x.env',
      ':(top,literal)a*.env',
      ':(top,literal)sub/:y.env',
    ])
    expectFaithfulQuoting(recovery.commands)
  })
})

describe('planRecovery: order', () => {
  const options: MatchOptions = {
    extraRules: [
      { id: 'secrets-dir', pattern: 'secrets/**', severity: 'block' },
      { id: 'scratch', pattern: 'scratch/**', severity: 'warn' },
    ],
  }
  // Shuffled on purpose: the input order must not matter.
  const paths = [
    'z.log',
    '.DS_Store',
    'secrets/k.txt',
    'scratch/n.txt',
    'b.pyc',
    'coverage.xml',
    'x.pdf',
    'A.pyc',
    'uploads/x.pdf',
    '.env',
  ]

  it('lists blocked units first, then by the category table, then by path', () => {
    const recovery = planRecovery(stagedFacts(paths, {}, options))
    expect(texts(recovery)).toEqual([
      "git rm --cached -- ':(top,literal).env'", // env
      "git rm --cached -- ':(top,literal)A.pyc'", // bytecode, by code unit: 'A' < 'b'
      "git rm --cached -- ':(top,literal)b.pyc'",
      "git rm -r --cached -- ':(top,literal)uploads'", // upload
      "git rm --cached -- ':(top,literal)x.pdf'",
      "git rm -r --cached -- ':(top,literal)secrets'", // a configured rule: after the table's blocked rows
    ])
    // Warned: optional, in the same order: log, test-cache, editor, then configured.
    expect(recovery.optionalCommands.map((c) => c.text)).toEqual([
      "git rm --cached -- ':(top,literal)z.log'",
      "git rm --cached -- ':(top,literal)coverage.xml'",
      "git rm --cached -- ':(top,literal).DS_Store'",
      "git rm -r --cached -- ':(top,literal)scratch'",
    ])
  })

  it('ranks a category by its configured severity', () => {
    const blockedLogs = { ...options, severities: { log: 'block' as const } }
    const recovery = planRecovery(stagedFacts(paths, {}, blockedLogs))
    expect(texts(recovery)).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      "git rm --cached -- ':(top,literal)A.pyc'",
      "git rm --cached -- ':(top,literal)b.pyc'",
      "git rm -r --cached -- ':(top,literal)uploads'",
      "git rm --cached -- ':(top,literal)x.pdf'",
      "git rm --cached -- ':(top,literal)z.log'",
      "git rm -r --cached -- ':(top,literal)secrets'",
    ])
    expect(recovery.optionalCommands.map((c) => c.text)).toEqual([
      "git rm --cached -- ':(top,literal)coverage.xml'",
      "git rm --cached -- ':(top,literal).DS_Store'",
      "git rm -r --cached -- ':(top,literal)scratch'",
    ])
  })

  it('never mixes a warned file into a blocked folder: the warning stays optional', () => {
    const facts = stagedFacts(
      ['docs/report.pdf', 'docs/build.log'],
      {},
      {
        severities: { upload: 'warn' },
      },
    )
    const recovery = planRecovery(facts)
    expect(texts(recovery)).toEqual([])
    expect(recovery.gitignore).toEqual([])
    expect(recovery.optionalCommands.map((c) => c.text)).toEqual([
      "git rm -r --cached -- ':(top,literal)docs'",
    ])
    expect(recovery.optionalGitignore).toEqual(['*.pdf', '*.log'])
    const mixed = planRecovery(stagedFacts(['docs/report.pdf', 'docs/build.log']))
    expect(texts(mixed)).toEqual(["git rm --cached -- ':(top,literal)docs/report.pdf'"])
    expect(mixed.optionalCommands.map((c) => c.text)).toEqual([
      "git rm --cached -- ':(top,literal)docs/build.log'",
    ])
    expect(mixed.gitignore).toEqual(['*.pdf'])
    expect(mixed.optionalGitignore).toEqual(['*.log'])
    expectGitignoreOracle(facts, recovery)
  })
})

const ignoredBy = (line: number, pattern: string): IgnoreRule => ({
  source: '.gitignore',
  line,
  pattern,
})

describe('planRecovery: .gitignore lines', () => {
  it('appends the category lines, and negations for templates that `.env.*` would hide', () => {
    const facts = stagedFacts([
      '.env',
      '.env.local',
      '.env.example',
      '.env.sample',
      'cfg/.env.template',
      'src/app.py',
      'b.pyc',
      'debug.log',
    ])
    const recovery = planRecovery(facts)
    expect(recovery.gitignore).toEqual([
      '.env',
      '.env.*',
      '!.env.example', // part of the env lines
      '*.py[cod]',
      '!.env.sample', // innocent paths the lines would catch
      '!.env.template',
    ])
    expect(recovery.optionalGitignore).toEqual(['*.log']) // a warning: optional
    expectGitignoreOracle(facts, recovery)
  })

  it('never repeats a line the root .gitignore already has', () => {
    // `.env` is there but does not catch `.env.local`; `*.log` is there (CRLF, trailing
    // blanks) but a deeper `!x.log` re-includes the offender, so git does not ignore it.
    const facts = stagedFacts(['.env.local', 'a.pyc', 'x.log'], {
      rootGitignore: '# secrets\r\n.env\r\n*.log   \r\n',
    })
    const recovery = planRecovery(facts)
    expect(recovery.gitignore).toEqual(['.env.*', '!.env.example', '*.py[cod]'])
    expectGitignoreOracle(facts, recovery)
  })

  it('adds no line for a rule whose offenders git already ignores', () => {
    const paths = ['.env', 'a.pyc', 'b/c.pyc']
    const allIgnored = stagedFacts(paths, {
      rootGitignore: '*.pyc\n',
      alreadyIgnored: new Map([
        ['a.pyc', ignoredBy(1, '*.pyc')],
        ['b/c.pyc', ignoredBy(1, '*.pyc')],
      ]),
    })
    expect(planRecovery(allIgnored).gitignore).toEqual(['.env', '.env.*', '!.env.example'])
    expectGitignoreOracle(allIgnored, planRecovery(allIgnored))
    // One offender of the rule not ignored (say `!b/` in a deeper file): the line is needed.
    const oneIgnored = stagedFacts(paths, {
      alreadyIgnored: new Map([['a.pyc', ignoredBy(1, '*.pyc')]]),
    })
    expect(planRecovery(oneIgnored).gitignore).toEqual([
      '.env',
      '.env.*',
      '!.env.example',
      '*.py[cod]',
    ])
  })

  it('anchors virtualenvs of a custom name, escaping glob characters', () => {
    const facts = stagedFacts([
      ...venvFiles('envs/py3 [x]', 1),
      ...venvFiles('.venv', 1),
      'envs/readme.md',
    ])
    const recovery = planRecovery(facts)
    expect(texts(recovery)).toEqual([
      "git rm -r --cached -- ':(top,literal).venv'",
      "git rm -r --cached -- ':(top,literal)envs/py3 [x]'",
    ])
    expect(recovery.gitignore).toEqual(['.venv/', '/envs/py3 \\[x]/'])
    expectGitignoreOracle(facts, recovery)
  })

  it('anchors an offender of a rule without lines, never its whole name', () => {
    // `*.pem` is ambiguous (a public certificate): only the offending key is ignored.
    const facts = stagedFacts(['certs/server.pem', 'certs/ca.crt'])
    const recovery = planRecovery(facts)
    expect(recovery.gitignore).toEqual(['/certs/server.pem'])
    expectGitignoreOracle(facts, recovery)
  })

  it('matches case-insensitively when the repository ignores case', () => {
    const facts = stagedFacts(
      ['.ENV', 'Docs/Report.PDF', 'docs/keep.pdf'],
      { ignoreCase: true },
      { ignoreCase: true, allow: ['docs/keep.pdf'] },
    )
    expect(facts.findings.map((f) => f.path)).toEqual(['.ENV', 'Docs/Report.PDF'])
    const recovery = planRecovery(facts)
    expect(recovery.gitignore).toEqual([
      '.env',
      '.env.*',
      '!.env.example',
      '*.pdf',
      '!/docs/keep.pdf',
    ])
    expectGitignoreOracle(facts, recovery)
  })
})

// Commit ids: the planner only compares and prints them.
const P = '0123456789abcdef0123456789abcdef01234567' // before the range
const C1 = '1'.repeat(40)
const C2 = '2'.repeat(40)
const C3 = '3'.repeat(40)
const C4 = '4'.repeat(40)
const S = '5'.repeat(40) // a side branch
const M = '6'.repeat(40) // a merge

/** A commit as `git log --raw` lists it: what it added (or modified). */
const logged = (
  id: string,
  parents: string[],
  paths: string[] = [],
  status: EntryStatus = 'A',
): LoggedCommit => ({
  id,
  parents,
  entries: paths.map((path) => ({ path, status, mode: '100644' })),
})

/**
 * The facts of `--range` over `walked` (newest first, as git log lists them), gathered as
 * runCommitsCheck does: path rules only, each finding with the commits that touched it,
 * oldest first; `tree` holds paths from before the range (the tip's tree).
 */
function commitFacts(
  walked: LoggedCommit[],
  amendable: string[],
  over: Partial<RecoveryFacts> = {},
  tree: string[] = [],
): RecoveryFacts {
  const matcher = compileRules()
  const commitsOf = new Map<string, string[]>()
  for (const commit of [...walked].reverse()) {
    for (const entry of commit.entries) {
      commitsOf.set(entry.path, [...(commitsOf.get(entry.path) ?? []), commit.id])
    }
  }
  const paths = [...commitsOf.keys()]
  const findings = matcher
    .judge(
      paths.map((path) => ({ path, status: 'A', mode: '100644' })),
      undefined,
      CONTENT_GATED_IDS,
    )
    .map((finding) => ({ ...finding, commits: commitsOf.get(finding.path)! }))
  return factsOf(matcher, findings, paths, {
    knownPaths: new Set([...tree, ...paths]),
    commits: { walked, amendable },
    ...over,
  })
}

const AMEND = 'git commit --amend --no-edit'
const CONTINUE = 'git rebase --continue'
const RESET = "git reset --soft 'HEAD^'"

describe('planRecovery: offenders already in commits', () => {
  it('amends a single offending tip commit', () => {
    const tip = logged(C1, [P], ['z.log', '.env', 'app.py', '.venv/bin/python', '.venv/pyvenv.cfg'])
    const facts = commitFacts([tip], [C1])
    const recovery = planRecovery(facts)
    // The units keep the commit's order: a rewrite is not a report.
    // A warning (z.log) never rewrites a commit: it is listed, not untracked.
    const commands = [
      "git rm --cached -- ':(top,literal).env'",
      "git rm -r --cached -- ':(top,literal).venv'",
      AMEND,
    ]
    expect(texts(recovery)).toEqual(commands)
    expect(recovery.rewrite?.kind).toBe('amend')
    expect(recovery.rewrite?.start).toBeUndefined()
    expect(recovery.rewrite?.stops.map((s) => [s.commit, s.commands.map((c) => c.text)])).toEqual([
      [C1, commands],
    ])
    expect(recovery.commands.at(-1)!.args).toEqual(['commit', '--amend', '--no-edit'])
    expect(recovery.units.map((u) => u.path)).toEqual(['.env', '.venv', 'z.log'])
    expect(recovery.gitignore).toEqual(['.env', '.env.*', '!.env.example', '.venv/'])
    expectFaithfulQuoting(recovery.commands)
    expectGitignoreOracle(facts, recovery)
  })

  it('rebases when the only offending commit is not one that may be amended', () => {
    // `--range A..B` where B is not HEAD: amending would rewrite the wrong commit.
    const recovery = planRecovery(commitFacts([logged(C1, [P], ['.env', 'a.py'])], []))
    expect(recovery.rewrite?.kind).toBe('rebase')
    expect(texts(recovery)).toEqual([
      `git rebase -i '${C1}^'`,
      "git rm --cached --ignore-unmatch -- ':(top,literal).env'",
      AMEND,
      CONTINUE,
    ])
    expect(recovery.rewrite?.start?.args).toEqual(['rebase', '-i', `${C1}^`])
  })

  it('rebases from before the oldest offending commit, stopping at each one, oldest first', () => {
    const walked = [
      logged(C4, [C3], ['d.py']),
      logged(C3, [C2], ['uploads/u.pdf', 'c.py']),
      logged(C2, [C1], ['b.py']),
      logged(C1, [P], ['.env', 'a.py']),
    ]
    const recovery = planRecovery(commitFacts(walked, [C4]))
    expect(texts(recovery)).toEqual([
      `git rebase -i '${C1}^'`,
      "git rm --cached --ignore-unmatch -- ':(top,literal).env'",
      AMEND,
      CONTINUE,
      "git rm -r --cached --ignore-unmatch -- ':(top,literal)uploads'",
      AMEND,
      CONTINUE,
    ])
    const { rewrite } = recovery
    expect(rewrite?.kind).toBe('rebase')
    expect(rewrite?.start?.text).toBe(`git rebase -i '${C1}^'`)
    // Each stop untracks only what its commit brought in.
    expect(rewrite?.stops.map((s) => [s.commit, s.commands.map((c) => c.text)])).toEqual([
      [C1, ["git rm --cached --ignore-unmatch -- ':(top,literal).env'", AMEND, CONTINUE]],
      [C3, ["git rm -r --cached --ignore-unmatch -- ':(top,literal)uploads'", AMEND, CONTINUE]],
    ])
    expect(recovery.commands).toEqual([
      rewrite!.start!,
      ...rewrite!.stops.flatMap((s) => s.commands),
    ])
  })

  it('rebases, not amends, when the tip and an older commit both offend', () => {
    const walked = [logged(C2, [C1], ['.env']), logged(C1, [P], ['x.pyc', 'x.py'])]
    const recovery = planRecovery(commitFacts(walked, [C2]))
    expect(recovery.rewrite?.kind).toBe('rebase')
    expect(recovery.rewrite?.stops.map((s) => s.commit)).toEqual([C1, C2])
    expect(recovery.rewrite?.start?.text).toBe(`git rebase -i '${C1}^'`)
  })

  it('rebases with --root when the oldest offending commit has no parent', () => {
    const walked = [logged(C2, [C1], ['b.py']), logged(C1, [], ['.env', 'a.py'])]
    expect(texts(planRecovery(commitFacts(walked, [C2])))[0]).toBe('git rebase -i --root')
  })

  it('replays merges with --rebase-merges when any walked commit is a merge', () => {
    const walked = [
      logged(C3, [M], ['t.py']),
      logged(M, [C1, S]),
      logged(S, [P], ['side.py']),
      logged(C1, [P], ['uploads/a.pdf']),
    ]
    const recovery = planRecovery(commitFacts(walked, [C3]))
    expect(recovery.rewrite?.start?.args).toEqual(['rebase', '-i', '--rebase-merges', `${C1}^`])
    expect(texts(recovery)[0]).toBe(`git rebase -i --rebase-merges '${C1}^'`)
  })

  it('never collapses a directory that held a file before the range', () => {
    const tip = logged(C1, [P], ['data/export.csv', 'cache/__pycache__/m.pyc'])
    const amend = planRecovery(commitFacts([tip], [C1], {}, ['data/schema.sql']))
    expect(texts(amend)).toEqual([
      "git rm --cached -- ':(top,literal)data/export.csv'",
      "git rm -r --cached -- ':(top,literal)cache'",
      RESET, // the commit held nothing else: undone, not amended empty
    ])
    const rebase = planRecovery(commitFacts([tip], [], {}, ['data/schema.sql']))
    expect(texts(rebase).slice(1, 3)).toEqual([
      "git rm --cached --ignore-unmatch -- ':(top,literal)data/export.csv'",
      "git rm -r --cached --ignore-unmatch -- ':(top,literal)cache'",
    ])
  })

  it('names the untracking commands from the top of the work tree, hostile names quoted', () => {
    const walked = [
      logged(C2, [C1], ['b.py']),
      logged(C1, [P], ['.env', 'sub/:x.env', 'sub/a b.pyc', 'sub/k.py']),
    ]
    const rebase = planRecovery(commitFacts(walked, [C2]))
    expect(texts(rebase)).toEqual([
      `git rebase -i '${C1}^'`,
      "git rm --cached --ignore-unmatch -- ':(top,literal).env'",
      "git rm --cached --ignore-unmatch -- ':(top,literal)sub/:x.env'",
      "git rm --cached --ignore-unmatch -- ':(top,literal)sub/a b.pyc'",
      AMEND,
      CONTINUE,
    ])
    expectFaithfulQuoting(rebase.commands)
    const amend = planRecovery(commitFacts([walked[1]!], [C1]))
    expect(texts(amend)).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      "git rm --cached -- ':(top,literal)sub/:x.env'",
      "git rm --cached -- ':(top,literal)sub/a b.pyc'",
      AMEND,
    ])
  })

  it('adds --sparse to every untracking command in a sparse checkout', () => {
    // Outside the cone, `git rm --cached` refuses without it, and with --ignore-unmatch it
    // exits 0 having removed nothing: the rebase would keep the offender.
    const tip = logged(C2, [C1], ['b/.env', 'b/k.py'])
    const walked = [tip, logged(C1, [P], ['b/x.pyc'])]
    expect(texts(planRecovery(commitFacts(walked, [C2], { sparseCheckout: true })))).toEqual([
      `git rebase -i '${C1}^'`,
      "git rm --cached --ignore-unmatch --sparse -- ':(top,literal)b/x.pyc'",
      RESET,
      CONTINUE,
      "git rm --cached --ignore-unmatch --sparse -- ':(top,literal)b/.env'",
      AMEND,
      CONTINUE,
    ])
    expect(texts(planRecovery(commitFacts([tip], [C2], { sparseCheckout: true })))).toEqual([
      "git rm --cached --sparse -- ':(top,literal)b/.env'",
      AMEND,
    ])
  })

  it('undoes a tip commit that held only offenders instead of amending it empty', () => {
    const tip = logged(C1, [P], ['.env'])
    const recovery = planRecovery(commitFacts([tip], [C1]))
    expect(recovery.rewrite?.kind).toBe('amend')
    expect(recovery.rewrite?.stops[0]?.drop).toBe(true)
    expect(texts(recovery)).toEqual(["git rm --cached -- ':(top,literal).env'", RESET])
    expect(recovery.commands.at(-1)!.args).toEqual(['reset', '--soft', 'HEAD^'])
    // A root commit has no parent: deleting the branch ref undoes it, the index kept.
    const root = planRecovery(commitFacts([logged(C1, [], ['.env'])], [C1]))
    expect(texts(root)).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      'git update-ref -d HEAD',
    ])
  })

  it('drops an older commit of only offenders at its stop, keeps the root commit empty', () => {
    const walked = [
      logged(C4, [C3], ['d.py']),
      logged(C3, [C2], ['c.py']),
      logged(C2, [C1], ['b.py']),
      logged(C1, [P], ['.env', '.env.local']),
    ]
    const recovery = planRecovery(commitFacts(walked, [C4]))
    expect(recovery.rewrite?.stops.map((s) => [s.commit, s.drop])).toEqual([[C1, true]])
    expect(texts(recovery)).toEqual([
      `git rebase -i '${C1}^'`,
      "git rm --cached --ignore-unmatch -- ':(top,literal).env'",
      "git rm --cached --ignore-unmatch -- ':(top,literal).env.local'",
      RESET,
      CONTINUE,
    ])
    const rooted = [walked[0]!, logged(C1, [], ['.env'])]
    expect(texts(planRecovery(commitFacts(rooted, [C4])))).toEqual([
      'git rebase -i --root',
      "git rm --cached --ignore-unmatch -- ':(top,literal).env'",
      'git commit --amend --no-edit --allow-empty',
      CONTINUE,
    ])
  })

  it('amends, never drops, a commit that also modified an offender or deleted a path', () => {
    const modified = logged(C1, [P], ['.env'], 'M')
    expect(texts(planRecovery(commitFacts([modified], [C1]))).at(-1)).toBe(AMEND)
    const deleting = { ...logged(C1, [P], ['.env']), deletes: true }
    expect(texts(planRecovery(commitFacts([deleting], [C1]))).at(-1)).toBe(AMEND)
  })
})

/** Freeze plain objects and arrays all the way down (Sets, Maps and functions are left). */
function deepFreeze<T>(value: T): T {
  if (
    Array.isArray(value) ||
    (value !== null && Object.getPrototypeOf(value) === Object.prototype)
  ) {
    for (const child of Object.values(value as object)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

/** Everything in the facts but the function, as plain data to compare. */
const snapshot = (facts: RecoveryFacts) =>
  structuredClone({ ...facts, gitignoreOf: undefined, knownPaths: [...facts.knownPaths] })

describe('planRecovery: a pure function of its facts', () => {
  const staged = () =>
    stagedFacts(
      [...venvFiles('.venv', 3), '.env', '.env.example', 'x.pyc', 'h/a b.pdf', 'h/k.md', 'z.log'],
      {
        needsForce: new Set(['.env']),
        alreadyIgnored: new Map([['z.log', ignoredBy(1, '*.log')]]),
        rootGitignore: '*.log\n',
        sparseCheckout: true,
      },
    )
  const commits = () =>
    commitFacts(
      [logged(C2, [C1], ['.env']), logged(C1, [P], ['x.pyc', 'uploads/a.pdf', 'a.py'])],
      [C2],
    )

  it.each([
    ['staged', staged],
    ['commits', commits],
  ])('gives equal plans for equal facts (%s)', (_, make) => {
    const facts = make()
    const first = planRecovery(facts)
    const second = planRecovery(facts)
    expect(second).toEqual(first)
    expect(planRecovery(make())).toEqual(first)
    // Nothing is shared between two plans: changing one leaves the other as it was.
    expect(second.units).not.toBe(first.units)
    first.units.length = 0
    first.commands.length = 0
    first.gitignore.push('oops')
    expect(planRecovery(facts)).toEqual(second)
  })

  it.each([
    ['staged', staged],
    ['commits', commits],
  ])('leaves its facts as they were (%s)', (_, make) => {
    const facts = deepFreeze(make())
    const before = snapshot(facts)
    // Frozen: a write to the findings, their commits or the walked commits would throw.
    const recovery = planRecovery(facts)
    expect(snapshot(facts)).toEqual(before)
    expect(recovery).toEqual(planRecovery(make()))
  })

  it('reads knownPaths once: a one-shot iterable gives the same plan', () => {
    const facts = staged()
    const paths = [...facts.knownPaths]
    const once = planRecovery({ ...facts, knownPaths: paths.values() })
    expect(once).toEqual(planRecovery(facts))
  })
})
