import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeGuardScript } from '../helpers/install.js'
import {
  createRepo,
  outsideAnyRepo,
  recoveryOf,
  runInShell,
  splitZ,
  type TestRepo,
} from '../helpers/repo.js'

const CASES = (
  JSON.parse(readFileSync(new URL('../../fixtures/rule-cases.json', import.meta.url), 'utf8')) as {
    cases: [string, string | null][]
  }
).cases
const NAMES = (
  JSON.parse(readFileSync(new URL('../../fixtures/names.json', import.meta.url), 'utf8')) as {
    names: string[]
  }
).names

/** Assert the recovery invariants with git as the oracle, then return the JSON report. */
function assertRecovery(repo: TestRepo, cwd = repo.dir) {
  const result = repo.guard(['--format', 'json'], { cwd })
  const { commands, gitignore, optional, findings } = recoveryOf(result)
  const offenders = new Set(findings.map((f) => f.path))
  const blocked = new Set(findings.filter((f) => f.severity === 'block').map((f) => f.path))
  const stagedBefore = repo.staged()
  const before = repo.snapshot()

  const shell = runInShell(repo, commands, cwd)
  expect(shell.stderr).not.toMatch(/error|fatal/)
  expect(shell.code).toBe(0)
  // Exactly the blocked offenders left the commit; warnings and everything else stay staged.
  expect(repo.staged().sort()).toEqual(stagedBefore.filter((p) => !blocked.has(p)).sort())
  // The optional commands take the warned ones out too, and nothing else.
  expect(runInShell(repo, optional.commands, cwd).code).toBe(0)
  expect(repo.staged().sort()).toEqual(stagedBefore.filter((p) => !offenders.has(p)).sort())
  expect(repo.snapshot()).toEqual(before)

  // Appending the lines makes git ignore every offender and no innocent staged path.
  const existing = readGitignore(repo)
  writeFileSync(
    join(repo.dir, '.gitignore'),
    `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${[...gitignore, ...optional.gitignore].join('\n')}\n`,
  )
  const ignored = new Set(
    splitZ(
      repo
        .git(['check-ignore', '--no-index', '-z', '--stdin'], {
          input: stagedBefore.map((p) => `${p}\0`).join(''),
        })
        .toString(),
    ),
  )
  for (const path of stagedBefore) {
    if (path.includes('\n')) continue // a newline cannot be written in .gitignore
    expect([path, ignored.has(path)]).toEqual([path, offenders.has(path)])
  }
  return { commands, gitignore, findings }
}

function readGitignore(repo: TestRepo): string {
  try {
    return readFileSync(join(repo.dir, '.gitignore'), 'utf8')
  } catch {
    return ''
  }
}

