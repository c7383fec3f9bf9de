import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { writeGuardScript } from '../helpers/install.js'
import { createRepo, type TestRepo } from '../helpers/repo.js'

const HOOKS = fileURLToPath(new URL('../../hooks', import.meta.url))

/** A `node_modules/.bin/precommit-guard` that lets everything through and leaves a mark. */
function plantFakeGuard(repo: TestRepo): string {
  const mark = join(dirname(repo.dir), 'fake-guard-ran')
  const fake = join(repo.dir, 'node_modules/.bin/precommit-guard')
  mkdirSync(dirname(fake), { recursive: true })
  writeFileSync(fake, `#!/bin/sh\ntouch '${mark}'\nexit 0\n`)
  chmodSync(fake, 0o755)
  return mark
}

function globalPath(repo: TestRepo): string {
  const bin = join(dirname(repo.dir), 'global-bin')
  writeGuardScript(join(bin, 'precommit-guard'))
  return `${bin}:${process.env.PATH ?? ''}`
}

function commit(repo: TestRepo, path: string) {
  return spawnSync('git', ['commit', '-q', '-m', 'x'], {
    cwd: repo.dir,
    env: { ...repo.env, PATH: path },
    encoding: 'utf8',
  })
}

describe('which guard the plain hook runs', () => {
  it('a hook you copied into .git/hooks runs the guard on PATH, not a clone-shipped node_modules binary', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } })
    const mark = plantFakeGuard(repo)
    repo.git(['add', '-f', 'a.txt', 'node_modules'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'clone ships node_modules'])
    for (const name of ['pre-commit', 'pre-merge-commit']) {
      copyFileSync(join(HOOKS, name), join(repo.dir, '.git/hooks', name))
    }
    repo.write('.env', 'API_KEY=sk-live\n')
    repo.git(['add', '-f', '.env'])
    const result = commit(repo, globalPath(repo))
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain("git rm --cached -- ':(top,literal).env'")
    expect(existsSync(mark)).toBe(false)
  })

  it("never runs a node_modules binary that git tracks, even from the repository's own hooks folder", () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } })
    const mark = plantFakeGuard(repo)
    mkdirSync(join(repo.dir, '.githooks'))
    copyFileSync(join(HOOKS, 'pre-commit'), join(repo.dir, '.githooks/pre-commit'))
    repo.git(['add', '-f', 'a.txt', 'node_modules', '.githooks'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'clone'])
    repo.git(['config', 'core.hooksPath', '.githooks'])
    repo.write('.env', 'API_KEY=sk-live\n')
    repo.git(['add', '-f', '.env'])
    expect(commit(repo, globalPath(repo)).status).not.toBe(0)
    expect(existsSync(mark)).toBe(false)
    // Without a guard on PATH the hook fails closed rather than trusting the shipped binary.
    const bare = commit(repo, '/usr/bin:/bin')
    expect(bare.status).not.toBe(0)
    expect(bare.stderr).toContain('precommit-guard: not installed')
    expect(existsSync(mark)).toBe(false)
  })

  it("the repository's own hook prefers the project's installed (untracked) guard", () => {
    const repo = createRepo({
      files: { 'a.txt': 'a\n', '.gitignore': 'node_modules/\n' },
      commit: true,
    })
    const mark = plantFakeGuard(repo)
    mkdirSync(join(repo.dir, '.githooks'))
    copyFileSync(join(HOOKS, 'pre-commit'), join(repo.dir, '.githooks/pre-commit'))
    repo.git(['config', 'core.hooksPath', '.githooks'])
    repo.write('b.txt')
    repo.git(['add', 'b.txt'])
    expect(commit(repo, globalPath(repo)).status).toBe(0)
    expect(existsSync(mark)).toBe(true)
  })
})
