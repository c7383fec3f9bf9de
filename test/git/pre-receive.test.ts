import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeGuardScript } from '../helpers/install.js'
import { printedSteps } from '../helpers/paste.js'
import {
  bareRemote,
  CLI,
  createRepo,
  runInShell,
  type RunResult,
  type TestRepo,
} from '../helpers/repo.js'

/** A bare "server" beside the work repository, with the guard as its pre-receive hook. */
function serverFor(repo: TestRepo, { hook = true } = {}) {
  const bare = bareRemote(repo, 'server.git')
  const installHook = () =>
    writeGuardScript(join(bare, 'hooks', 'pre-receive'), { args: '--pre-receive --no-color' })
  if (hook) installHook()
  const push = (...args: string[]): RunResult => {
    const result = spawnSync('git', ['push', '--porcelain', 'origin', ...args], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
  }
  const serverRef = (ref: string) =>
    spawnSync('git', ['rev-parse', '--verify', '-q', ref], {
      cwd: bare,
      env: repo.env,
      encoding: 'utf8',
    }).stdout.trim()
  return { bare, push, serverRef, installHook }
}

function commit(repo: TestRepo, message: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) repo.write(path, content)
  repo.git(['add', '-A'])
  repo.git(['commit', '-q', '--no-verify', '-m', message])
  return repo.git(['rev-parse', 'HEAD']).trim()
}

describe('--pre-receive against a real push', () => {
  it('rejects a push whose commit adds .env, and accepts a clean one', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)
    const accepted = commit(repo, 'clean', { 'app.py': 'print()\n' })
    expect(server.push('main').code).toBe(0)
    expect(server.serverRef('main')).toBe(accepted)

    const leak = commit(repo, 'config', { '.env': 'SECRET=1\n', 'b.py': '\n' })
    commit(repo, 'later', { 'c.py': '\n' })
    const rejected = server.push('main')
    expect(rejected.code).not.toBe(0)
    // --porcelain prints the per-ref status (`[remote rejected] ... pre-receive hook declined`) on stdout.
    expect(rejected.stdout).toMatch(/pre-receive hook declined/)
    // The pusher sees the finding, its commit and the way out (git prefixes "remote: ").
    expect(rejected.stderr).toMatch(/remote: +\.env \(in [0-9a-f]{12}\)/)
    expect(rejected.stderr).toContain(leak.slice(0, 12))
    expect(rejected.stderr).toMatch(/remote: git rebase -i/)
    expect(server.serverRef('main')).toBe(accepted)
  })

  it('judges a new branch by its commits that the server does not have yet', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)

    // A new branch at commits the server already has: nothing new to judge.
    repo.git(['branch', 'mirror'])
    expect(server.push('mirror').code).toBe(0)

    repo.git(['checkout', '-q', '-b', 'feature'])
    commit(repo, 'feature', { 'f.py': '\n' })
    expect(server.push('feature').code).toBe(0)

    repo.git(['checkout', '-q', '-b', 'leaky'])
    commit(repo, 'venv', { 'venv/bin/python': '#!\n', 'g.py': '\n' })
    const rejected = server.push('leaky')
    expect(rejected.code).not.toBe(0)
    expect(rejected.stderr).toMatch(/remote: +venv\//)
    expect(server.serverRef('leaky')).toBe('')
  })

  it('skips deletions, even of a branch that holds an offender', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo, { hook: false })
    expect(server.push('main').code).toBe(0)
    repo.git(['checkout', '-q', '-b', 'old'])
    commit(repo, 'leak', { '.env': 'K=1\n' })
    expect(server.push('old').code).toBe(0) // before the hook was installed
    server.installHook()
    const deleted = server.push(':old')
    expect(deleted.stderr).not.toMatch(/declined/)
    expect(deleted.code).toBe(0)
    expect(server.serverRef('old')).toBe('')
  })

  it("reads the administrator's configuration from the bare repository, not from the push", () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)
    writeFileSync(
      join(server.bare, '.precommit-guard.json'),
      JSON.stringify({ categories: { upload: 'off' } }),
    )
    // The pushed commit's own configuration would turn env off: it is not used.
    commit(repo, 'data', {
      'export.csv': 'a\n',
      '.precommit-guard.json': JSON.stringify({ categories: { env: 'off' } }),
    })
    expect(server.push('main').code).toBe(0)
    commit(repo, 'leak', { '.env': 'K=1\n' })
    expect(server.push('main').code).not.toBe(0)
  })

  it('refuses malformed hook input with exit 2 and one line', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const { bare } = serverFor(repo)
    const result = spawnSync(process.execPath, [CLI, '--pre-receive'], {
      cwd: bare,
      env: repo.env,
      input: 'not a ref update\n',
      encoding: 'utf8',
    })
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^precommit-guard: --pre-receive/)
  })

  it('reads several ref lines at once and reports JSON for the pushed commits', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const { bare } = serverFor(repo, { hook: false })
    const base = repo.git(['rev-parse', 'HEAD']).trim()
    const leak = commit(repo, 'leak', { 'export.csv': 'a\n' })
    repo.git(['push', '-q', 'origin', `${base}:refs/heads/main`, `${leak}:refs/heads/topic`])
    const zero = '0'.repeat(40)
    const result = spawnSync(process.execPath, [CLI, '--pre-receive', '--format', 'json'], {
      cwd: bare,
      env: repo.env,
      // An update of main that brings the leak, a deletion, and a tag on a known commit.
      input: `${base} ${leak} refs/heads/main\n${leak} ${zero} refs/heads/topic\n${zero} ${base} refs/tags/v1\n`,
      encoding: 'utf8',
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(1)
    const report = JSON.parse(result.stdout) as {
      mode: string
      findings: { path: string; commits: string[] }[]
    }
    expect(report.mode).toBe('pre-receive')
    expect(report.findings.map((f) => [f.path, f.commits])).toEqual([['export.csv', [leak]]])
  })
})

