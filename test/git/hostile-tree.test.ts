import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openRepo } from '../../src/git/repo.js'
import { listStaged } from '../../src/git/staged.js'
import { sizeCandidates } from '../../src/git/large-blobs.js'
import { writeGitShim } from '../helpers/git-shim.js'
import { printedSteps } from '../helpers/paste.js'
import { CLI, createRepo, recoveryOf, runInShell, type TestRepo } from '../helpers/repo.js'

/** `git check-ignore` as a teammate's clone sees it: no personal excludes file. */
function ignoredForEveryone(repo: TestRepo, path: string): boolean {
  const env = { ...repo.env, GIT_CONFIG_GLOBAL: '/dev/null' }
  const result = spawnSync(
    'git',
    ['-c', 'core.excludesFile=/dev/null', 'check-ignore', '-q', path],
    {
      cwd: repo.dir,
      env,
    },
  )
  return result.status === 0
}

describe('the root .gitignore as git reads and the guard writes it', () => {
  it('does not count the rules of a symlinked .gitignore, which git refuses to read', () => {
    const repo = createRepo()
    writeFileSync(join(repo.dir, '..', 'outside'), '.env\n')
    symlinkSync('../outside', join(repo.dir, '.gitignore'))
    repo.write('.env', 'K=1\n')
    repo.git(['add', '.env'])
    const report = recoveryOf(repo.guard(['--format', 'json']))
    expect(report.gitignore).toEqual(['.env', '.env.*', '!.env.example'])
    const fixed = repo.guard(['--fix'])
    expect(fixed.code).toBe(2)
    expect(fixed.stderr).toContain('.gitignore is a symbolic link')
    expect(repo.staged()).toEqual(['.env'])
    expect(readFileSync(join(repo.dir, '..', 'outside'), 'utf8')).toBe('.env\n')
  })

  it('keeps bytes that are not UTF-8 when --fix and init append', () => {
    const before = Buffer.from('caf\xe9\n# \xff\xfe\r\nbuild/', 'latin1')
    for (const args of [['--fix'], ['init']]) {
      const repo = createRepo()
      writeFileSync(join(repo.dir, '.gitignore'), before)
      repo.write('.env', 'K=1\n')
      repo.git(['add', '.env'])
      expect(repo.guard(args).code).toBe(0)
      const after = readFileSync(join(repo.dir, '.gitignore'))
      expect(after.subarray(0, before.length).equals(before)).toBe(true)
      const added = after.subarray(before.length)
      expect(added.equals(Buffer.from(added.toString('utf8')))).toBe(true)
      expect(added.toString('utf8').split('\n')).toContain('.env')
    }
  })

  it('leaves .gitignore whole and the index unchanged when the write fails (ulimit -f)', () => {
    const repo = createRepo()
    // 8,190 bytes: within a limit of 8 blocks (8 KiB in bash and dash, 4 KiB where a block is
    // 512 bytes, which the temporary copy then exceeds at once), not with the lines added.
    // 500 lines of the repository's own, padded with a comment.
    const lines = Array.from({ length: 500 }, (_, i) => `generated-${i}/`).join('\n')
    const before = Buffer.from(`${lines}\n`.padEnd(8189, '#').concat('\n'))
    expect(before.length).toBe(8190)
    writeFileSync(join(repo.dir, '.gitignore'), before)
    repo.write('.env', 'K=1\n')
    repo.git(['add', '.env'])
    const result = spawnSync(
      '/bin/sh',
      ['-c', 'ulimit -f 8 && exec "$0" "$1" --fix', process.execPath, CLI],
      { cwd: repo.dir, env: repo.env, encoding: 'utf8' },
    )
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/^precommit-guard: cannot write \.gitignore \(EFBIG\)/)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).not.toContain('printed')
    expect(readFileSync(join(repo.dir, '.gitignore')).equals(before)).toBe(true)
    expect(readdirSync(repo.dir).sort()).toEqual(['.env', '.git', '.gitignore'])
    expect(repo.staged()).toEqual(['.env'])
  })

  it('keeps the mode of the .gitignore it replaces', () => {
    const repo = createRepo({ files: { '.gitignore': 'dist/\n' } })
    chmodSync(join(repo.dir, '.gitignore'), 0o640)
    repo.write('.env', 'K=1\n')
    repo.git(['add', '.env'])
    expect(repo.guard(['--fix']).code).toBe(0)
    expect(statSync(join(repo.dir, '.gitignore')).mode & 0o777).toBe(0o640)
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe(
      'dist/\n.env\n.env.*\n!.env.example\n',
    )
  })

  it('prints the repository line even when a personal core.excludesFile ignores .env', () => {
    for (const personal of ['excludesFile', 'info/exclude'] as const) {
      const repo = createRepo()
      if (personal === 'excludesFile') {
        writeFileSync(join(repo.dir, '..', 'personal-ignore'), '.env\n')
        repo.git(['config', 'core.excludesFile', join(repo.dir, '..', 'personal-ignore')])
      } else {
        writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), '.env\n')
      }
      repo.write('.env', 'K=1\n')
      repo.git(['add', '-f', '.env'])
      const report = recoveryOf(repo.guard(['--format', 'json']))
      expect(report.gitignore).toEqual(['.env', '.env.*', '!.env.example'])
      const gitignore = report.gitignore.map((line) => `printf '%s\\n' '${line}' >> .gitignore`)
      expect(runInShell(repo, [...report.commands, ...gitignore]).code).toBe(0)
      expect(repo.staged()).toEqual([])
      expect(ignoredForEveryone(repo, '.env')).toBe(true)
    }
  })
})

