import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { TEXT } from '../../src/report/messages.js'
import { installLocally, snapshotCheckout } from '../helpers/install.js'
import { CLI, createRepo, runInShell, type TestRepo } from '../helpers/repo.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const LINT_STAGED = join(ROOT, 'node_modules/.bin/lint-staged')

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0
}

const head = (repo: TestRepo) => repo.git(['rev-parse', 'HEAD']).trim()

describe('hooks/pre-commit (plain git hook)', () => {
  function install(repo: TestRepo) {
    copyFileSync(join(ROOT, 'hooks/pre-commit'), join(repo.dir, '.git/hooks/pre-commit'))
  }

  it('runs the local guard: rejects .env, accepts a clean commit', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    install(repo)
    installLocally(repo)
    repo.write('.env')
    repo.git(['add', '-f', '.env'])
    const before = head(repo)
    expect(() => repo.git(['commit', '-q', '-m', 'leak'])).toThrow()
    expect(head(repo)).toBe(before)
    repo.git(['rm', '-q', '--cached', '.env'])
    repo.write('b.txt')
    repo.git(['add', 'b.txt'])
    repo.git(['commit', '-q', '-m', 'clean'])
    expect(head(repo)).not.toBe(before)
  })

  it('fails closed with install instructions when the guard is missing', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    install(repo)
    repo.write('b.txt')
    repo.git(['add', 'b.txt'])
    const result = spawnSync('git', ['commit', '-q', '-m', 'x'], {
      cwd: repo.dir,
      env: { ...repo.env, PATH: '/usr/bin:/bin' },
      encoding: 'utf8',
    })
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('npm install --save-dev precommit-guard')
  })
})

describe('lint-staged (absolute path arguments)', () => {
  function setup() {
    const repo = createRepo({
      files: {
        'package.json': JSON.stringify({ name: 'x', 'lint-staged': { '*': `node ${CLI}` } }),
        'a.txt': 'a\n',
      },
      commit: true,
    })
    return repo
  }
  const run = (repo: TestRepo) =>
    spawnSync(process.execPath, [LINT_STAGED, '--no-stash'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })

  it('fails on a staged .env among innocent files, passes without it', () => {
    const repo = setup()
    repo.write('.env')
    repo.write('src/app.py')
    repo.git(['add', '-f', '.env', 'src/app.py'])
    const blocked = run(repo)
    expect(blocked.status).not.toBe(0)
    expect(`${blocked.stdout}${blocked.stderr}`).toContain('.env')
    repo.git(['rm', '-q', '--cached', '.env'])
    expect(run(repo).status).toBe(0)
  })

  it('judges names that start with `..` as lint-staged passes them; the pasted steps clear them', () => {
    const repo = setup()
    for (const path of ['..foo', '...env', 'src/..env', 'src/..bar.py']) repo.write(path, 'K=1\n')
    repo.git(['add', '-f', '--', '..foo', '...env', 'src'])
    const blocked = run(repo)
    const output = `${blocked.stdout}${blocked.stderr}`
    expect(blocked.status).not.toBe(0)
    expect(output).not.toContain('outside the repository')
    const report = output.slice(output.indexOf('✖ blocked'))
    expect(section(report, TEXT.removeHeading).sort()).toEqual([
      "git rm --cached -- ':(top,literal)...env'",
      "git rm --cached -- ':(top,literal)src/..env'",
    ])
    pasteRecovery(repo, report)
    expect(repo.staged().sort()).toEqual(['..foo', '.gitignore', 'src/..bar.py'])
    expect(run(repo).status).toBe(0)
  })

  it('passes staged deletions passed as paths (--diff-filter with D) beside staged files', () => {
    const repo = setup()
    repo.write('.env', 'K=1\n')
    repo.git(['add', '-f', '.env'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'leak'])
    repo.git(['rm', '-q', '--cached', '.env'])
    repo.write('b.txt')
    repo.git(['add', 'b.txt'])
    const result = spawnSync(
      process.execPath,
      [LINT_STAGED, '--no-stash', '--diff-filter', 'ACMRD', '--verbose'],
      { cwd: repo.dir, env: repo.env, encoding: 'utf8' },
    )
    expect(`${result.status}\n${result.stdout}${result.stderr}`).toMatch(/^0\n/)
    expect(result.stdout).toContain(`node ${CLI}`) // the guard did run, on both paths
  })
})