describe('the staged check against real git', () => {
  it('passes a clean stage silently', () => {
    const repo = createRepo()
    repo.write('src/main.py')
    repo.write('.env.example')
    repo.git(['add', '-A'])
    const result = repo.guard()
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('judges every rule example, nested at any depth', () => {
    const repo = createRepo()
    // Each case in a directory of its own, two levels down (`.env` and `.env/` cannot share one).
    CASES.forEach(([path], i) => {
      repo.write(`c${i}/deep/${path}`)
      if (path.startsWith('tools/myenv/')) repo.write(`c${i}/deep/tools/myenv/pyvenv.cfg`)
    })
    repo.git(['add', '-A', '-f'])
    const result = repo.guard(['--format', 'json'])
    expect(result.code).toBe(1)
    const found = new Map(recoveryOf(result).findings.map((f) => [f.path, f.category]))
    CASES.forEach(([path, category], i) => {
      expect([path, found.get(`c${i}/deep/${path}`) ?? null]).toEqual([path, category])
    })
  })

  it('exits 0 when only warnings fire, and still reports them', () => {
    const repo = createRepo()
    repo.write('server.log')
    repo.write('.vscode/settings.json')
    repo.git(['add', '-A'])
    const result = repo.guard()
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("git rm --cached -- ':(top,literal)server.log'")
    const json = repo.guard(['--format', 'json'])
    expect(json.code).toBe(0)
    const report = recoveryOf(json)
    expect(report.blocked).toBe(false)
    expect(report.findings).toMatchObject([
      { code: 'PATH_RULE', path: '.vscode/settings.json', category: 'editor', severity: 'warn' },
      { code: 'PATH_RULE', path: 'server.log', category: 'log', severity: 'warn' },
    ])
    // Nothing is required: the warnings' steps are optional, and --fix would run none of them.
    expect([report.commands, report.gitignore]).toEqual([[], []])
    expect(report.optional).toEqual({
      commands: [
        "git rm --cached -- ':(top,literal)server.log'",
        "git rm -r --cached -- ':(top,literal).vscode'",
      ],
      gitignore: ['*.log', '**/.vscode/*', '!**/.vscode/extensions.json'],
    })
  })

  it('prints a JSON document of the documented shape and nothing else', () => {
    const repo = createRepo()
    repo.write('.env')
    repo.git(['add', '-A'])
    const result = repo.guard(['--format', 'json'])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toEqual({
      version: 1,
      mode: 'staged',
      blocked: true,
      findings: [
        {
          code: 'PATH_RULE',
          path: '.env',
          category: 'env',
          severity: 'block',
          status: 'A',
          message: expect.any(String) as unknown,
          // Read from the staged blob: empty, so no real-looking value.
          realValue: false,
        },
      ],
      recovery: {
        commands: ["git rm --cached -- ':(top,literal).env'"],
        gitignore: ['.env', '.env.*', '!.env.example'],
        allow: {
          file: '.precommit-guard.json',
          create: true,
          entries: ['/.env'],
          lines: ['{ "allow": ["/.env"] }'],
        },
      },
    })
  })
})

describe('recovery commands and .gitignore lines, with git as the oracle', () => {
  it('work on an unborn branch for every blocking category', () => {
    const repo = createRepo()
    for (const path of [
      '.env',
      'cfg/.env.local',
      'app/__pycache__/m.pyc',
      'lib/x.pyc',
      '.venv/pyvenv.cfg',
      '.venv/lib/python3.11/site-packages/a.py',
      'uploads/a.png',
      'report.pdf',
      'src/main.py',
      '.env.example',
      '.env.sample',
    ]) {
      repo.write(path)
    }
    repo.git(['add', '-A'])
    const { commands } = assertRecovery(repo)
    expect(commands).toContain("git rm -r --cached -- ':(top,literal).venv'")
  })

  it('use -f only where git would refuse: new file edited after add, tracked file edited twice', () => {
    const repo = createRepo({ files: { '.env.local': 'A=1\n', 'keep.txt': 'k\n' }, commit: true })
    repo.write('.env.local', 'A=2\n')
    repo.git(['add', '.env.local'])
    repo.write('.env.local', 'A=3\n') // staged differs from HEAD and from the file
    repo.write('.env', 'B=1\n')
    repo.git(['add', '.env'])
    repo.write('.env', 'B=2\n') // new file modified after git add
    repo.write('clean.env', 'C=1\n')
    repo.git(['add', 'clean.env'])
    const { commands } = assertRecovery(repo)
    expect(commands.sort()).toEqual([
      "git rm --cached -- ':(top,literal)clean.env'",
      "git rm --cached -f -- ':(top,literal).env'",
      "git rm --cached -f -- ':(top,literal).env.local'",
    ])
  })

  it('names a force-added ignored file and does not repeat lines in force', () => {
    const repo = createRepo({ files: { '.gitignore': '.env\n' }, commit: true })
    repo.write('.env')
    repo.git(['add', '-f', '.env'])
    const result = repo.guard()
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/\.env is ignored by \.gitignore:1 \(\.env\) yet staged/)
    const { gitignore } = assertRecovery(repo)
    expect(gitignore).not.toContain('.env')
  })

  it('advises rotation for an env file already in HEAD that holds a real-looking value', () => {
    // Built at run time, so this repository holds no string that looks like a real key.
    const key = `sk-proj-${randomBytes(40).toString('hex')}`
    const repo = createRepo({
      files: { 'app/.env': `OPENAI_API_KEY=${key}\n`, 'app/main.py': '' },
      commit: true,
    })
    repo.write('app/.env', `OPENAI_API_KEY=${key}\nK=2\n`)
    repo.git(['add', '-A'])
    const result = repo.guard()
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '  app/.env (already in HEAD, OPENAI_API_KEY on line 1 looks like a real OpenAI API key)',
    )
    // The purge depends on where the commits went: the line to run is `history`, which
    // prints the steps for this clone (here, nothing pushed: purged in place).
    expect(result.stdout).toContain('\nnpx precommit-guard history\n')
    expect(repo.guard(['history']).stdout).toContain('--invert-paths --path app/.env')
    expect(result.stdout).not.toContain(key)
    expect(result.stdout).not.toContain('"allow"')
    assertRecovery(repo)
  })

  it('blocks an env file without a real-looking value by name, with no rotation advice', () => {
    const repo = createRepo({
      files: { 'app/.env': 'DEBUG=true\n', 'app/main.py': '' },
      commit: true,
    })
    repo.write('app/.env', 'DEBUG=false\nPORT=3000\n')
    repo.git(['add', '-A'])
    const result = repo.guard()
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('  app/.env (no real-looking value in it)')
    expect(result.stdout).not.toContain('filter-repo')
    expect(result.stdout).not.toContain('rotate')
    expect(result.stdout).toContain('{ "allow": ["app/.env"] }')
    assertRecovery(repo)
  })

  it('are valid from a subdirectory', () => {
    const repo = createRepo()
    for (const path of ['.env', 'web/src/app.py', 'web/__pycache__/app.pyc', 'web/uploads/x.png'])
      repo.write(path)
    repo.git(['add', '-A'])
    const { commands } = assertRecovery(repo, join(repo.dir, 'web/src'))
    expect(commands).toContain("git rm --cached -- ':(top,literal).env'")
  })

  it('never collapse a directory that holds an allowed or innocent file', () => {
    const repo = createRepo()
    for (const path of [
      'config/.env',
      'config/.env.example',
      '.vscode/settings.json',
      '.vscode/extensions.json',
    ])
      repo.write(path)
    repo.git(['add', '-A'])
    const { commands } = assertRecovery(repo)
    expect(commands).toEqual(["git rm --cached -- ':(top,literal)config/.env'"])
  })

  it.each(NAMES)('are exact and inert for the hostile name %j', (name) => {
    const repo = createRepo()
    repo.write(`${name}.env`, 'SECRET=1\n')
    repo.write(`dir ${name}/__pycache__/m.pyc`)
    repo.write(`${name}.txt`)
    repo.write(`.env.example`)
    repo.git(['add', '-A'])
    const { commands } = assertRecovery(repo)
    expect(commands.length).toBe(2)
    // Nothing ran but git: no file named pwned appeared anywhere.
    expect([...repo.snapshot().keys()].some((p) => p.endsWith('pwned'))).toBe(false)
  })
})