/** A plain `.git/hooks/pre-commit` that runs the built guard. */
function installPlainHook(repo: TestRepo): void {
  const hook = join(repo.dir, '.git', 'hooks', 'pre-commit')
  writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}"\n`, { mode: 0o755 })
}

/** The commands of the text report's first section, exactly as printed. */
const printedCommands = (output: string) => printedSteps(output, /^Take them out of this commit/)

function entryOf(repo: TestRepo, path: string): string {
  return repo.git(['ls-files', '--stage', '--', path]).trim()
}

describe('a commit that git makes on a temporary index', () => {
  it('plans `git commit -- <paths>` against the real index: staged neighbours stay', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    installPlainHook(repo)
    repo.write('cache/x.pyc', 'bytecode\n')
    repo.write('cache/notes.md', 'staged notes\n')
    repo.git(['add', 'cache'])
    repo.write('cache/notes.md', 'edited since\n') // the staged content is only in the index
    const notesBefore = entryOf(repo, 'cache/notes.md')
    const worktree = repo.snapshot()
    const commit = spawnSync('git', ['commit', '-q', '-m', 'x', '--', 'cache/x.pyc'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })
    expect(commit.status).toBe(1)
    const commands = printedCommands(commit.stderr)
    expect(commands).toEqual(["git rm --cached -- ':(top,literal)cache/x.pyc'"])
    for (const shell of ['sh', 'dash', 'bash', 'zsh']) {
      if (shell !== 'sh') repo.git(['add', '--', 'cache/x.pyc'])
      const run = spawnSync(shell, ['-c', commands.join('\n')], { cwd: repo.dir, env: repo.env })
      expect(run.status).toBe(0)
      expect(repo.staged()).toEqual(['cache/notes.md'])
      expect(entryOf(repo, 'cache/notes.md')).toBe(notesBefore)
    }
    expect(repo.snapshot()).toEqual(worktree)
  })

  it('gives -f only where the real index would refuse without it', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    installPlainHook(repo)
    repo.write('cache/x.pyc', 'staged bytecode\n')
    repo.write('cache/notes.md', 'notes\n')
    repo.git(['add', 'cache'])
    repo.write('cache/x.pyc', 'newer bytecode\n')
    const commit = spawnSync('git', ['commit', '-q', '-m', 'x', '--', 'cache/x.pyc'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })
    const commands = printedCommands(commit.stderr)
    expect(commands).toEqual(["git rm --cached -f -- ':(top,literal)cache/x.pyc'"])
    expect(runInShell(repo, commands).code).toBe(0)
    expect(repo.staged()).toEqual(['cache/notes.md'])
  })

  it('plans `git commit -a` against the real index: an unstaged deletion stays unstaged', () => {
    const repo = createRepo({ files: { 'cache/old.md': 'old\n' }, commit: true })
    installPlainHook(repo)
    repo.write('cache/x.pyc', 'bytecode\n')
    repo.git(['add', 'cache/x.pyc'])
    rmSync(join(repo.dir, 'cache/old.md'))
    const commit = spawnSync('git', ['commit', '-q', '-a', '-m', 'x'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })
    expect(commit.status).toBe(1)
    const commands = printedCommands(commit.stderr)
    expect(commands).toEqual(["git rm --cached -- ':(top,literal)cache/x.pyc'"])
    expect(runInShell(repo, commands).code).toBe(0)
    expect(repo.indexPaths()).toEqual(['cache/old.md'])
  })
})