describe('--pre-receive refusing a commit that holds only offenders', () => {
  /** The rewrite block as the pusher reads it (git prefixes "remote: "), prose left out. */
  const stepsOf = (stderr: string) =>
    printedSteps(
      stderr
        .split('\n')
        .map((line) => line.replace(/^remote: ?/, '').trimEnd())
        .join('\n'),
      /^They came in with/,
    ).filter((line) => line.startsWith('git '))

  it.each([
    ['at the tip', 0],
    ['three commits back', 3],
  ])('%s: the printed steps run to the end, and the push then goes through', (_name, later) => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)
    const base = repo.git(['rev-parse', 'HEAD']).trim()
    const leak = commit(repo, 'oops', { '.env': 'SECRET=1\n' })
    for (let n = 1; n <= later; n++) commit(repo, `later ${n}`, { [`m${n}.py`]: `${n}\n` })
    const rejected = server.push('main')
    expect(rejected.code).not.toBe(0)
    // It never reached the server: no rotation, no purge, no force-push.
    expect(rejected.stderr).toContain('these commits never reached the server')
    expect(rejected.stderr).not.toMatch(/rotate|filter-repo|force-with-lease/i)
    const steps = stepsOf(rejected.stderr)
    expect(steps.length).toBeGreaterThan(1)
    const edit = `-e '/^pick ${leak.slice(0, 7)}/s/^pick/edit/'`
    const before = repo.snapshot()
    const ran = runInShell(repo, [`export GIT_SEQUENCE_EDITOR="sed -i ${edit}"`, ...steps])
    expect(ran.stderr).not.toMatch(/error|fatal|empty/)
    expect(ran.code).toBe(0)
    expect(repo.snapshot()).toEqual(before)
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('?? .env\n')
    expect(repo.guard(['--range', `${base}..HEAD`]).code).toBe(0)
    expect(server.push('main').code).toBe(0)
    expect(server.serverRef('main')).toBe(repo.git(['rev-parse', 'HEAD']).trim())
  })
})
