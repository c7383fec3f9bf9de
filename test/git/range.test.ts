import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { printedSteps } from '../helpers/paste.js'
import { createRepo, runInShell, type RunResult, type TestRepo } from '../helpers/repo.js'

interface RangeFinding {
  path: string
  category: string
  severity: string
  commits: string[]
}

function rangeJson(result: RunResult) {
  expect(result.stderr).toBe('')
  return JSON.parse(result.stdout) as {
    mode: string
    blocked: boolean
    findings: RangeFinding[]
    recovery: { commands: string[]; gitignore: string[] }
  }
}

/** Commit what is in the tree, skipping hooks as a hurried user would; returns the id. */
function commit(repo: TestRepo, message: string, files: Record<string, string> = {}): string {
  for (const [path, content] of Object.entries(files)) repo.write(path, content)
  repo.git(['add', '-A'])
  repo.git(['commit', '-q', '--no-verify', '--allow-empty', '-m', message])
  return repo.git(['rev-parse', 'HEAD']).trim()
}

function baseRepo(): TestRepo {
  return createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
}

describe('--range', () => {
  it('finds a .env committed with --no-verify, and passes a clean range', () => {
    const repo = baseRepo()
    const leak = commit(repo, 'add config', { '.env': 'KEY=1\n', 'app.py': 'print()\n' })
    commit(repo, 'more work', { 'lib.py': 'x = 1\n' })

    const result = repo.guard(['--range', 'HEAD~2..HEAD', '--format', 'json'])
    expect(result.code).toBe(1)
    const report = rangeJson(result)
    expect(report.mode).toBe('range')
    expect(report.findings).toEqual([
      expect.objectContaining({
        path: '.env',
        category: 'env',
        severity: 'block',
        commits: [leak],
      }),
    ])
    const text = repo.guard(['--range', 'HEAD~2..HEAD']).stdout
    expect(text).toContain('\nnpx precommit-guard history\n')
    expect(text).toMatch(/Rotate every credential/)

    const clean = repo.guard(['--range', 'HEAD~1..HEAD'])
    expect(clean).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('judges ambiguous credential names by every committed version: a token blocks, a reference passes', () => {
    const repo = baseRepo()
    const token = `npm_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5'.slice(0, 36)}`
    commit(repo, 'npm config', { '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' })
    const leak = commit(repo, 'inline the token', {
      '.npmrc': `//registry.npmjs.org/:_authToken=${token}\n`,
      'certs/public.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    })
    const fixed = commit(repo, 'back to the reference', {
      '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
    })

    // The token is in history even though the tip no longer holds it.
    const result = repo.guard(['--range', 'HEAD~3..HEAD', '--format', 'json'])
    expect(result.code).toBe(1)
    expect(rangeJson(result).findings).toEqual([
      expect.objectContaining({
        path: '.npmrc',
        category: 'credential',
        commits: [expect.any(String), leak, fixed],
      }),
    ])
    expect(result.stdout).not.toContain(token)
    // Versions without a token, and a public certificate, pass.
    expect(repo.guard(['--range', 'HEAD~1..HEAD'])).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(repo.guard(['--range', 'HEAD~3..HEAD~2'])).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('judges a file that a later commit of the range deleted: it is still in history', () => {
    const repo = baseRepo()
    const leak = commit(repo, 'oops', { 'app/__pycache__/m.cpython-312.pyc': 'x' })
    // Deleted from disk too: `commit` stages everything, and the file must really leave HEAD.
    repo.git(['rm', '-q', '-r', 'app/__pycache__'])
    commit(repo, 'remove bytecode')
    expect(repo.git(['ls-files', 'app'])).toBe('')
    const report = rangeJson(repo.guard(['--range', 'HEAD~2..HEAD', '--format', 'json']))
    expect(report.findings.map((f) => [f.path, f.commits])).toEqual([
      ['app/__pycache__/m.cpython-312.pyc', [leak]],
    ])
  })

  it('reads a bare revision as that one commit', () => {
    const repo = baseRepo()
    const leak = commit(repo, 'leak', { 'prod.env': 'X=1\n' })
    commit(repo, 'clean', { 'b.py': '\n' })
    expect(repo.guard(['--range', 'HEAD']).code).toBe(0)
    const report = rangeJson(repo.guard(['--range', 'HEAD~1', '--format', 'json']))
    expect(report.findings.map((f) => [f.path, f.commits])).toEqual([['prod.env', [leak]]])
    // That commit is not HEAD: amending would rewrite the wrong commit, so a rebase is printed.
    expect(report.recovery.commands[0]).toBe(`git rebase -i '${leak}^'`)
  })

  it('judges a merged branch once, at the commit that introduced the offender', () => {
    const repo = baseRepo()
    const base = repo.git(['rev-parse', 'HEAD']).trim()
    repo.git(['checkout', '-q', '-b', 'feature'])
    const leak = commit(repo, 'feature', { '.env': 'K=1\n', 'f.py': '\n' })
    repo.git(['checkout', '-q', 'main'])
    commit(repo, 'main work', { 'm.py': '\n' })
    repo.git(['merge', '-q', '--no-ff', '--no-edit', 'feature'])
    const merge = repo.git(['rev-parse', 'HEAD']).trim()

    const report = rangeJson(repo.guard(['--range', `${base}..HEAD`, '--format', 'json']))
    expect(report.findings.map((f) => [f.path, f.commits])).toEqual([['.env', [leak]]])
    // The merge's own range (first parent..merge) still brings the branch's commit in.
    const viaMerge = rangeJson(repo.guard(['--range', `${merge}~1..${merge}`, '--format', 'json']))
    expect(viaMerge.findings.map((f) => [f.path, f.commits])).toEqual([['.env', [leak]]])
  })

  it('attributes an offender added by the merge commit itself to the merge', () => {
    const repo = baseRepo()
    repo.git(['checkout', '-q', '-b', 'feature'])
    commit(repo, 'feature', { 'f.py': '\n' })
    repo.git(['checkout', '-q', 'main'])
    commit(repo, 'main work', { 'm.py': '\n' })
    repo.git(['merge', '-q', '--no-ff', '--no-commit', 'feature'])
    repo.write('export.csv', 'a,b\n')
    repo.git(['add', 'export.csv'])
    repo.git(['commit', '-q', '--no-verify', '--no-edit'])
    const merge = repo.git(['rev-parse', 'HEAD']).trim()
    const report = rangeJson(repo.guard(['--range', 'HEAD~1..HEAD', '--format', 'json']))
    expect(report.findings.map((f) => [f.path, f.commits])).toEqual([['export.csv', [merge]]])
    // The merge is the tip: amending it keeps both parents.
    expect(report.recovery.commands).toEqual([
      "git rm --cached -- ':(top,literal)export.csv'",
      'git commit --amend --no-edit',
    ])
    expect(
      rangeJson(repo.guard(['--range', 'HEAD~2..HEAD~1', '--format', 'json'])).findings,
    ).toEqual([])
  })

  it('judges everything reachable from B when A is all zeros (first push of a branch)', () => {
    const repo = baseRepo()
    const leak = commit(repo, 'leak', { '.env': 'K=1\n' })
    commit(repo, 'clean', { 'c.py': '\n' })
    const zero = '0'.repeat(40)
    const report = rangeJson(repo.guard(['--range', `${zero}..HEAD`, '--format', 'json']))
    expect(report.findings.map((f) => [f.path, f.commits])).toEqual([['.env', [leak]]])
  })

  it('exits 2 with one line for an unknown revision, and for an option in disguise', () => {
    const repo = baseRepo()
    for (const range of ['nope..HEAD', 'HEAD..nope', '--output=/tmp/x', '']) {
      const result = repo.guard(['--range', range])
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/^precommit-guard: .*range/)
    }
  })

  it('exits 2 instead of misjudging a commit at the edge of a shallow clone', () => {
    const origin = baseRepo()
    commit(origin, 'one', { 'a.py': '\n' })
    commit(origin, 'two', { 'b.py': '\n' })
    const clone = `${origin.dir}-shallow`
    origin.git(['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone])
    const result = origin.guard(['--range', 'HEAD'], { cwd: clone })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^precommit-guard: --range HEAD reaches the edge of a shallow clone/,
    )
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    // Deep enough: judged normally.
    origin.git(['fetch', '-q', '--deepen', '2'], { cwd: clone })
    expect(origin.guard(['--range', 'HEAD'], { cwd: clone }).code).toBe(0)
  })

  it('rejects --range with --all, paths, --fix or --pre-receive (exit 2)', () => {
    const repo = baseRepo()
    for (const extra of [['--all'], ['a.py'], ['--fix'], ['--pre-receive']]) {
      const result = repo.guard(['--range', 'HEAD', ...extra])
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('prints commands that take offenders with hostile names out of the HEAD commit', () => {
    const repo = baseRepo()
    const hostile = "-n a b'$(touch pwned)`touch pwned2`.env"
    commit(repo, 'leak', {
      [hostile]: 'K=1\n',
      '.venv/pyvenv.cfg': 'home = /usr\n',
      '.venv/lib/python3.12/site-packages/x.py': '\n',
      'keep.py': '\n',
    })
    const before = repo.snapshot()
    const result = repo.guard(['--range', 'HEAD~1..HEAD', '--format', 'json'])
    expect(result.code).toBe(1)
    const { recovery } = rangeJson(result)
    expect(recovery.commands).toEqual([
      `git rm --cached -- ':(top,literal)-n a b'\\''$(touch pwned)\`touch pwned2\`.env'`,
      "git rm -r --cached -- ':(top,literal).venv'",
      'git commit --amend --no-edit',
    ])
    const ran = runInShell(repo, recovery.commands)
    expect(ran.code).toBe(0)
    expect(existsSync(join(repo.dir, 'pwned'))).toBe(false)
    expect(existsSync(join(repo.dir, 'pwned2'))).toBe(false)
    // Nothing lost from disk, and the amended commit holds only the innocent file.
    expect(repo.snapshot()).toEqual(before)
    expect(repo.git(['show', '--name-only', '--format=', 'HEAD']).trim()).toBe('keep.py')
    expect(repo.guard(['--range', 'HEAD~1..HEAD']).code).toBe(0)
  })

  it('prints a rebase that takes offenders out of older commits, runnable step by step', () => {
    const repo = baseRepo()
    const first = commit(repo, 'leak env', { '.env': 'K=1\n', 'a.py': '\n' })
    commit(repo, 'clean', { 'b.py': '\n' })
    const second = commit(repo, 'leak upload', { 'uploads/u.pdf': '%PDF\n', 'c.py': '\n' })
    commit(repo, 'tip', { 'd.py': '\n' })
    const result = repo.guard(['--range', 'HEAD~4..HEAD', '--format', 'json'])
    const { recovery, findings } = rangeJson(result)
    // Each offender names the commit the user marks `edit` in the todo list.
    expect(findings.map((f) => [f.path, f.commits]).sort()).toEqual([
      ['.env', [first]],
      ['uploads/u.pdf', [second]],
    ])
    const steps = recovery.commands.filter((c) => !c.startsWith('git filter-repo'))
    expect(steps).toEqual([
      `git rebase -i '${first}^'`,
      "git rm --cached --ignore-unmatch -- ':(top,literal).env'",
      'git commit --amend --no-edit',
      'git rebase --continue',
      "git rm -r --cached --ignore-unmatch -- ':(top,literal)uploads'",
      'git commit --amend --no-edit',
      'git rebase --continue',
    ])
    // What the user does in the todo list: `edit` the listed commits.
    const edit = [first, second].map((id) => `-e '/^pick ${id.slice(0, 7)}/s/^pick/edit/'`)
    const before = repo.snapshot()
    const ran = runInShell(repo, [
      `export GIT_SEQUENCE_EDITOR="sed -i ${edit.join(' ').replace(/"/g, '\\"')}"`,
      ...steps,
    ])
    expect(ran.stderr).not.toMatch(/error|fatal/)
    expect(ran.code).toBe(0)
    expect(repo.snapshot()).toEqual(before)
    expect(repo.guard(['--range', 'HEAD~4..HEAD']).code).toBe(0)
    expect(repo.git(['log', '--format=%s', '-4']).trim().split('\n')).toEqual([
      'tip',
      'leak upload',
      'clean',
      'leak env',
    ])
  })

  it('never collapses a directory that also holds a file from before the range', () => {
    const repo = createRepo({ files: { 'data/schema.sql': 'create\n' }, commit: true })
    commit(repo, 'export', { 'data/export.csv': 'a\n', 'cache/__pycache__/m.pyc': 'x' })
    commit(repo, 'tip', { 't.py': '\n' })
    for (const range of ['HEAD~2..HEAD', 'HEAD~1']) {
      const { recovery } = rangeJson(repo.guard(['--range', range, '--format', 'json']))
      expect(recovery.commands).toContain(
        "git rm -r --cached --ignore-unmatch -- ':(top,literal)cache'",
      )
      expect(recovery.commands).toContain(
        "git rm --cached --ignore-unmatch -- ':(top,literal)data/export.csv'",
      )
    }
  })

  it('honours the configuration: an allowed path passes, a config rule blocks', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify({
          allow: ['tests/fixtures/**/*.csv'],
          rules: [{ id: 'secrets-dir', pattern: 'secrets/**', severity: 'block' }],
        }),
      },
      commit: true,
    })
    commit(repo, 'data', { 'tests/fixtures/a.csv': 'a\n', 'secrets/key': 'k\n' })
    const report = rangeJson(repo.guard(['--range', 'HEAD~1..HEAD', '--format', 'json']))
    expect(report.findings.map((f) => [f.path, f.category])).toEqual([
      ['secrets/key', 'secrets-dir'],
    ])
  })

  it('keeps innocent files of a directory named like pathspec magic (`:foo/`)', () => {
    const repo = baseRepo()
    commit(repo, 'innocent', { ':foo/app.py': 'x = 1\n' })
    commit(repo, 'bytecode', { ':foo/app.pyc': 'bytes' })
    const report = rangeJson(repo.guard(['--range', 'HEAD~1..HEAD', '--format', 'json']))
    expect(report.findings.map((f) => f.path)).toEqual([':foo/app.pyc'])
    // Only the offender is untracked: never the whole `:foo` directory.
    expect(report.recovery.commands).toContain("git rm --cached -- ':(top,literal):foo/app.pyc'")
    expect(report.recovery.commands.join('\n')).not.toMatch(/rm -r/)
  })

  it('says to rotate and purge a committed private key, as for .env', () => {
    const repo = baseRepo()
    commit(repo, 'key', { '.ssh/id_ed25519': 'not a real key\n' })
    const text = repo.guard(['--range', 'HEAD~1..HEAD']).stdout
    expect(text).toMatch(/Rotate every credential/)
    expect(text).toContain('\nnpx precommit-guard history\n')
    expect(repo.guard(['history']).stdout).toContain('--path .ssh/id_ed25519')
  })

  it('replays merges with --rebase-merges when the range holds one, so none is dropped', () => {
    const repo = baseRepo()
    const main = repo.git(['rev-parse', '--abbrev-ref', 'HEAD']).trim()
    const leak = commit(repo, 'leak', { 'uploads/a.pdf': 'pdf' })
    repo.git(['checkout', '-q', '-b', 'side', 'HEAD~1'])
    commit(repo, 'side work', { 'side.py': 'x = 1\n' })
    repo.git(['checkout', '-q', main])
    repo.git(['merge', '-q', '--no-edit', '--no-verify', 'side'])
    commit(repo, 'after', { 'b.py': 'y = 2\n' })
    const text = repo.guard(['--range', `${leak}~1..HEAD`]).stdout
    expect(text).toMatch(/git rebase -i --rebase-merges /)
  })
})

/** The command lines of the rewrite block as printed in text, prose left out (it is not a command). */
function rewriteSteps(output: string): string[] {
  return printedSteps(output, /^They came in with/).filter((line) => line.startsWith('git '))
}

/** What the user does in the todo list git opens: `edit` the commits the report names. */
function editInTodo(ids: readonly string[]): string {
  const edit = ids.map((id) => `-e '/^pick ${id.slice(0, 7)}/s/^pick/edit/'`)
  return `export GIT_SEQUENCE_EDITOR="sed -i ${edit.join(' ').replace(/"/g, '\\"')}"`
}

describe('--range on a commit that holds only offenders (the typical "oops, committed .env")', () => {
  it('at HEAD: the printed steps undo the commit instead of amending it empty', () => {
    const repo = baseRepo()
    const base = commit(repo, 'work', { 'app.py': 'print()\n' })
    const leak = commit(repo, 'oops', { '.env': 'KEY=1\n' })
    const result = repo.guard(['--range', `${base}..HEAD`])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      `They came in with the tip commit ${leak.slice(0, 12)}, which holds nothing else. Where it is your HEAD, undo that commit and untrack them (your files stay on disk):\ngit rm --cached -- ':(top,literal).env'\ngit reset --soft 'HEAD^'\n`,
    )
    const before = repo.snapshot()
    const ran = runInShell(repo, rewriteSteps(result.stdout))
    expect(ran.stderr).not.toMatch(/error|fatal|empty/)
    expect(ran.code).toBe(0)
    expect(repo.git(['rev-parse', 'HEAD']).trim()).toBe(base)
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('?? .env\n')
    expect(repo.snapshot()).toEqual(before)
    expect(repo.guard(['--range', `${base}..HEAD`]).code).toBe(0)
  })

  it('three commits back: the rebase drops it at its stop and runs to the end', () => {
    const repo = baseRepo()
    const base = commit(repo, 'work', { 'app.py': 'print()\n' })
    const leak = commit(repo, 'oops', { '.env': 'KEY=1\n' })
    for (const n of [1, 2, 3]) commit(repo, `later ${n}`, { [`m${n}.py`]: `${n}\n` })
    const result = repo.guard(['--range', `${base}..HEAD`])
    expect(result.code).toBe(1)
    const steps = rewriteSteps(result.stdout)
    expect(steps).toEqual([
      `git rebase -i '${leak}^'`,
      "git rm --cached --ignore-unmatch -- ':(top,literal).env'",
      "git reset --soft 'HEAD^'",
      'git rebase --continue',
    ])
    expect(result.stdout).toContain(
      `at ${leak.slice(0, 12)} (it holds nothing else: it is dropped, the files stay on disk):`,
    )
    const before = repo.snapshot()
    const ran = runInShell(repo, [editInTodo([leak]), ...steps], repo.dir)
    expect(ran.stderr).not.toMatch(/error|fatal|empty/)
    expect(ran.code).toBe(0)
    // Not stranded mid-rebase, the commit gone, the file on disk byte for byte.
    expect(existsSync(join(repo.dir, '.git/rebase-merge'))).toBe(false)
    expect(
      repo
        .git(['log', '--format=%s', `${base}..HEAD`])
        .trim()
        .split('\n'),
    ).toEqual(['later 3', 'later 2', 'later 1'])
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('?? .env\n')
    expect(repo.snapshot()).toEqual(before)
    expect(repo.guard(['--range', `${base}..HEAD`]).code).toBe(0)
  })
})
