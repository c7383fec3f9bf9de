import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../helpers/random.js'
import {
  bareRemote,
  createRepo,
  outsideAnyRepo,
  runInShell,
  type TestRepo,
} from '../helpers/repo.js'

/** A failure replays with the seed it prints. */
const rng = seededRandom('git/history')
const PRIVATE_KEY = rng.ed25519Pem()
const CERTIFICATE = rng.certificatePem()

// .ci/run installs it: in CI a missing tool fails the test instead of skipping it silently.
const hasFilterRepo =
  spawnSync('git', ['filter-repo', '--version'], { encoding: 'utf8' }).status === 0 ||
  process.env.CI === 'true'
if (!hasFilterRepo) console.warn('git filter-repo is not installed: skipping the purge test')

interface HistoryJson {
  leaks: {
    path: string
    category: string
    pushed: boolean
    tracked: boolean
    commits: { commit: string; date: string; subject: string; pushed: boolean }[]
  }[]
  recovery: { untrack: string[]; filterRepo: string | null; bfg: string[] }
}

function commit(repo: TestRepo, message: string, files: Record<string, string> = {}): string {
  for (const [path, content] of Object.entries(files)) repo.write(path, content)
  if (Object.keys(files).length > 0) repo.git(['add', '-f', '--', ...Object.keys(files)])
  repo.git(['commit', '-q', '--allow-empty', '-m', message])
  return repo.git(['rev-parse', 'HEAD']).trim()
}

function historyJson(repo: TestRepo) {
  const result = repo.guard(['history', '--format', 'json'])
  return { result, report: JSON.parse(result.stdout) as HistoryJson }
}