describe('core.ignorecase', () => {
  it('passes an ordinary env/ source folder and still finds a venv by its markers', () => {
    const repo = createRepo()
    repo.git(['config', 'core.ignorecase', 'true'])
    repo.write('env/__init__.py', '')
    repo.write('env/settings.py', 'DEBUG = False\n')
    repo.git(['add', '-A'])
    const clean = repo.guard(['--format', 'json'])
    expect(clean.code).toBe(0)
    expect(recoveryOf(clean).findings).toEqual([])
    expect(repo.guard(['--fix']).code).toBe(0)
    expect(repo.staged()).toEqual(['env/__init__.py', 'env/settings.py'])

    repo.write('Tools/Env/pyvenv.cfg', 'home = /usr/bin\n')
    repo.write('Tools/Env/lib/python3.12/site-packages/x.py', '')
    repo.git(['add', '-A'])
    const report = recoveryOf(repo.guard(['--format', 'json']))
    expect(report.findings.map((f) => [f.path, f.code])).toEqual([
      ['Tools/Env/lib/python3.12/site-packages/x.py', 'VENV_MARKER'],
      ['Tools/Env/pyvenv.cfg', 'VENV_MARKER'],
    ])
    expect(report.commands).toEqual(["git rm -r --cached -- ':(top,literal)Tools'"])
    expect(report.gitignore).toEqual(['/Tools/Env/'])
  })
})

describe('index entries with the skip-worktree or assume-unchanged bit', () => {
  const setUp = (bit: '--skip-worktree' | '--assume-unchanged', missing: boolean) => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    repo.write('.env', 'K=staged\n')
    repo.write('cfg/prod.env', 'K=prod\n')
    repo.git(['add', '.env', 'cfg/prod.env'])
    repo.git(['update-index', bit, '--', '.env', 'cfg/prod.env'])
    if (missing) rmSync(join(repo.dir, '.env'))
    return repo
  }

  it('prints steps git accepts, and loses no staged content', () => {
    for (const bit of ['--skip-worktree', '--assume-unchanged'] as const) {
      for (const missing of [false, true]) {
        const repo = setUp(bit, missing)
        const { commands } = recoveryOf(repo.guard(['--format', 'json']))
        const result = runInShell(repo, commands)
        expect(result.stderr).toBe('')
        expect(result.code).toBe(0)
        expect(repo.staged()).toEqual([])
        // The staged .env was its only copy when it was missing: it is on disk now.
        expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe('K=staged\n')
        expect(readFileSync(join(repo.dir, 'cfg/prod.env'), 'utf8')).toBe('K=prod\n')
      }
    }
  })

  it('restores a staged file that a sparse checkout keeps off the disk', () => {
    const repo = createRepo({ files: { 'keep/a.txt': 'a\n', 'secret/b.txt': 'b\n' }, commit: true })
    repo.git(['sparse-checkout', 'set', 'keep'])
    repo.write('secret/.env', 'K=only-in-the-index\n')
    repo.git(['add', '--sparse', 'secret/.env'])
    repo.git(['sparse-checkout', 'reapply'])
    expect(readdirSync(repo.dir).sort()).toEqual(['.git', 'keep'])
    const { commands } = recoveryOf(repo.guard(['--format', 'json']))
    expect(commands).toEqual([
      'git -C "$(git rev-parse --show-toplevel)" checkout-index --ignore-skip-worktree-bits -- secret/.env',
      "git rm --cached --sparse -- ':(top,literal)secret/.env'",
    ])
    expect(runInShell(repo, commands)).toMatchObject({ code: 0, stderr: '' })
    expect(repo.staged()).toEqual([])
    expect(readFileSync(join(repo.dir, 'secret/.env'), 'utf8')).toBe('K=only-in-the-index\n')
  })

  it('lets --fix succeed', () => {
    for (const missing of [false, true]) {
      const repo = setUp('--skip-worktree', missing)
      const fixed = repo.guard(['--fix'])
      expect(fixed.stderr).toBe('')
      expect(fixed.code).toBe(0)
      expect(repo.staged()).toEqual([])
      expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe('K=staged\n')
      expect(repo.guard([]).code).toBe(0)
    }
  })
})

