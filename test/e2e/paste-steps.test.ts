import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { installLocally, snapshotCheckout } from '../helpers/install.js'
import { printedSteps } from '../helpers/paste.js'
import { createRepo, type TestRepo } from '../helpers/repo.js'

/**
 * The printed recovery is a script the user pastes where they stand. git runs the hook at the
 * top of the work tree, while the user typed `git commit` in a subdirectory: the steps are
 * pasted there, verbatim, through every route the hook can take.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const OFFENDERS = ['.env.staging', 'services/api/.env', 'src/__pycache__/m.cpython-312.pyc']
// No final newline: the appended lines must not join it.
const GITIGNORE = 'node_modules'

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0
}

/** A project with its hook set up by `install`, everything committed, the offenders staged. */
function project(install: (repo: TestRepo) => void, packageJson: object = { name: 'app' }) {
  const repo = createRepo({
    files: {
      'package.json': `${JSON.stringify(packageJson)}\n`,
      '.gitignore': GITIGNORE,
      'src/app.py': 'print(1)\n',
    },
  })
  install(repo)
  repo.git(['add', '-A'])
  repo.git(['commit', '-q', '--no-verify', '-m', 'initial'])
  for (const path of OFFENDERS) repo.write(path, `${path}=1\n`)
  repo.write('src/new.py', 'print(2)\n')
  repo.git(['add', '--', ...OFFENDERS, 'src/new.py'])
  return repo
}

const commitFrom = (repo: TestRepo, cwd: string, message: string) =>
  spawnSync('git', ['commit', '-q', '-m', message], { cwd, env: repo.env, encoding: 'utf8' })

/** Blocked from src/, the printed steps pasted in src/, then the same commit passes. */
function expectPastedStepsRecover(repo: TestRepo, output: string, shell = '/bin/sh') {
  const cwd = join(repo.dir, 'src')
  const steps = printedSteps(output)
  expect(steps.filter((line) => line.startsWith('git rm'))).toEqual([
    "git rm --cached -- ':(top,literal).env.staging'",
    "git rm -r --cached -- ':(top,literal)services'",
    "git rm -r --cached -- ':(top,literal)src/__pycache__'",
  ])
  const before = repo.snapshot()
  const pasted = spawnSync(shell, ['-c', `set -e\n${steps.join('\n')}`], {
    cwd,
    env: repo.env,
    encoding: 'utf8',
  })
  expect(pasted.stderr).not.toMatch(/fatal|error|did not match|not found/)
  expect(pasted.status).toBe(0)
  // Exactly the offenders are out of the index; the .gitignore is staged with them.
  expect(repo.staged().sort()).toEqual(['.gitignore', 'src/new.py'])
  for (const path of OFFENDERS) {
    expect(repo.git(['ls-files', '--', `:(top,literal)${path}`])).toBe('')
    expect(repo.git(['check-ignore', '--no-index', '--', path]).trim()).toBe(path)
  }
  const notIgnored = spawnSync('git', ['check-ignore', '--', 'src/new.py', 'src/app.py'], {
    cwd: repo.dir,
    env: repo.env,
    encoding: 'utf8',
  })
  expect([notIgnored.status, notIgnored.stdout]).toEqual([1, ''])
  // Every working-tree byte as it was, but for the lines appended to the root .gitignore.
  const after = repo.snapshot()
  after.delete('.gitignore')
  before.delete('.gitignore')
  expect(after).toEqual(before)
  expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe(
    `${GITIGNORE}\n.env\n.env.*\n!.env.example\n__pycache__/\n`,
  )
  const tree = (rev: string) => repo.git(['ls-tree', '-r', '--name-only', '-z', rev]).split('\0')
  const next = commitFrom(repo, cwd, 'clean')
  expect(next.status, next.stderr).toBe(0)
  expect(tree('HEAD').sort()).toEqual([...tree('HEAD~1'), 'src/new.py'].sort())
}

function husky(repo: TestRepo, hook: string) {
  execFileSync(process.execPath, [join(repo.dir, 'node_modules/husky/bin.js')], {
    cwd: repo.dir,
    env: repo.env,
  })
  repo.write('.husky/pre-commit', `${hook}\n`)
}

describe('the printed steps, pasted in the subdirectory where `git commit` was typed', () => {
  it.each(['dash', 'bash', 'zsh'])('through the plain hook, pasted in %s', (shell) => {
    const repo = project((r) => {
      installLocally(r)
      copyFileSync(join(ROOT, 'hooks/pre-commit'), join(r.dir, '.git/hooks/pre-commit'))
    })
    const blocked = commitFrom(repo, join(repo.dir, 'src'), 'leak')
    expect(`${blocked.status}`, blocked.stderr).toBe('1')
    expectPastedStepsRecover(repo, blocked.stderr, shell)
  })

  it('through husky', () => {
    const repo = project((r) => {
      installLocally(r, { husky: true })
      husky(r, 'precommit-guard')
    })
    const blocked = commitFrom(repo, join(repo.dir, 'src'), 'leak')
    expect(`${blocked.status}`, blocked.stderr).toBe('1')
    expect(blocked.stderr).toContain('To commit anyway (not recommended): git commit --no-verify')
    expectPastedStepsRecover(repo, blocked.stderr)
  })

  it('through lint-staged, which hands the guard absolute paths', () => {
    const repo = project(
      (r) => {
        installLocally(r, { husky: true, lintStaged: true })
        husky(r, 'lint-staged')
      },
      { name: 'app', 'lint-staged': { '*': 'precommit-guard' } },
    )
    const blocked = commitFrom(repo, join(repo.dir, 'src'), 'leak')
    expect(`${blocked.status}`, blocked.stderr).toBe('1')
    expectPastedStepsRecover(repo, `${blocked.stdout}${blocked.stderr}`)
  })

  // .ci/run installs it: in CI a missing tool fails the test instead of skipping it silently.
  const framework = hasCommand('pre-commit') || process.env.CI === 'true'
  it.skipIf(!framework)(
    'through the pre-commit framework, which is told to skip the hook by id',
    () => {
      // The framework clones the hook repository at a commit: a snapshot of this checkout.
      const { dir: hookDir, rev } = snapshotCheckout()
      const repo = project((r) => {
        writeFileSync(
          join(r.dir, '.pre-commit-config.yaml'),
          `repos:\n  - repo: ${hookDir}\n    rev: ${rev}\n    hooks:\n      - id: precommit-guard\n`,
        )
      })
      repo.env.PRE_COMMIT_HOME = join(repo.dir, '..', 'pre-commit-home')
      execFileSync('pre-commit', ['install'], { cwd: repo.dir, env: repo.env })
      const blocked = commitFrom(repo, join(repo.dir, 'src'), 'leak')
      const output = `${blocked.stdout}${blocked.stderr}`
      expect(`${blocked.status}`, output).toBe('1')
      // Not on the user's PATH, and --no-verify would skip every other hook too.
      expect(output).toContain(
        'To commit anyway (not recommended), skip this hook only: SKIP=precommit-guard git commit',
      )
      expect(output).not.toMatch(/precommit-guard --fix|--no-verify/)
      expectPastedStepsRecover(repo, output)
    },
    600_000,
  )
})