/** The lines under `heading` in a text report, up to the next blank line. */
function section(report: string, heading: string): string[] {
  const lines = report.split('\n')
  const start = lines.indexOf(heading)
  if (start === -1) return []
  const end = lines.indexOf('', start)
  return lines.slice(start + 1, end === -1 ? undefined : end)
}

/**
 * Paste a text report's recovery as a user would: its commands, then its `.gitignore` step
 * (which appends the lines and stages the file), verbatim into `sh` from the top.
 */
function pasteRecovery(repo: TestRepo, report: string): void {
  const commands = section(report, TEXT.removeHeading)
  expect(commands.length).toBeGreaterThan(0)
  const shell = runInShell(repo, [...commands, ...section(report, TEXT.gitignoreHeading)])
  expect(shell).toMatchObject({ code: 0, stderr: '' })
}

describe('lint-staged with a 5,000-file venv (split into several runs)', () => {
  /**
   * A project whose pre-commit hook runs lint-staged with `"*": <the guard>`; each run of the
   * guard (one per chunk of paths) also saves its output, so that every chunk's report can be
   * pasted, not only the one lint-staged shows.
   */
  function setup() {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    const reports = join(repo.dir, '..', 'reports')
    mkdirSync(reports)
    const wrapper = join(repo.dir, '..', 'guard-and-save.mjs')
    writeFileSync(
      wrapper,
      [
        "import { spawnSync } from 'node:child_process'",
        "import { writeFileSync } from 'node:fs'",
        `const run = spawnSync(process.execPath, [${JSON.stringify(CLI)}, ...process.argv.slice(2)], { encoding: 'utf8' })`,
        `writeFileSync(${JSON.stringify(reports)} + '/' + process.pid + '.json', JSON.stringify({ code: run.status, paths: process.argv.length - 2, stdout: run.stdout, stderr: run.stderr }))`,
        'process.stdout.write(run.stdout)',
        'process.stderr.write(run.stderr)',
        'process.exit(run.status ?? 1)',
      ].join('\n'),
    )
    repo.write(
      'package.json',
      JSON.stringify({ name: 'x', 'lint-staged': { '*': `node ${wrapper}` } }),
    )
    writeFileSync(
      join(repo.dir, '.git/hooks/pre-commit'),
      `#!/bin/sh\nexec "${process.execPath}" "${LINT_STAGED}" "$@"\n`,
      { mode: 0o755 },
    )
    repo.git(['add', 'package.json'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'lint-staged'])
    repo.write('.venv/pyvenv.cfg', 'home = /usr/bin\n')
    repo.write('.venv/bin/activate', '# activate\n')
    for (let i = 0; i < 5_000; i++) {
      repo.write(`.venv/lib/python3.11/site-packages/package${i % 40}/module_${i}.py`, `x = ${i}\n`)
    }
    repo.write('src/app.py', 'print(1)\n')
    repo.git(['add', '-A'])
    const saved = () =>
      readdirSync(reports).map(
        (name) =>
          JSON.parse(readFileSync(join(reports, name), 'utf8')) as {
            code: number
            paths: number
            stdout: string
          },
      )
    return { repo, saved }
  }
  const commit = (repo: TestRepo) =>
    spawnSync('git', ['commit', '-q', '-m', 'add app'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })

  it('prints the same complete recovery in every chunk: one round of it clears the venv', () => {
    const { repo, saved } = setup()
    const before = head(repo)
    // Every chunk runs to completion, so every chunk's own report is there to paste.
    const all = spawnSync(process.execPath, [LINT_STAGED, '--continue-on-error'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })
    expect(all.status).not.toBe(0)
    const runs = saved()
    expect(runs.length).toBeGreaterThanOrEqual(3) // split: no run saw the whole venv
    expect(Math.max(...runs.map((run) => run.paths))).toBeLessThan(5_000)
    const blocked = runs.filter((run) => run.code === 1)
    expect(blocked.length).toBeGreaterThanOrEqual(3)
    expect(runs.every((run) => run.code === 1 || run.stdout === '')).toBe(true)
    expect(new Set(blocked.map((run) => run.stdout)).size).toBe(1)
    expect(section(blocked[0]!.stdout, TEXT.removeHeading)).toEqual([
      "git rm -r --cached -- ':(top,literal).venv'",
    ])
    // A real commit through the hook is stopped, and lint-staged shows one of those reports.
    const stopped = commit(repo)
    expect(stopped.status).not.toBe(0)
    expect(head(repo)).toBe(before)
    expect(`${stopped.stdout}${stopped.stderr}`).toContain(
      "git rm -r --cached -- ':(top,literal).venv'",
    )

    const worktree = repo.snapshot()
    pasteRecovery(repo, blocked[blocked.length - 1]!.stdout)
    expect(repo.staged().sort()).toEqual(['.gitignore', 'src/app.py'])
    expect(
      repo.git(['check-ignore', '-q', '.venv/lib/python3.11/site-packages/package1/module_1.py']),
    ).toBe('')
    const after = repo.snapshot()
    after.delete('.gitignore')
    expect(after).toEqual(worktree)
    const next = commit(repo)
    expect(`${next.status}\n${next.stderr}`).toMatch(/^0\n/)
    expect(repo.git(['ls-files', '-z', '--', '.venv'])).toBe('')
  }, 300_000)
})

