import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installLocally, writeGuardScript } from '../helpers/install.js'
import { createRepo, repoAt, type TestRepo } from '../helpers/repo.js'

const VERSION = '9.8.7'

/** A teammate's fresh clone of `origin` (what they have before any install step). */
function cloneOf(origin: TestRepo): TestRepo {
  const dir = join(dirname(origin.dir), 'clone')
  execFileSync('git', ['clone', '-q', origin.dir, dir], { env: origin.env })
  const clone = repoAt(dir, origin.env)
  clone.git(['config', 'user.name', 'Teammate'])
  clone.git(['config', 'user.email', 'mate@example.com'])
  return clone
}

/** `npm install` of the project's devDependencies, as far as the hook is concerned. */
function npmInstall(repo: TestRepo, packageDir = ''): void {
  const dir = join(repo.dir, packageDir)
  installLocally({ ...repo, dir }, { husky: true })
  mkdirSync(join(dir, 'node_modules/precommit-guard'), { recursive: true })
  writeFileSync(
    join(dir, 'node_modules/precommit-guard/package.json'),
    JSON.stringify({ name: 'precommit-guard', version: VERSION }),
  )
  // npm install runs the project's prepare script, which activates husky.
  const prepare = spawnSync('npm', ['run', '--silent', 'prepare'], {
    cwd: dir,
    env: repo.env,
    encoding: 'utf8',
  })
  expect(prepare.status, prepare.stderr).toBe(0)
}

const doctor = (repo: TestRepo, env?: NodeJS.ProcessEnv, cwd?: string) =>
  repo.guard(['doctor'], { env: { ...repo.env, ...env }, ...(cwd ? { cwd } : {}) })