describe('through a real .git/hooks/pre-commit', () => {
  const withHook = (repo: TestRepo) => writeGuardScript(join(repo.dir, '.git/hooks/pre-commit'))
  const head = (repo: TestRepo) => repo.git(['rev-parse', 'HEAD']).trim()

  it('rejects a commit with .env, accepts it after the printed recovery', () => {
    const repo = createRepo({ files: { 'README.md': 'x\n' }, commit: true })
    withHook(repo)
    repo.write('.env', 'K=1\n')
    repo.write('app.py')
    repo.git(['add', '-A'])
    const before = head(repo)
    expect(() => repo.git(['commit', '-q', '-m', 'with env'])).toThrow()
    expect(head(repo)).toBe(before)
    const { commands, gitignore } = recoveryOf(repo.guard(['--format', 'json']))
    runInShell(repo, commands)
    writeFileSync(join(repo.dir, '.gitignore'), `${gitignore.join('\n')}\n`)
    repo.git(['add', '.gitignore'])
    repo.git(['commit', '-q', '-m', 'without env'])
    expect(splitZ(repo.git(['ls-tree', '-r', '-z', '--name-only', 'HEAD'])).sort()).toEqual([
      '.gitignore',
      'README.md',
      'app.py',
    ])
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe('K=1\n')
  })

  it('judges only what `git commit -- <paths>` commits (temporary index)', () => {
    const repo = createRepo({ files: { 'a.txt': '1\n' }, commit: true })
    withHook(repo)
    repo.write('.env')
    repo.git(['add', '.env'])
    repo.write('a.txt', '2\n')
    repo.git(['commit', '-q', '-m', 'only a', '--', 'a.txt'])
    expect(splitZ(repo.git(['ls-tree', '-r', '-z', '--name-only', 'HEAD']))).toEqual(['a.txt'])
    expect(repo.staged()).toEqual(['.env'])
  })

  it('rejects `git commit -a` with a modified tracked .env.local', () => {
    const repo = createRepo({ files: { '.env.local': 'K=1\n', 'a.txt': '1\n' }, commit: true })
    withHook(repo)
    repo.write('.env.local', 'K=2\n')
    const before = head(repo)
    expect(() => repo.git(['commit', '-q', '-a', '-m', 'all'])).toThrow()
    expect(head(repo)).toBe(before)
  })
})

