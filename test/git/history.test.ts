import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
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
    commits: {
      commit: string
      date: string
      subject: string
      pushed: boolean
      shallowEdge?: true
    }[]
  }[]
  recovery: { untrack: string[]; filterRepo: string | null; purge: string[]; bfg: string[] }
}

function commit(repo: TestRepo, message: string, files: Record<string, string> = {}): string {
  for (const [path, content] of Object.entries(files)) repo.write(path, content)
  if (Object.keys(files).length > 0) repo.git(['add', '-f', '--', ...Object.keys(files)])
  repo.git(['commit', '-q', '--allow-empty', '-m', message])
  return repo.git(['rev-parse', 'HEAD']).trim()
}

/** The command lines printed under the step heading that starts with `heading`. */
function stepOf(text: string, heading: string): string[] {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.startsWith(heading))
  if (start === -1) return []
  const end = lines.indexOf('', start)
  return lines.slice(start + 1, end === -1 ? undefined : end)
}

/** The lines pasted into a shell as they are, stopping at the first that fails. */
function pasteInto(shell: string, lines: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(shell, ['-c', `set -e\n${lines.join('\n')}`], {
    cwd,
    env,
    encoding: 'utf8',
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
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
    expect(text.stdout).toContain(
      '\ngit filter-repo --force --partial --invert-paths --path .env\n',
    )
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
    const snapshot = repo.snapshot()
    const untrack = runInShell(repo, report.recovery.untrack, join(repo.dir, 'sub'))
    expect(untrack.code).toBe(0)
    // Untracked and committed; the files stay on disk as they were.
    expect(repo.git(['ls-files', '--', 'deploy', 'tls'])).toBe('tls/cert.pem\n')
    expect(repo.git(['show', '--name-status', '--format=%s', 'HEAD']).split('\n')).toEqual([
      'Stop tracking secret files',
      '',
      'D\tdeploy/id_ed25519',
      'D\ttls/server.key',
      '',
    ])
    expect(repo.snapshot()).toEqual(snapshot)
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
      `git filter-repo --force --partial --invert-paths --path 'it'\\''s $(touch pwned)/.env'`,
    )
  })

  it.skipIf(!hasFilterRepo).each(['sh', 'bash', 'zsh'])(
    'the printed untrack and purge steps, pasted into %s from a subdirectory, clear every ref of the remote',
    (shell) => {
      const repo = createRepo()
      const remote = bareRemote(repo)
      // The server keeps what it receives as loose objects, as after many small pushes.
      spawnSync('git', ['config', 'receive.unpackLimit', '100000'], { cwd: remote, env: repo.env })
      const many = Object.fromEntries(
        Array.from({ length: 120 }, (_, i) => [`src/m${i}.py`, `x = ${i}\n`]),
      )
      commit(repo, 'initial', { 'app.py': 'print(1)\n', ...many })
      commit(repo, 'oops', { '.env': 'OPENAI_API_KEY=sk-live\n', 'config dir/.env': 'A=1\n' })
      repo.git(['tag', '-a', '-m', 'release', 'v1'])
      repo.git(['tag', 'light'])
      repo.git(['switch', '-q', '-c', 'feature'])
      commit(repo, 'feature work', { 'feature.py': 'x = 1\n' })
      repo.git(['push', '-q', 'origin', 'main', 'feature', 'v1', 'light'])
      // A branch only the remote has (someone else's): the purge must reach it too.
      repo.git(['push', '-q', 'origin', 'main:refs/heads/teammate'])
      repo.git(['switch', '-q', 'main'])
      const envBytes = repo.snapshot().get('.env')

      const text = repo.guard(['history'])
      expect(text.code).toBe(1)
      const steps = [...stepOf(text.stdout, '2. Stop tracking'), ...stepOf(text.stdout, '3. Purge')]
      expect(stepOf(text.stdout, '3. Purge')).toEqual([
        'cd "$(git rev-parse --show-toplevel)"',
        'purge=$(mktemp -d)',
        'git clone --mirror --no-local -- "$(git remote get-url -- origin)" "$purge"',
        'cd "$purge"',
        'url=$(git remote get-url origin)',
        "git filter-repo --replace-refs update-no-add --invert-paths --path .env --path 'config dir/.env'",
        'git push --force --mirror -- "$url"',
        'cd -',
      ])
      mkdirSync(join(repo.dir, 'sub'))
      const pasted = pasteInto(shell, steps, join(repo.dir, 'sub'), repo.env)
      expect(pasted.stderr).not.toMatch(/error|fatal|Aborting/i)
      expect(pasted.code).toBe(0)

      // No ref of the remote holds either file, in any commit; every ref is still there.
      const onServer = (args: string[]) =>
        spawnSync('git', args, { cwd: remote, env: repo.env, encoding: 'utf8' }).stdout
      expect(onServer(['for-each-ref', '--format=%(refname)']).split('\n').filter(Boolean)).toEqual(
        [
          'refs/heads/feature',
          'refs/heads/main',
          'refs/heads/teammate',
          'refs/tags/light',
          'refs/tags/v1',
        ],
      )
      const everPaths = onServer(['log', '--all', '--name-only', '--format=']).split('\n')
      expect([...new Set(everPaths.filter(Boolean))].sort()).toEqual(
        ['app.py', 'feature.py', ...Object.keys(many)].sort(),
      )
      // history on the server itself, and in a fresh clone of it, prints nothing.
      expect(repo.guard(['history'], { cwd: remote })).toEqual({ code: 0, stdout: '', stderr: '' })
      const fresh = join(repo.dir, '..', 'fresh')
      repo.git(['clone', '-q', remote, fresh])
      expect(repo.guard(['history'], { cwd: fresh })).toEqual({ code: 0, stdout: '', stderr: '' })
      // Nothing lost where the user stands: the .env is untracked, its bytes unchanged.
      expect(repo.snapshot().get('.env')).toBe(envBytes)
      expect(repo.git(['ls-files', '--', '.env'])).toBe('')
    },
  )

  it.skipIf(!hasFilterRepo)(
    'a leak never pushed is purged in place as printed, keeping the remote and the working tree',
    () => {
      const repo = createRepo()
      const remote = bareRemote(repo)
      commit(repo, 'initial', { 'app.py': 'print(1)\n' })
      repo.git(['push', '-q', 'origin', 'main'])
      commit(repo, 'oops', { '-prod.env': 'DB_PASSWORD=hunter2\n', 'notes.md': 'hi\n' })
      commit(repo, 'more', { 'app.py': 'print(2)\n' })
      const before = repo.snapshot()

      const text = repo.guard(['history'])
      expect(text.stdout).toContain('  -prod.env (env, not pushed, still tracked)\n')
      const purge = stepOf(text.stdout, '3. Purge')
      expect(purge).toEqual([
        'cd "$(git rev-parse --show-toplevel)"',
        'git filter-repo --force --partial --invert-paths --path=-prod.env',
        'git reflog expire --expire=now --all',
        'git gc --prune=now',
      ])
      const pasted = runInShell(repo, [...stepOf(text.stdout, '2. Stop tracking'), ...purge])
      expect(pasted.code).toBe(0)
      expect(repo.guard(['history'])).toEqual({ code: 0, stdout: '', stderr: '' })
      const everPaths = repo.git(['log', '--all', '--name-only', '--format=']).split('\n')
      expect([...new Set(everPaths.filter(Boolean))].sort()).toEqual(['app.py', 'notes.md'])
      // The old objects are gone, the remote and its refs are kept, no file changed on disk.
      expect(repo.git(['remote', 'get-url', 'origin']).trim()).toBe(remote)
      expect(repo.git(['rev-parse', 'origin/main'])).toBe(
        spawnSync('git', ['rev-parse', 'main'], { cwd: remote, env: repo.env, encoding: 'utf8' })
          .stdout,
      )
      expect(repo.snapshot()).toEqual(before)
    },
  )

  it.skipIf(!hasFilterRepo)('purges a leaked -prod.env in zsh too (the --path= form)', () => {
    const repo = createRepo()
    commit(repo, 'oops', { 'deploy/-prod.env': 'A=1\n', '-prod.env': 'B=2\n', 'ok.txt': 'x\n' })
    repo.git(['rm', '-q', '--cached', '--', 'deploy/-prod.env', '-prod.env'])
    commit(repo, 'untrack')
    const text = repo.guard(['history'])
    const purge = stepOf(text.stdout, '2. Purge')
    expect(purge[1]).toBe(
      'git filter-repo --force --partial --invert-paths --path=-prod.env --path deploy/-prod.env',
    )
    expect(pasteInto('zsh', purge, repo.dir, repo.env).code).toBe(0)
    expect(repo.git(['log', '--all', '--name-only', '--format=']).trim()).toBe('ok.txt')
  })

  it('reads a commit message that is not UTF-8, escaping it, and still refuses such a file name', () => {
    const repo = createRepo()
    commit(repo, 'env', { '.env': 'A=1\n' })
    // git commit re-encodes a Latin-1 message; an older tool or an import stores the bytes.
    const raw = repo.git(['cat-file', 'commit', 'HEAD']).replace(/\n\nenv\n$/, '\n\n')
    const object = Buffer.concat([Buffer.from(raw), Buffer.from('caf\xe9 settings\n', 'latin1')])
    const id = spawnSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {
      cwd: repo.dir,
      env: repo.env,
      input: object,
      encoding: 'utf8',
    }).stdout.trim()
    repo.git(['update-ref', 'refs/heads/main', id])
    const { result, report } = historyJson(repo)
    expect(result.code).toBe(1)
    expect(report.leaks[0]!.commits[0]!.subject).toBe('caf\\xe9 settings')
    expect(repo.guard(['history']).stdout).toContain(': caf\\xe9 settings\n')

    const named = createRepo()
    const latin = Buffer.from('caf\xe9.env', 'latin1')
    writeFileSync(Buffer.concat([Buffer.from(`${named.dir}/`), latin]), 'A=1\n')
    named.git(['add', '-A'])
    named.git(['commit', '-q', '-m', 'latin-1 name'])
    const refused = named.guard(['history'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^precommit-guard: a file name is not valid UTF-8/)
  })

  it('in a shallow clone, says what was not searched and marks the edge commit', () => {
    const repo = createRepo()
    commit(repo, 'early secret', { 'old/.env': 'A=1\n' })
    repo.git(['rm', '-q', '--cached', 'old/.env'])
    commit(repo, 'untrack')
    commit(repo, 'keys', { 'deploy/.env': 'B=2\n' })
    commit(repo, 'tip', { 'app.py': 'print(1)\n' })
    const shallow = join(repo.dir, '..', 'shallow')
    repo.git(['clone', '-q', '--depth', '2', `file://${repo.dir}`, shallow])
    const edge = spawnSync('git', ['rev-parse', 'HEAD~1'], {
      cwd: shallow,
      env: repo.env,
      encoding: 'utf8',
    }).stdout.trim()
    const json = JSON.parse(
      repo.guard(['history', '--format', 'json'], { cwd: shallow }).stdout,
    ) as HistoryJson & {
      shallowEdges: string[]
    }
    expect(json.shallowEdges).toEqual([edge])
    // old/.env lies before the edge: not found; deploy/.env is seen at the edge, marked so.
    expect(json.leaks.map((leak) => [leak.path, leak.commits])).toEqual([
      ['deploy/.env', [expect.objectContaining({ commit: edge, shallowEdge: true })]],
    ])
    const text = repo.guard(['history'], { cwd: shallow })
    expect(text.code).toBe(1)
    expect(text.stdout).toContain(`${edge.slice(0, 12)}) was not fetched, so it was not searched.`)
    expect(text.stdout).toContain(', shallow edge: keys\n')
    // Clean but shallow: the note alone, exit 0.
    const clean = createRepo()
    commit(clean, 'a', { 'a.txt': '1\n' })
    commit(clean, 'b', { 'b.txt': '2\n' })
    const cut = join(clean.dir, '..', 'cut')
    clean.git(['clone', '-q', '--depth', '1', `file://${clean.dir}`, cut])
    const note = clean.guard(['history'], { cwd: cut })
    expect(note.code).toBe(0)
    expect(note.stdout).toMatch(/^! This is a shallow clone: history before its 1 edge commit/)
  })

  it('purges only the remotes that hold a leaked commit', () => {
    const repo = createRepo()
    bareRemote(repo)
    const backup = join(repo.dir, '..', 'backup.git')
    repo.git(['init', '-q', '--bare', backup])
    repo.git(['remote', 'add', 'backup', backup])
    commit(repo, 'initial', { 'app.py': 'print(1)\n' })
    repo.git(['push', '-q', 'origin', 'main'])
    commit(repo, 'oops', { '.env': 'A=1\n' })
    repo.git(['push', '-q', 'backup', 'main'])
    const { report } = historyJson(repo)
    expect(report.leaks.map((leak) => leak.pushed)).toEqual([true])
    expect((report as HistoryJson & { remotes: string[] }).remotes).toEqual(['backup'])
    expect(report.recovery.purge.filter((line) => line.includes('get-url --'))).toEqual([
      'git clone --mirror --no-local -- "$(git remote get-url -- backup)" "$purge"',
    ])
  })

  it('reads a bare repository (a server), with nothing to untrack', () => {
    const repo = createRepo()
    const remote = bareRemote(repo)
    const leaked = commit(repo, 'oops', { '.env': 'A=1\n' })
    repo.git(['push', '-q', 'origin', 'main'])
    const result = repo.guard(['history', '--format', 'json'], { cwd: remote })
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as HistoryJson & { bare: boolean }
    expect(report.bare).toBe(true)
    expect(report.leaks.map((leak) => [leak.path, leak.commits[0]!.commit, leak.tracked])).toEqual([
      ['.env', leaked, false],
    ])
    expect(report.recovery.untrack).toEqual([])
    const text = repo.guard(['history'], { cwd: remote })
    expect(text.stdout).toContain('  .env (env, not pushed)\n')
    expect(text.stdout).not.toContain('show-toplevel')
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
