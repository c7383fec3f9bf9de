import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, createRepo, type TestRepo } from '../helpers/repo.js'

const oneLine = (stderr: string) => stderr.split('\n').length === 2 && stderr.endsWith('\n')

describe('mistakes on the command line', () => {
  it('an unknown option exits 2 with one line of ours and the nearest option', () => {
    const repo = createRepo()
    expect(repo.guard(['--quite'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'precommit-guard: unknown option --quite: did you mean --quiet? (see precommit-guard --help)\n',
    })
    expect(repo.guard(['--range'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'precommit-guard: --range needs a value: --range <A..B>\n',
    })
  })

  it('`help` shows the help, as --help does', () => {
    const repo = createRepo()
    const help = repo.guard(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^precommit-guard \S+: stop secrets/)
    expect(repo.guard(['help'])).toEqual(help)
  })

  it('a command typo naming no file exits 2 with a suggestion, and judges nothing', () => {
    const repo = createRepo()
    repo.write('.env', 'KEY=1\n')
    repo.git(['add', '-f', '.env'])
    expect(repo.guard(['initt'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'precommit-guard: unknown command initt: did you mean `precommit-guard init`? (to judge a file of that name: precommit-guard check initt)\n',
    })
    // Nothing was set up: init did not run.
    expect(repo.git(['status', '--porcelain'])).toBe('A  .env\n')
  })

  it('a word that names a file stays a path: `precommit-guard initt` judges the file initt', () => {
    const repo = createRepo()
    repo.write('initt', 'KEY=1\n')
    repo.write('.env', 'KEY=1\n')
    repo.git(['add', '-f', 'initt', '.env'])
    const result = repo.guard(['initt'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    // And the same name through `check`, the form the pre-commit framework's entry uses.
    expect(repo.guard(['check', 'initt']).code).toBe(0)
    expect(repo.guard(['check', '.env']).code).toBe(1)
  })
})

/** The CLI on a real pseudo-terminal (util-linux `script`): what a user's terminal receives. */
function onTerminal(repo: TestRepo, env: NodeJS.ProcessEnv): string {
  const base = Object.fromEntries(
    Object.entries(repo.env).filter(([k]) => !['NO_COLOR', 'FORCE_COLOR', 'TERM'].includes(k)),
  )
  const command = `"${process.execPath}" "${CLI}"`
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: repo.dir,
    env: { ...base, TERM: 'xterm', ...env },
    encoding: 'utf8',
  })
  expect(result.status).toBe(1) // blocked: the staged .env
  return result.stdout
}

describe('colour', () => {
  it('is on for a terminal, and FORCE_COLOR=0 / false, NO_COLOR or TERM=dumb turn it off', () => {
    const repo = createRepo()
    repo.write('.env', 'KEY=1\n')
    repo.git(['add', '-f', '.env'])
    const escape = '\u001b['
    expect(onTerminal(repo, {})).toContain(escape)
    for (const env of [
      { FORCE_COLOR: '0' },
      { FORCE_COLOR: 'false' },
      { NO_COLOR: '1' },
      { NODE_DISABLE_COLORS: '1' },
      { TERM: 'dumb' },
    ]) {
      const shown = onTerminal(repo, env)
      expect(shown, JSON.stringify(env)).toContain("git rm --cached -- ':(top,literal).env'")
      expect(shown, JSON.stringify(env)).not.toContain(escape)
    }
  })
})

describe('configuration errors', () => {
  const refused = (repo: TestRepo, args: string[] = []) => {
    repo.write('src/main.py')
    repo.git(['add', 'src/main.py'])
    const result = repo.guard(args)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(oneLine(result.stderr)).toBe(true)
    return result.stderr
  }

  it('name every offending key, "missing" keys and the valid category ids', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify({
          categories: { uploadz: 'warn', logs: 'off' },
          rules: [{ id: 'r', severity: 'block', colour: 'red' }],
          bogus: 1,
          other: 2,
        }),
      },
    })
    expect(refused(repo)).toBe(
      'precommit-guard: .precommit-guard.json: categories.uploadz: unknown category (valid: env, venv, bytecode, upload, credential, env-template, log, test-cache, lint-cache, editor, build, docker, node, env-drift, large-file); categories.logs: unknown category; rules[0].pattern: missing; rules[0].colour: unknown key; bogus: unknown key; other: unknown key\n',
    )
  })

  it('give the line and column of a TOML syntax error', () => {
    const repo = createRepo({
      files: { 'pyproject.toml': '[tool.precommit-guard]\nallow = ["a"]\nrules = = 1\n' },
    })
    expect(refused(repo)).toBe(
      'precommit-guard: pyproject.toml: invalid TOML at line 3, column 9: invalid value\n',
    )
  })

  it('stop on a package.json that names the guard but does not parse', () => {
    const repo = createRepo({
      files: { 'package.json': '{\n  "precommit-guard": { "allow": ["**"] },\n}\n' },
    })
    expect(refused(repo)).toMatch(/^precommit-guard: package\.json: invalid JSON/)
  })

  it('refuse a rule id that is a built-in category id', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify({
          rules: [{ id: 'env', pattern: 'secrets/**', severity: 'block' }],
        }),
      },
    })
    expect(refused(repo)).toBe(
      'precommit-guard: .precommit-guard.json: rules[0].id: "env" is a built-in category id; pick another id\n',
    )
  })

  it('refuse a glob that would take minutes to match (catastrophic backtracking)', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify({ allow: ['*a*a*a*a*a*a*a*a*a*b'] }),
        [`${'a'.repeat(60)}`]: 'x\n',
      },
    })
    repo.git(['add', 'a'.repeat(60)])
    expect(refused(repo)).toBe(
      'precommit-guard: .precommit-guard.json: allow[0]: 10 wildcards, at most 4 (slow to match); split it into several globs: "*a*a*a*a*a*a*a*a*a*b"\n',
    )
  })

  it('refuse a configuration that is a FIFO instead of blocking on it', () => {
    const repo = createRepo()
    execFileSync('mkfifo', [join(repo.dir, '.precommit-guard.json')])
    repo.write('src/main.py')
    repo.git(['add', 'src/main.py'])
    // A hang would be killed here; the guard must answer at once.
    const result = spawnSync(process.execPath, [CLI], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(result.signal).toBeNull()
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(
      'precommit-guard: .precommit-guard.json: not a regular file: a configuration must be a plain file\n',
    )
  })

  it('refuse a configuration file over 1 MiB', () => {
    const repo = createRepo({
      files: { 'big.json': `{"allow": [${'"x",'.repeat(300_000)}"y"]}` },
    })
    expect(refused(repo, ['--config', 'big.json'])).toMatch(
      /^precommit-guard: big\.json: too large to be a configuration \(\d+ bytes, at most 1048576\)\n$/,
    )
  })
})