describe('edge states', () => {
  it('lets a staged deletion of .env pass', () => {
    const repo = createRepo({ files: { '.env': 'K=1\n', 'a.txt': 'a\n' }, commit: true })
    repo.git(['rm', '-q', '--cached', '.env'])
    expect(repo.guard().code).toBe(0)
  })

  it('judges a rename by its new path', () => {
    const repo = createRepo({ files: { 'notes.txt': 'K=1\n' }, commit: true })
    repo.git(['mv', 'notes.txt', 'prod.env'])
    const result = recoveryOf(repo.guard(['--format', 'json']))
    expect(result.findings.map((f) => [f.path, f.status])).toEqual([['prod.env', 'A']])
  })

  it('neither crashes on nor blocks a staged symlink and a staged submodule', () => {
    const sub = createRepo({ files: { 'x.txt': 'x\n' }, commit: true })
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    symlinkSync('a.txt', join(repo.dir, 'link'))
    const head = sub.git(['rev-parse', 'HEAD']).trim()
    repo.git(['update-index', '--add', '--cacheinfo', `160000,${head},venv`])
    repo.git(['add', 'link'])
    expect(repo.guard()).toMatchObject({ code: 0, stderr: '' })
    symlinkSync('a.txt', join(repo.dir, '.env'))
    repo.git(['add', '.env'])
    expect(repo.guard().code).toBe(1)
  })

  it('restricts the check to path arguments, absolute or relative', () => {
    const repo = createRepo()
    for (const path of ['.env', 'src/a.py', 'src/b.pyc']) repo.write(path)
    repo.git(['add', '-A'])
    expect(repo.guard([join(repo.dir, 'src/a.py')]).code).toBe(0)
    expect(repo.guard(['b.pyc'], { cwd: join(repo.dir, 'src') }).code).toBe(1)
    expect(repo.guard(['/elsewhere/x']).code).toBe(2)
  })

  it('judges the whole index with --all', () => {
    const repo = createRepo({ files: { '.env': 'K=1\n', 'a.txt': 'a\n' }, commit: true })
    expect(repo.guard().code).toBe(0)
    const all = repo.guard(['--all', '--format', 'json'])
    expect(all.code).toBe(1)
    expect(recoveryOf(all).findings).toMatchObject([{ path: '.env', status: '=' }])
    assertRecoveryAll(repo)
  })

  it('fails with exit 2 and one line outside a repository, on a bad flag, without git', () => {
    const repo = createRepo()
    const notRepo = repo.guard([], outsideAnyRepo(repo))
    expect(notRepo.code).toBe(2)
    expect(notRepo.stderr).toMatch(/^precommit-guard: not inside a git repository.*\n$/)
    const badFlag = repo.guard(['--frobnicate'])
    expect(badFlag.code).toBe(2)
    expect(badFlag.stderr.split('\n').filter(Boolean)).toHaveLength(1)
    const noGit = repo.guard([], { env: { ...repo.env, PATH: '/nonexistent' } })
    expect(noGit.code).toBe(2)
    expect(noGit.stderr).toMatch(/git was not found/)
  })
})