/** The pre-commit framework 4.x: its source beside the checkout (shared/tools), run by Debian's python3. */
const PRE_COMMIT_4 = join(ROOT, '..', 'shared/tools/pre-commit-4.6.2')

describe('the pre-commit framework', () => {
  // .ci/run installs 3.x: in CI a missing tool fails the test instead of skipping it silently.
  const has3 = hasCommand('pre-commit') || process.env.CI === 'true'
  const has4 = (hasCommand('pre-commit') && existsSync(PRE_COMMIT_4)) || process.env.CI === 'true'
  if (!has3) console.warn('pre-commit is not installed: skipping the pre-commit framework test')
  const runners = [
    { name: '3.x (npm pack of its clone)', available: has3, command: ['pre-commit'], env: {} },
    {
      name: '4.x (npm install -g git+file://)',
      available: has4,
      command: ['/usr/bin/python3', '-m', 'pre_commit'],
      env: { PYTHONPATH: PRE_COMMIT_4 },
    },
  ]

  it.each(runners)(
    'pre-commit $name: try-repo installs the hook, fails on a staged .env, passes on a clean stage',
    ({ available, command, env: runnerEnv }) => {
      if (!available) return void expect(available).toBe(false)
      // try-repo clones the hook repository at HEAD: use a snapshot of this checkout's files.
      const hookRepo = snapshotCheckout()
      const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
      const env = {
        ...repo.env,
        ...runnerEnv,
        PRE_COMMIT_HOME: join(repo.dir, '..', 'pre-commit-home'),
      }
      const tryRepo = () =>
        spawnSync(command[0]!, [...command.slice(1), 'try-repo', hookRepo.dir, 'precommit-guard'], {
          cwd: repo.dir,
          env,
          encoding: 'utf8',
        })
      repo.write('.env')
      repo.git(['add', '-f', '.env'])
      const blocked = tryRepo()
      expect(`${blocked.status}\n${blocked.stdout}${blocked.stderr}`).toMatch(/^1\n/)
      expect(blocked.stdout).toContain("git rm --cached -- ':(top,literal).env'")
      repo.git(['rm', '-q', '--cached', '.env'])
      // A staged file named like a command is judged as a file, never run as `init`.
      repo.write('b.txt')
      repo.write('init', 'not a command\n')
      repo.git(['add', 'b.txt', 'init'])
      const before = repo.snapshot()
      const clean = tryRepo()
      expect(`${clean.status}\n${clean.stdout}${clean.stderr}`).toMatch(/^0\n/)
      expect(repo.snapshot()).toEqual(before)
    },
    600_000,
  )
})