describe('working trees that no longer match the index', () => {
  const judgedAndFixed = (repo: TestRepo, offender: string) => {
    const result = repo.guard(['--format', 'json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    const report = recoveryOf(result)
    expect(report.findings.map((f) => f.path)).toEqual([offender])
    expect(report.gitignore).toEqual(['.env', '.env.*', '!.env.example'])
    const worktree = repo.snapshot()
    expect(runInShell(repo, report.commands).code).toBe(0)
    expect(repo.staged()).not.toContain(offender)
    expect(repo.snapshot()).toEqual(worktree)
  }

  it('judges a staged folder that is now a file on disk (ENOTDIR)', () => {
    const repo = createRepo()
    repo.write('tools/lib/a.py', '')
    repo.write('tools/.env', 'K=1\n')
    repo.git(['add', '-A'])
    rmSync(join(repo.dir, 'tools'), { recursive: true })
    writeFileSync(join(repo.dir, 'tools'), 'now a file\n')
    judgedAndFixed(repo, 'tools/.env')
    expect(repo.staged()).toEqual(['tools/lib/a.py'])
  })

  it('judges a staged folder that is now a symbolic link (beyond a symbolic link)', () => {
    const repo = createRepo()
    repo.write('d/.env', 'K=1\n')
    repo.write('d/a.txt', 'a\n')
    repo.git(['add', '-A'])
    rmSync(join(repo.dir, 'd'), { recursive: true })
    // Another size behind the link: git rm, stat-ing through it, refuses without -f for sure.
    repo.write('real/.env', 'K=another\n')
    symlinkSync('real', join(repo.dir, 'd'))
    expect(recoveryOf(repo.guard(['--format', 'json'])).commands).toEqual([
      "git rm --cached -f -- ':(top,literal)d/.env'",
    ])
    judgedAndFixed(repo, 'd/.env')
    expect(repo.staged()).toEqual(['d/a.txt'])
    const fixed = repo.guard(['--fix'])
    expect(fixed.code).toBe(0)
  })

  it('judges a path longer than PATH_MAX', () => {
    const repo = createRepo()
    const long = `${Array.from({ length: 25 }, () => 'a'.repeat(200)).join('/')}/.env`
    const oid = repo.git(['hash-object', '-w', '--stdin'], { input: 'K=1\n' }).trim()
    repo.git(['update-index', '--add', '--cacheinfo', `100644,${oid},${long}`])
    judgedAndFixed(repo, long)
    expect(repo.staged()).toEqual([])
  })
})

describe('--fix at scale and under concurrency', () => {
  it('untracks 20,000 offenders that do not collapse in one git process, keeping their neighbours', () => {
    const repo = createRepo({ files: { 'keep.txt': 'k\n' }, commit: true })
    // Staged straight into the index (writing 20,000 files is slow on a shared machine): the
    // offenders are judged as index entries either way, and their neighbours are on disk.
    const oid = repo.git(['hash-object', '-w', '--stdin'], { input: 'bytecode\n' }).trim()
    const records: string[] = []
    const expectedLeft = ['keep.txt']
    for (let dir = 0; dir < 200; dir++) {
      repo.write(`pkg${dir}/src.py`, 'x\n')
      expectedLeft.push(`pkg${dir}/src.py`)
    }
    for (let i = 0; i < 20_000; i++) records.push(`100644 ${oid}\tpkg${i % 200}/m${i}.pyc`)
    repo.git(['update-index', '--index-info'], { input: `${records.join('\n')}\n` })
    repo.git(['add', '-A', '--', '*.py'])
    expect(repo.indexPaths()).toHaveLength(20_201)
    const worktree = repo.snapshot()
    // Count the git processes that change the index: one for the removals (20,000 of them took
    // ~20 minutes, one git rm ~25 s), never one per path.
    const bin = join(repo.dir, '..', 'bin-count')
    const log = join(bin, 'calls')
    writeGitShim(bin, `echo "$1" >> '${log}'\nexec "$REAL_GIT" "$@"`)
    const fixed = repo.guard(['--fix', '--quiet'], {
      env: { ...repo.env, PATH: `${bin}:${repo.env.PATH ?? ''}` },
    })
    expect(fixed.stderr).toBe('')
    expect(fixed.code).toBe(0)
    const calls = readFileSync(log, 'utf8').trim().split('\n')
    expect(calls.filter((command) => command === 'rm' || command === 'update-index')).toHaveLength(
      1,
    )
    expect(repo.indexPaths().sort()).toEqual(expectedLeft.sort())
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('*.py[cod]\n')
    worktree.set('.gitignore', repo.snapshot().get('.gitignore')!)
    expect(repo.snapshot()).toEqual(worktree)
  }, 120_000)

  it('changes nothing when another process stages a neighbour after the index was judged', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    repo.write('cache/x.pyc', 'bytecode\n')
    repo.git(['add', 'cache/x.pyc'])
    repo.write('cache/new.md', 'staged by someone else\n')
    // Another git user stages cache/new.md while the guard plans (at its check-ignore).
    const bin = join(repo.dir, '..', 'bin')
    writeGitShim(
      bin,
      `if [ "$1" = check-ignore ] && [ ! -e "${bin}/done" ]; then : > "${bin}/done"; "$REAL_GIT" add cache/new.md; fi\nexec "$REAL_GIT" "$@"`,
    )
    const env = { ...repo.env, PATH: `${bin}:${repo.env.PATH ?? ''}` }
    const fixed = repo.guard(['--fix'], { env })
    expect(fixed.code).toBe(2)
    expect(fixed.stderr).toMatch(/^precommit-guard: the index changed while --fix was checking it/)
    expect(repo.staged()).toEqual(['cache/new.md', 'cache/x.pyc'])
    expect(readdirSync(repo.dir).sort()).toEqual(['.git', 'a.txt', 'cache'])
    // Run again, it plans on the index as it is now: the neighbour stays.
    expect(repo.guard(['--fix']).code).toBe(0)
    expect(repo.staged()).toEqual(['cache/new.md'])
  })
})

describe('big files whose blob the index does not size', () => {
  it('finds a big blob that a clean filter grew from a small file', () => {
    const repo = createRepo()
    repo.git(['config', 'filter.grow.clean', "awk '{for (i = 0; i < 20; i++) print}'"])
    repo.write('.gitattributes', '*.dat filter=grow\n')
    repo.write('.precommit-guard.json', JSON.stringify({ largeFile: { threshold: 1000 } }))
    repo.write('data.dat', 'abcdefghi\n'.repeat(10)) // 100 bytes on disk, 2,000 as a blob
    repo.write('plain.txt', 'abcdefghi\n'.repeat(10))
    repo.git(['add', '-A'])
    const result = repo.guard(['--format', 'json'])
    const large = recoveryOf(result).findings.filter((f) => f.code === 'LARGE_FILE')
    expect(large.map((f) => f.path)).toEqual(['data.dat'])
    expect(result.stdout).toContain('"bytes": 2000')
  })

  it('asks git about a file of 4 GiB or more, whose index size wrapped (sparse file)', async () => {
    const repo = createRepo()
    repo.write('big.bin', 'x'.repeat(100))
    repo.write('small.bin', 'y'.repeat(100))
    // An old mtime keeps git from zeroing the recorded size of a racily clean entry.
    const old = 1_577_836_800
    for (const name of ['big.bin', 'small.bin']) utimesSync(join(repo.dir, name), old, old)
    repo.git(['add', '-A'])
    // What the index records after staging a file of 4 GiB + 100 bytes: size 100 (the low 32
    // bits), the file's mtime. Staging a real one hashes 4 GiB; the index records the same.
    truncateSync(join(repo.dir, 'big.bin'), 2 ** 32 + 100) // sparse: no 4 GiB written
    utimesSync(join(repo.dir, 'big.bin'), old, old)
    expect(statSync(join(repo.dir, 'big.bin')).size).toBe(2 ** 32 + 100)
    const ctx = { cwd: repo.dir, env: repo.env }
    const entries = await listStaged(ctx)
    const where = {
      indexFile: join(repo.dir, '.git', 'index'),
      top: repo.dir,
      prefix: '',
      cleanFilters: false,
    }
    const asked = await sizeCandidates(ctx, entries, 5 * 1024 * 1024, where)
    expect(asked.map((entry) => entry.path)).toEqual(['big.bin'])
  })

  it('on a big stage, trusts a loose blob below core.bigFileThreshold and proves a packed one', async () => {
    const repo = createRepo()
    const old = 1_577_836_800
    const names = Array.from({ length: 300 }, (_, i) => `src/f${i}.txt`)
    for (const name of ['big.bin', ...names]) {
      repo.write(name, `${name}\n`.repeat(4))
      utimesSync(join(repo.dir, name), old, old)
    }
    repo.git(['add', '-A'])
    // `git add` streams a file above core.bigFileThreshold into a pack: the blob of a file of
    // 4 GiB + 100 bytes is never loose. Pack big.bin's blob, then let its file wrap.
    const oid = repo.git(['rev-parse', ':big.bin']).trim()
    const packed = spawnSync(
      'git',
      ['pack-objects', '-q', join(repo.dir, '.git/objects/pack/pack')],
      {
        cwd: repo.dir,
        env: repo.env,
        input: `${oid}\n`,
      },
    )
    expect(packed.status).toBe(0)
    rmSync(join(repo.dir, '.git/objects', oid.slice(0, 2), oid.slice(2)))
    truncateSync(join(repo.dir, 'big.bin'), 2 ** 32 + statSync(join(repo.dir, 'big.bin')).size)
    utimesSync(join(repo.dir, 'big.bin'), old, old)
    const ctx = { cwd: repo.dir, env: repo.env }
    const entries = await listStaged(ctx)
    const where = {
      indexFile: join(repo.dir, '.git', 'index'),
      top: repo.dir,
      prefix: '',
      cleanFilters: false,
      objectDir: join(repo.dir, '.git', 'objects'),
    }
    const asked = async (bigFileThreshold: number) =>
      (await sizeCandidates(ctx, entries, 5 * 1024 * 1024, { ...where, bigFileThreshold })).map(
        (entry) => entry.path,
      )
    expect(await asked(512 * 1024 * 1024)).toEqual(['big.bin'])
    // A loose blob proves nothing once the threshold lets git write 4 GiB loose: every file is
    // then proven on disk, and one of them (still small as staged) changed size since.
    truncateSync(join(repo.dir, names[7]!), 2 ** 32 + 5)
    utimesSync(join(repo.dir, names[7]!), old, old)
    expect(await asked(512 * 1024 * 1024)).toEqual(['big.bin'])
    expect(await asked(5 * 1024 ** 3)).toEqual(['big.bin', names[7]])
  })

  it('reads core.bigFileThreshold as git does (default 512 MiB, k/m/g suffixes)', async () => {
    const repo = createRepo()
    const threshold = async () =>
      (await openRepo({ cwd: repo.dir, env: repo.env })).bigFileThreshold
    expect(await threshold()).toBe(512 * 1024 * 1024)
    repo.git(['config', 'core.bigFileThreshold', '5g'])
    expect(await threshold()).toBe(5 * 1024 ** 3)
    repo.git(['config', 'core.bigFileThreshold', '100K'])
    expect(await threshold()).toBe(100 * 1024)
  })
})