describe('precommit-guard doctor', () => {
  it('husky: inactive in a fresh clone before npm install, active after', () => {
    const origin = createRepo({ files: { 'package.json': '{"name":"app"}\n' }, commit: true })
    installLocally(origin, { husky: true })
    origin.guard(['init'])
    origin.git(['add', 'package.json', '.husky', '.gitignore'])
    origin.git(['commit', '-q', '-m', 'guard'])

    const clone = cloneOf(origin)
    const before = doctor(clone)
    expect(before.code).toBe(1)
    expect(before.stdout.split('\n')).toEqual([
      'precommit-guard is NOT active in this clone: commits here are not checked',
      '  route: none (no pre-commit hook installed in .git/hooks)',
      '  merge commits (git merge): not judged: no pre-merge-commit hook runs the guard',
      '  configuration: defaults (no configuration file)',
      'to activate it, run (from the top of the repository):',
      '  npm install   # husky, set up in package.json',
      '',
    ])
    npmInstall(clone)
    const after = doctor(clone)
    expect(after.code).toBe(0)
    expect(after.stdout.split('\n')).toEqual([
      'precommit-guard is active in this clone',
      '  route: husky (core.hooksPath = .husky/_; .husky/pre-commit runs precommit-guard)',
      `  guard: ${VERSION} (node_modules/.bin/precommit-guard)`,
      '  merge commits (git merge): judged (pre-merge-commit)',
      '  configuration: defaults (no configuration file)',
      '',
    ])
    const off = doctor(clone, { HUSKY: '0' })
    expect(off.code).toBe(1)
    expect(off.stdout).toContain(
      'to activate it, unset HUSKY (or set HUSKY=1) in the environment your commits run in',
    )
  })

  it('husky in frontend/: names the folder to run npm install in, and sees the hook after', () => {
    const origin = createRepo({
      files: { 'frontend/package.json': '{"name":"web"}\n', 'backend/app.py': 'x\n' },
      commit: true,
    })
    origin.guard(['init'], { cwd: join(origin.dir, 'frontend') })
    origin.git(['add', '.'])
    origin.git(['commit', '-q', '-m', 'guard'])
    const clone = cloneOf(origin)
    const before = doctor(clone, undefined, join(clone.dir, 'frontend'))
    expect(before.code).toBe(1)
    expect(before.stdout).toContain(
      '  cd frontend && npm install   # husky, set up in frontend/package.json\n',
    )
    npmInstall(clone, 'frontend')
    const after = doctor(clone)
    expect(after.code).toBe(0)
    expect(after.stdout).toContain(
      '  route: husky (core.hooksPath = frontend/.husky/_; frontend/.husky/pre-commit runs precommit-guard)',
    )
    expect(after.stdout).toContain(
      `  guard: ${VERSION} (frontend/node_modules/.bin/precommit-guard)`,
    )
  })

  it('the pre-commit framework: inactive before pre-commit install, active after', () => {
    const origin = createRepo({
      files: { 'app.py': 'x\n', '.pre-commit-config.yaml': 'repos: []\n' },
      commit: true,
    })
    writeFileSync(
      join(origin.dir, '.pre-commit-config.yaml'),
      'repos:\n  - repo: local\n    hooks:\n      - id: x\n        name: x\n        entry: "true"\n        language: system\n',
    )
    origin.guard(['init'])
    origin.git(['add', '.'])
    origin.git(['commit', '-q', '-m', 'guard'])
    const clone = cloneOf(origin)
    const before = doctor(clone)
    expect(before.code).toBe(1)
    expect(before.stdout).toContain(
      '  pre-commit install --hook-type pre-commit --hook-type pre-merge-commit   # the pre-commit framework, set up in .pre-commit-config.yaml\n',
    )
    const install = spawnSync(
      'pre-commit',
      ['install', '--hook-type', 'pre-commit', '--hook-type', 'pre-merge-commit'],
      { cwd: clone.dir, env: clone.env, encoding: 'utf8' },
    )
    expect(install.status, install.stderr).toBe(0)
    const after = doctor(clone)
    expect(after.code).toBe(0)
    expect(after.stdout.split('\n').slice(0, 4)).toEqual([
      'precommit-guard is active in this clone',
      '  route: the pre-commit framework (.git/hooks; .pre-commit-config.yaml runs precommit-guard)',
      expect.stringMatching(
        /^ {2}guard: \d+\.\d+\.\d+ \(installed by the pre-commit framework\)$/,
      ) as unknown as string,
      '  merge commits (git merge): judged (pre-merge-commit)',
    ])
  })

  it('the plain hook: inactive before core.hooksPath is set, active after with the guard on PATH', () => {
    const origin = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    origin.guard(['init'])
    origin.git(['add', '.'])
    origin.git(['commit', '-q', '--no-verify', '-m', 'guard'])
    const clone = cloneOf(origin)
    const bin = join(dirname(clone.dir), 'global-bin')
    writeGuardScript(join(bin, 'precommit-guard'))
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}` }
    const before = doctor(clone, env)
    expect(before.code).toBe(1)
    expect(before.stdout).toContain(
      '  git config core.hooksPath .githooks   # a plain git hook, set up in .githooks/pre-commit\n',
    )
    clone.git(['config', 'core.hooksPath', '.githooks'])
    const after = doctor(clone, env)
    expect(after.code).toBe(0)
    const version = clone.guard(['--version']).stdout.trim()
    expect(after.stdout.split('\n').slice(0, 4)).toEqual([
      'precommit-guard is active in this clone',
      '  route: a plain git hook (core.hooksPath = .githooks; .githooks/pre-commit runs precommit-guard)',
      `  guard: ${version} (${join(bin, 'precommit-guard')})`,
      '  merge commits (git merge): judged (pre-merge-commit)',
    ])
    // Without a guard the hook can run, it is not active.
    const missing = doctor(clone, { PATH: '/usr/bin:/bin' })
    expect(missing.code).toBe(1)
    expect(missing.stdout).toContain('  guard: not found (not in node_modules/.bin, not on PATH)')
  })

  it('a repository without any set-up says to run init; a broken configuration is inactive', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    const result = doctor(repo)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'this repository has no precommit-guard set-up: run precommit-guard init\n',
    )
    repo.write('.precommit-guard.json', '{"categories": {"nope": "block"}}')
    expect(doctor(repo).stdout).toMatch(/ {2}configuration: error: \.precommit-guard\.json: /)
    expect(repo.guard(['doctor', 'x']).code).toBe(2)
  })
})