function assertRecoveryAll(repo: TestRepo) {
  const { commands } = recoveryOf(repo.guard(['--all', '--format', 'json']))
  const before = repo.snapshot()
  expect(runInShell(repo, commands).code).toBe(0)
  expect(repo.indexPaths()).toEqual(['a.txt'])
  expect(repo.snapshot()).toEqual(before)
}

describe('--fix', () => {
  it('after a blocked `git commit -a`, takes out what that commit would hold', () => {
    const repo = createRepo({ files: { '.env': 'K=1\n', 'app.py': 'a\n' }, commit: true })
    writeGuardScript(join(repo.dir, '.git/hooks/pre-commit'))
    repo.write('.env', 'K=2\n')
    repo.write('app.py', 'b\n')
    const commitAll = () =>
      spawnSync('git', ['commit', '-a', '-q', '-m', 'work'], { cwd: repo.dir, env: repo.env })
    expect(commitAll().status).toBe(1)
    // Nothing is staged in the real index: the hook saw `commit -a`'s temporary one.
    expect(repo.staged()).toEqual([])
    const before = repo.snapshot()
    const fixed = repo.guard(['--fix'])
    expect(fixed.code).toBe(0)
    expect(fixed.stdout.split('\n').slice(0, 3)).toEqual([
      'precommit-guard --fix:',
      '  nothing was staged, so it took out what `git commit -a` would commit (as after a blocked `git commit -a`):',
      "  ran git rm --cached -f -- ':(top,literal).env'",
    ])
    const after = repo.snapshot()
    expect(after.get('.env')).toBe(before.get('.env'))
    expect(commitAll().status).toBe(0)
    expect(repo.git(['ls-tree', '-r', '--name-only', 'HEAD']).split('\n')).toEqual(['app.py', ''])
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe('K=2\n')
  })

  it('names what it was doing when another git process holds the index lock', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    repo.write('.env', 'K=1\n')
    repo.git(['add', '.env'])
    writeFileSync(join(repo.dir, '.git/index.lock'), '')
    const held = repo.guard(['--fix'])
    const lock = join(repo.dir, '.git/index.lock')
    expect(held).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `precommit-guard: --fix stopped at \`git rm --cached -- ':(top,literal).env'\` (nothing was changed): another git process holds the index lock ${lock}: wait for it to finish (an editor, a git GUI, a commit or rebase in another terminal) and run --fix again; if no git process is running, the lock is stale: rm -f ${lock}\n`,
    })
    expect(repo.staged()).toEqual(['.env'])
    rmSync(lock)
    expect(repo.guard(['--fix']).code).toBe(0)
    expect(repo.staged()).toEqual([])
  })

  it('never untracks a warned file, and says its steps are optional', () => {
    const repo = createRepo({
      files: { '.precommit-guard.json': '{"categories": {"upload": "warn"}}\n', 'a.txt': 'a\n' },
      commit: true,
    })
    repo.write('docs/manual.pdf', '%PDF-1.4\n')
    repo.write('.env', 'K=1\n')
    repo.git(['add', '-A'])
    const result = repo.guard()
    expect(result.code).toBe(1)
    const lines = result.stdout.split('\n')
    const required = lines.indexOf(
      'Take them out of this commit (your files stay on disk; paste from any directory of the work tree):',
    )
    expect(lines.slice(required + 1, required + 3)).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      '',
    ])
    const optional = lines.indexOf(
      'Optional, for the warnings only (they do not block, and --fix leaves them alone):',
    )
    expect(optional).toBeGreaterThan(required)
    expect(lines[optional + 1]).toBe("git rm -r --cached -- ':(top,literal)docs'")
    const fixed = repo.guard(['--fix'])
    expect(fixed.code).toBe(0)
    expect(fixed.stdout.split('\n').filter((line) => line.startsWith('  ran '))).toEqual([
      "  ran git rm --cached -- ':(top,literal).env'",
    ])
    expect(repo.staged()).toEqual(['docs/manual.pdf'])
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('.env\n.env.*\n!.env.example\n')
    // Only the warning is left: --fix has nothing to do and leaves it staged.
    expect(repo.guard(['--fix'])).toMatchObject({ code: 0 })
    expect(repo.staged()).toEqual(['docs/manual.pdf'])
  })

  it('changes only the index and .gitignore, keeps existing bytes, and is idempotent', () => {
    const repo = createRepo({
      files: { '.gitignore': 'node_modules/', 'a.txt': 'a\n' },
      commit: true,
    })
    for (const path of [
      '.env',
      '.venv/pyvenv.cfg',
      '.venv/bin/python',
      'app/__pycache__/x.pyc',
      'app/x.py',
    ])
      repo.write(path)
    repo.git(['add', '-A'])
    const before = repo.snapshot()
    const first = repo.guard(['--fix'])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain("ran git rm --cached -- ':(top,literal).env'")
    expect(repo.staged()).toEqual(['app/x.py'])
    const gitignore = readFileSync(join(repo.dir, '.gitignore'), 'utf8')
    expect(gitignore).toBe('node_modules/\n.env\n.env.*\n!.env.example\n.venv/\n__pycache__/\n')
    const after = repo.snapshot()
    after.delete('.gitignore')
    before.delete('.gitignore')
    expect(after).toEqual(before)
    const second = repo.guard(['--fix'])
    expect(second).toMatchObject({ code: 0, stdout: '' })
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe(gitignore)
  })
})

