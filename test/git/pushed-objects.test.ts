import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeGuardScript } from '../helpers/install.js'
import { bareRemote, CLI, createRepo, type RunResult, type TestRepo } from '../helpers/repo.js'

/** A bare "server" beside the work repository, with the guard as its pre-receive hook. */
function serverFor(repo: TestRepo) {
  const bare = bareRemote(repo, 'server.git')
  writeGuardScript(join(bare, 'hooks', 'pre-receive'), { args: '--pre-receive --no-color' })
  const push = (...args: string[]): RunResult => {
    const result = spawnSync('git', ['push', '--porcelain', 'origin', ...args], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
  }
  const serverGit = (args: string[]) =>
    spawnSync('git', args, { cwd: bare, env: repo.env, encoding: 'utf8' })
  const serverRef = (ref: string) => serverGit(['rev-parse', '--verify', '-q', ref]).stdout.trim()
  return { bare, push, serverRef, serverGit }
}

function commit(repo: TestRepo, message: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) repo.write(path, content)
  repo.git(['add', '-A'])
  repo.git(['commit', '-q', '--no-verify', '-m', message])
  return repo.git(['rev-parse', 'HEAD']).trim()
}

function findingPaths(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: { path: string }[] }).findings.map((f) => f.path)
}

describe('--pre-receive judges every object a push makes readable', () => {
  it('is not fooled by a replace ref that stands an innocent commit in for the leak', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)
    const base = repo.git(['rev-parse', 'HEAD']).trim()
    const leak = commit(repo, 'config', { '.env': 'SECRET=1\n', 'app.py': '\n' })
    // An innocent commit on the same parent, pushed first as the replacement of the leak.
    repo.git(['checkout', '-q', '-b', 'decoy', base])
    const innocent = commit(repo, 'config', { 'app.py': '\n' })
    repo.git(['checkout', '-q', 'main'])
    expect(server.push(`${innocent}:refs/replace/${leak}`).code).toBe(0)
    expect(server.serverRef(`refs/replace/${leak}`)).toBe(innocent)

    const rejected = server.push('main')
    expect(rejected.stdout).toMatch(/pre-receive hook declined/)
    expect(rejected.stderr).toMatch(/remote: +\.env \(in [0-9a-f]{12}\)/)
    expect(rejected.stderr).toContain(leak.slice(0, 12))
    expect(server.serverRef('main')).toBe(base)
  })

  it('judges a push of a replace ref itself by the commit it points at', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)
    const base = repo.git(['rev-parse', 'HEAD']).trim()
    repo.git(['checkout', '-q', '-b', 'side'])
    const leak = commit(repo, 'swap', { '.env': 'SECRET=1\n' })
    const rejected = server.push(`${leak}:refs/replace/${base}`)
    expect(rejected.stdout).toMatch(/pre-receive hook declined/)
    expect(rejected.stderr).toMatch(/remote: +\.env/)
    expect(server.serverRef(`refs/replace/${base}`)).toBe('')
  })

  it('--range ignores grafts and replace refs of the checkout', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const base = repo.git(['rev-parse', 'HEAD']).trim()
    const leak = commit(repo, 'config', { '.env': 'SECRET=1\n' })
    commit(repo, 'more', { 'b.py': '\n' })
    // A graft that makes the base descend from the leak: `base..HEAD` would exclude it.
    mkdirSync(join(repo.dir, '.git', 'info'), { recursive: true })
    writeFileSync(join(repo.dir, '.git', 'info', 'grafts'), `${base} ${leak}\n`)
    expect(
      repo
        .git(['log', '--format=%H', `${base}..HEAD`])
        .trim()
        .split('\n'),
    ).toHaveLength(1)
    const grafted = repo.guard(['--range', `${base}..HEAD`, '--format', 'json'])
    expect(grafted.code).toBe(1)
    expect(findingPaths(grafted.stdout)).toEqual(['.env'])
    rmSync(join(repo.dir, '.git', 'info', 'grafts'))
    // The same through a replace ref: the base replaced by a commit whose parent is the leak.
    const fake = repo.git(['commit-tree', `${base}^{tree}`, '-p', leak, '-m', 'initial']).trim()
    repo.git(['replace', base, fake])
    const replaced = repo.guard(['--range', `${base}..HEAD`, '--format', 'json'])
    expect(replaced.code).toBe(1)
    expect(findingPaths(replaced.stdout)).toEqual(['.env'])
  })

  it('refuses a ref to a tree that holds .env, also through an annotated tag', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)
    repo.write('.env', 'SECRET=1\n')
    repo.git(['add', '-A'])
    const tree = repo.git(['write-tree']).trim()
    repo.git(['reset', '-q'])

    const rejected = server.push(`${tree}:refs/tags/snapshot`)
    expect(rejected.stdout).toMatch(/pre-receive hook declined/)
    expect(rejected.stderr).toContain(
      `remote: ✖ blocked refs/tags/snapshot: names a tree (${tree.slice(0, 12)}), not a commit, and the tree holds`,
    )
    expect(rejected.stderr).toMatch(/remote: +\.env \(env\)/)
    expect(server.serverRef('refs/tags/snapshot')).toBe('')

    repo.git(['tag', '-a', '-m', 'snap', 'wrapped', tree])
    expect(server.push('refs/tags/wrapped').stdout).toMatch(/pre-receive hook declined/)
    expect(server.serverRef('refs/tags/wrapped')).toBe('')

    // A tree without offenders is accepted.
    const clean = repo.git(['rev-parse', 'HEAD^{tree}']).trim()
    expect(server.push(`${clean}:refs/tags/clean-tree`).code).toBe(0)
    expect(server.serverRef('refs/tags/clean-tree')).toBe(clean)
  })

  it('refuses a ref to a blob: it has no file name to judge', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)
    const blob = repo.git(['hash-object', '-w', '--stdin'], { input: 'SECRET=1\n' }).trim()
    const rejected = server.push(`${blob}:refs/tags/key`)
    expect(rejected.stdout).toMatch(/pre-receive hook declined/)
    expect(rejected.stderr).toContain(
      `remote: ✖ blocked refs/tags/key: names a blob (${blob.slice(0, 12)}), not a commit: a blob has no file name to judge, so it is refused`,
    )
    expect(server.serverRef('refs/tags/key')).toBe('')
    // JSON carries the refused ref.
    const zero = '0'.repeat(40)
    const json = spawnSync(process.execPath, [CLI, '--pre-receive', '--format', 'json'], {
      cwd: repo.dir,
      env: repo.env,
      input: `${zero} ${blob} refs/tags/key\n`,
      encoding: 'utf8',
    })
    expect(json.status).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      blocked: true,
      objectRefs: [{ ref: 'refs/tags/key', kind: 'blob', oid: blob, paths: [], blocked: true }],
    })
  })

  it('judges a push of 2,000 tags with a bounded number of git processes', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main').code).toBe(0)
    const clean = commit(repo, 'clean', { 'a.py': '\n' })
    const refs = Array.from({ length: 2000 }, (_, i) => `create refs/tags/v${i} ${clean}\n`)
    repo.git(['update-ref', '--stdin'], { input: refs.join('') })
    const started = Date.now()
    const accepted = server.push('--tags', 'main')
    expect(accepted.code).toBe(0)
    expect(server.serverRef('refs/tags/v1999')).toBe(clean)
    console.log(`2,000 clean tags: ${Date.now() - started} ms`)

    // One of 2,000 new tags points at a commit that adds .env: the whole push is refused.
    const leak = commit(repo, 'leak', { '.env': 'K=1\n' })
    repo.git(['reset', '-q', '--hard', clean])
    const more = Array.from(
      { length: 2000 },
      (_, i) => `create refs/tags/w${i} ${i === 1234 ? leak : clean}\n`,
    )
    repo.git(['update-ref', '--stdin'], { input: more.join('') })
    const rejected = server.push('--tags')
    expect(rejected.stdout).toMatch(/pre-receive hook declined/)
    expect(rejected.stderr).toMatch(/remote: +\.env \(in [0-9a-f]{12}\)/)
    expect(rejected.stderr).not.toMatch(/EAGAIN|spawn/)
    expect(server.serverRef('refs/tags/w1234')).toBe('')
    expect(server.serverRef('refs/tags/w0')).toBe('')
  })

  it('orders the commits of several pushed refs newest first: the rebase starts before the oldest', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const server = serverFor(repo)
    expect(server.push('main', 'main:refs/heads/topic').code).toBe(0)
    const first = commit(repo, 'config', { '.env': 'K=1\n' })
    commit(repo, 'work', { 'a.py': '\n' })
    repo.git(['checkout', '-q', '-b', 'topic'])
    const second = commit(repo, 'bytecode', { 'app/m.pyc': 'x' })
    commit(repo, 'more', { 'b.py': '\n' })
    // One push, two updates: main's, and topic's on top of it.
    const rejected = server.push('main', 'topic')
    expect(rejected.stdout).toMatch(/pre-receive hook declined/)
    expect(rejected.stderr).toContain(`remote: git rebase -i '${first}^'`)
    const stops = [...rejected.stderr.matchAll(/remote: at ([0-9a-f]{12})[ :]/g)].map((m) => m[1])
    expect(stops).toEqual([first.slice(0, 12), second.slice(0, 12)])
  })
})
