import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { installLocally } from '../helpers/install.js'
import { CLI, createRepo, type TestRepo } from '../helpers/repo.js'

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
      const hookRepo = createRepo()
      execFileSync(
        'sh',
        ['-c', `git -C "${ROOT}" ls-files -z | xargs -0 cp --parents -t "${hookRepo.dir}"`],
        {
          cwd: ROOT,
        },
      )
      hookRepo.git(['add', '-A'])
      hookRepo.git(['commit', '-q', '-m', 'snapshot'])
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
      expect(blocked.stdout).toContain('git rm --cached -- .env')
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