describe('precommit-guard history', () => {
  it('reports a .env that a merge commit itself added (read with -c)', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const main = repo.git(['rev-parse', '--abbrev-ref', 'HEAD']).trim()
    repo.git(['checkout', '-q', '-b', 'side'])
    commit(repo, 'side work', { 'side.py': 'x = 1\n' })
    repo.git(['checkout', '-q', main])
    commit(repo, 'main work', { 'main.py': 'y = 2\n' })
    repo.git(['merge', '-q', '--no-commit', '--no-ff', 'side'])
    repo.write('.env', 'KEY=1\n')
    repo.git(['add', '-f', '.env'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'merge side'])
    const merge = repo.git(['rev-parse', 'HEAD']).trim()
    const { result, report } = historyJson(repo)
    expect(result.code).toBe(1)
    expect(report.leaks.map((leak) => [leak.path, leak.commits.map((c) => c.commit)])).toEqual([
      ['.env', [merge]],
    ])
  })

  it('prints nothing and exits 0 on a clean history', () => {
    const repo = createRepo()
    commit(repo, 'initial', { 'app.py': 'print(1)\n', '.env.example': 'KEY=\n' })
    commit(repo, 'certificate', { 'tls/cert.pem': CERTIFICATE, '.npmrc': 'loglevel=silent\n' })
    expect(repo.guard(['history'])).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(historyJson(repo).report.leaks).toEqual([])
  })

  it('prints nothing and exits 0 on a repository without commits', () => {
    const repo = createRepo()
    expect(repo.guard(['history'])).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('reports a .env committed three commits ago and deleted since, with the purge command', () => {
    const repo = createRepo()
    commit(repo, 'initial', { 'app.py': 'print(1)\n' })
    const leaked = commit(repo, 'add settings', { '.env': 'OPENAI_API_KEY=sk-live\n' })
    repo.git(['rm', '-q', '--cached', '.env'])
    commit(repo, 'stop tracking .env')
    commit(repo, 'more work', { 'app.py': 'print(2)\n' })
    const refsBefore = repo.git(['for-each-ref'])
    const filesBefore = repo.snapshot()

    const text = repo.guard(['history'])
    expect(text.code).toBe(1)
    expect(text.stdout).toContain('\ngit filter-repo --invert-paths --path .env\n')
    expect(text.stdout).toContain('\njava -jar bfg.jar --delete-files .env\n')
    expect(text.stdout.indexOf('Rotate first')).toBeLessThan(text.stdout.indexOf('Purge'))
    const { report } = historyJson(repo)
    const today = repo.git(['log', '-1', '--format=%cs', leaked]).trim()
    expect(report.leaks).toEqual([
      {
        path: '.env',
        category: 'env',
        pushed: false,
        tracked: false,
        commits: [{ commit: leaked, date: today, subject: 'add settings', pushed: false }],
      },
    ])
    // It only reads: refs and working tree are as they were.
    expect(repo.git(['for-each-ref'])).toBe(refsBefore)
    expect(repo.snapshot()).toEqual(filesBefore)
  })

  it('tells pushed commits from local ones, and still-tracked files from deleted ones', () => {
    const repo = createRepo()
    bareRemote(repo)
    const pushed = commit(repo, 'deploy key', { 'deploy/id_ed25519': PRIVATE_KEY })
    repo.git(['push', '-q', 'origin', 'main'])
    repo.git(['switch', '-q', '-c', 'local-only'])
    const local = commit(repo, 'tls', {
      'tls/server.key': PRIVATE_KEY,
      'tls/cert.pem': CERTIFICATE,
    })

    const { result, report } = historyJson(repo)
    expect(result.code).toBe(1)
    expect(report.leaks.map(({ path, pushed, tracked }) => ({ path, pushed, tracked }))).toEqual([
      { path: 'deploy/id_ed25519', pushed: true, tracked: true },
      { path: 'tls/server.key', pushed: false, tracked: true },
    ])
    expect(report.leaks[0]!.commits[0]!.commit).toBe(pushed)
    expect(report.leaks[1]!.commits[0]!.commit).toBe(local)
    // Still tracked: untrack first (from any directory).
    mkdirSync(join(repo.dir, 'sub'))
    const untrack = runInShell(repo, report.recovery.untrack, join(repo.dir, 'sub'))
    expect(untrack.code).toBe(0)
    expect(
      repo.git(['diff', '--cached', '--name-only']).split('\n').filter(Boolean).sort(),
    ).toEqual(['deploy/id_ed25519', 'tls/server.key'])
  })

  it('sees the root commit even when log.showRoot is false', () => {
    const repo = createRepo()
    repo.git(['config', 'log.showRoot', 'false'])
    commit(repo, 'root', { '.env': 'A=1\n' })
    expect(historyJson(repo).report.leaks.map((leak) => leak.path)).toEqual(['.env'])
  })

  it('honours the configuration (a category turned off is not reported)', () => {
    const repo = createRepo()
    commit(repo, 'key', { id_rsa: PRIVATE_KEY })
    repo.write('.precommit-guard.json', JSON.stringify({ categories: { credential: 'off' } }))
    expect(repo.guard(['history'])).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('quotes hostile names in every printed command', () => {
    const repo = createRepo()
    commit(repo, 'oops', { "it's $(touch pwned)/.env": 'A=1\n' })
    repo.git(['rm', '-q', '-r', '--cached', '.'])
    commit(repo, 'clean')
    const text = repo.guard(['history'])
    expect(text.stdout).toContain(
      `git filter-repo --invert-paths --path 'it'\\''s $(touch pwned)/.env'`,
    )
  })

  it.skipIf(!hasFilterRepo)('the printed purge command removes the file from a fresh clone', () => {
    const repo = createRepo()
    commit(repo, 'initial', { 'app.py': 'print(1)\n' })
    commit(repo, 'oops', { 'config dir/.env': 'A=1\n', id_rsa: PRIVATE_KEY })
    repo.git(['rm', '-q', '--cached', 'config dir/.env', 'id_rsa'])
    commit(repo, 'untrack')
    const { report } = historyJson(repo)
    const clone = join(repo.dir, '..', 'clone')
    repo.git(['clone', '-q', '--no-local', repo.dir, clone])
    const purge = runInShell(repo, [report.recovery.filterRepo!], clone)
    expect(purge.code).toBe(0)
    const after = spawnSync('git', ['log', '--all', '--name-only', '--format='], {
      cwd: clone,
      env: repo.env,
      encoding: 'utf8',
    })
    expect(after.stdout.split('\n').filter(Boolean).sort()).toEqual(['app.py'])
    expect(repo.guard(['history'], { cwd: clone })).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('is a usage error with --fix, and exits 2 outside a repository', () => {
    const repo = createRepo()
    const fix = repo.guard(['history', '--fix'])
    expect(fix.code).toBe(2)
    expect(fix.stderr).toMatch(/^precommit-guard: history only reads/)
    const outside = repo.guard(['history'], outsideAnyRepo(repo))
    expect(outside.code).toBe(2)
    expect(outside.stderr).toMatch(/not inside a git repository/)
  })
})