describe('pre-commit run --all-files (given paths judged as index entries)', () => {
  const available = hasCommand('pre-commit') || process.env.CI === 'true'
  const PRE_COMMIT_4 = join(ROOT, '../shared/tools/pre-commit-4.6.2')
  const versions = [
    { name: 'Debian 3.0.4', command: ['pre-commit'], env: {} },
    ...(existsSync(join(PRE_COMMIT_4, 'pre_commit'))
      ? [
          {
            name: '4.6.2',
            command: ['/usr/bin/python3', '-m', 'pre_commit'],
            env: { PYTHONPATH: PRE_COMMIT_4 },
          },
        ]
      : []),
  ]

  it.skipIf(!available).each(versions)(
    '$name: fails on a tracked .env and venv, passes once the printed steps ran, and on a clean repository',
    ({ command, env: extraEnv }) => {
      const hook = snapshotCheckout()
      const repo = createRepo({
        files: {
          'a.txt': 'a\n',
          '.pre-commit-config.yaml': [
            'repos:',
            `  - repo: ${hook.dir}`,
            `    rev: ${hook.rev}`,
            '    hooks:',
            '      - id: precommit-guard',
            '',
          ].join('\n'),
        },
        commit: true,
      })
      const env = {
        ...repo.env,
        ...extraEnv,
        PRE_COMMIT_HOME: join(repo.dir, '..', 'pre-commit-home'),
      }
      const run = (...args: string[]) =>
        spawnSync(command[0]!, [...command.slice(1), 'run', ...args], {
          cwd: repo.dir,
          env,
          encoding: 'utf8',
        })
      const clean = run('--all-files')
      expect(`${clean.status}\n${clean.stdout}${clean.stderr}`).toMatch(/^0\n/)

      // Committed before the guard was there; the .env was edited since (not staged).
      repo.write('.env', 'API_KEY=sk-live-51HxQ2eZvKYlo2CabcdEFGHijklMNOPqrstu\n')
      repo.write('.venv/pyvenv.cfg', 'home = /usr/bin\n')
      for (let i = 0; i < 3_000; i++) {
        repo.write(
          `.venv/lib/python3.11/site-packages/package${i % 30}/module_${i}.py`,
          `x = ${i}\n`,
        )
      }
      repo.git(['add', '-A'])
      repo.git(['commit', '-q', '-m', 'tracked offenders'])
      repo.write('.env', 'API_KEY=sk-live-51HxQ2eZvKYlo2CabcdEFGHijklMNOPqrstv\n')

      const one = run('--files', '.env')
      expect(one.status).toBe(1)
      expect(one.stdout).toContain("git rm --cached -- ':(top,literal).env'\n")

      const blocked = run('--all-files')
      expect(blocked.status).toBe(1)
      // pre-commit runs the hook once per chunk of paths: every chunk prints the same report.
      const start = blocked.stdout.indexOf('✖ blocked')
      const report = blocked.stdout.slice(start)
      const commands = section(report, TEXT.removeHeading)
      // A tracked file is untracked without -f: its index entry is HEAD's.
      expect(commands.sort()).toEqual([
        "git rm --cached -- ':(top,literal).env'",
        "git rm -r --cached -- ':(top,literal).venv'",
      ])
      expect(report).toContain('  .env (already in HEAD, ')

      const worktree = repo.snapshot()
      pasteRecovery(repo, report)
      expect(repo.indexPaths().sort()).toEqual(['.gitignore', '.pre-commit-config.yaml', 'a.txt'])
      expect(repo.git(['check-ignore', '.env', '.venv/pyvenv.cfg'])).toBe(
        '.env\n.venv/pyvenv.cfg\n',
      )
      const after = repo.snapshot()
      after.delete('.gitignore')
      expect(after).toEqual(worktree)
      const passes = run('--all-files')
      expect(`${passes.status}\n${passes.stdout}${passes.stderr}`).toMatch(/^0\n/)
      repo.git(['commit', '-q', '-m', 'untrack'])
      expect(repo.git(['ls-files', '--', '.env', '.venv'])).toBe('')
    },
    600_000,
  )
})