describe('a large stage', () => {
  it('keeps the report short: 50,000 paths with a 3,000-file venv', () => {
    const repo = createRepo()
    const paths: string[] = []
    for (let i = 0; i < 47_000; i++) paths.push(`src/m${i % 97}/f${i}.py`)
    for (let i = 0; i < 3_000; i++)
      paths.push(`.venv/lib/python3.11/site-packages/p${i % 50}/f${i}.py`)
    paths.push('.venv/pyvenv.cfg', '.env', 'src/m1/__pycache__/a.pyc')
    // Stage through the index directly: one blob, every path (fast, and all real git).
    const blob = repo.git(['hash-object', '-w', '--stdin'], { input: 'x\n' }).trim()
    repo.git(['update-index', '--add', '-z', '--index-info'], {
      input: paths.map((p) => `100644 ${blob}\t${p}\0`).join(''),
    })
    const result = repo.guard()
    expect(result.code).toBe(1)
    expect(result.stdout.split('\n').length).toBeLessThan(80)
    expect(result.stdout).toContain("git rm -r --cached -- ':(top,literal).venv'")
  })

  it('groups the "ignored yet staged" notes: a force-added 10,000-file venv stays under 80 lines', () => {
    const repo = createRepo({ files: { '.gitignore': '.venv/\n.env\n' }, commit: true })
    const paths = ['.venv/pyvenv.cfg', 'services/api/.env']
    for (let i = 0; i < 9_999; i++)
      paths.push(`.venv/lib/python3.12/site-packages/p${i % 40}/f${i}.py`)
    const blob = repo.git(['hash-object', '-w', '--stdin'], { input: 'x\n' }).trim()
    repo.git(['update-index', '--add', '-z', '--index-info'], {
      input: paths.map((p) => `100644 ${blob}\t${p}\0`).join(''),
    })
    const result = repo.guard()
    expect(result.code).toBe(1)
    const lines = result.stdout.split('\n')
    expect(lines.length).toBeLessThan(80)
    expect(lines).toContain("git rm -r --cached -- ':(top,literal).venv'")
    // The folder collapsed to one command still names what was found inside it.
    expect(lines).toContain('  services/ (1 file, no real-looking value in it)')
    expect(lines).toContain('    services/api/.env')
    expect(lines).toContain(
      '10,000 files are ignored by .gitignore:1 (.venv/) yet staged (.venv/lib/python3.12/site-packages/p0/f0.py, .venv/lib/python3.12/site-packages/p0/f1000.py, .venv/lib/python3.12/site-packages/p0/f1040.py, …): they were force-added (git add -f) or tracked before the rule existed.',
    )
    expect(lines).toContain(
      'services/api/.env is ignored by .gitignore:2 (.env) yet staged: it was force-added (git add -f) or tracked before the rule existed.',
    )
  })
})
