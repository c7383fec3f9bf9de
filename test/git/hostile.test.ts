import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRepo, recoveryOf, runInShell } from '../helpers/repo.js'

describe('hostile environments', () => {
  it('treats .ENV and .Env.Local as offenders when core.ignorecase is true', () => {
    const repo = createRepo()
    repo.git(['config', 'core.ignorecase', 'true'])
    repo.write('.ENV')
    repo.write('cfg/.Env.Local')
    repo.write('.Env.Example')
    repo.git(['add', '-A'])
    const report = recoveryOf(repo.guard(['--format', 'json']))
    expect(report.findings.map((f) => f.path).sort()).toEqual(['.ENV', 'cfg/.Env.Local'])
    expect(runInShell(repo, report.commands).code).toBe(0)
    expect(repo.staged()).toEqual(['.Env.Example'])
  })

  it('honours GIT_DIR and GIT_WORK_TREE set separately', () => {
    const repo = createRepo()
    repo.write('.env')
    repo.write('a.txt')
    repo.git(['add', '-A'])
    const elsewhere = join(repo.dir, '..', 'home')
    const env = { ...repo.env, GIT_DIR: join(repo.dir, '.git'), GIT_WORK_TREE: repo.dir }
    const result = repo.guard(['--format', 'json'], { cwd: elsewhere, env })
    expect(result.code).toBe(1)
    expect(recoveryOf(result).findings.map((f) => f.path)).toEqual(['.env'])
  })

  it('works in a linked worktree made by git worktree add', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    const tree = join(repo.dir, '..', 'wt')
    repo.git(['worktree', 'add', '-q', tree])
    writeFileSync(join(tree, '.env'), 'K=1\n')
    repo.git(['add', '.env'], { cwd: tree })
    const result = repo.guard(['--format', 'json'], { cwd: tree })
    expect(result.code).toBe(1)
    const { commands } = recoveryOf(result)
    expect(runInShell(repo, commands, tree).code).toBe(0)
    expect(repo.git(['diff', '--cached', '--name-only'], { cwd: tree })).toBe('')
    expect(repo.guard([], { cwd: repo.dir }).code).toBe(0)
  })

  it('refuses to write through a .gitignore that is a symlink or a directory', () => {
    for (const kind of ['symlink', 'directory'] as const) {
      const repo = createRepo()
      if (kind === 'symlink') {
        writeFileSync(join(repo.dir, '..', 'outside'), 'x\n')
        symlinkSync('../outside', join(repo.dir, '.gitignore'))
      } else {
        mkdirSync(join(repo.dir, '.gitignore'))
      }
      repo.write('.env')
      repo.git(['add', '.env'])
      const result = repo.guard(['--fix'])
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(repo.staged()).toEqual(['.env']) // nothing was changed
      if (kind === 'symlink')
        expect(readFileSync(join(repo.dir, '..', 'outside'), 'utf8')).toBe('x\n')
    }
  })

  it('reads names raw whatever core.quotePath says', () => {
    const repo = createRepo()
    repo.git(['config', 'core.quotePath', 'true'])
    repo.write('señal/日本.env')
    repo.git(['add', '-A'])
    const report = recoveryOf(repo.guard(['--format', 'json']))
    expect(report.findings.map((f) => f.path)).toEqual(['señal/日本.env'])
    expect(runInShell(repo, report.commands).code).toBe(0)
    expect(repo.staged()).toEqual([])
  })

  it('judges names that start with pathspec magic literally (property counter-example)', () => {
    const repo = createRepo()
    repo.write(':(glob)*/.env')
    repo.write(':!x.pyc')
    repo.git(['--literal-pathspecs', 'add', '-A'])
    const result = repo.guard(['--format', 'json'])
    expect(result.code).toBe(1)
    const report = recoveryOf(result)
    expect(report.findings.map((f) => f.path).sort()).toEqual([':!x.pyc', ':(glob)*/.env'])
    expect(runInShell(repo, report.commands).code).toBe(0)
    expect(repo.staged()).toEqual([])
  })

  it('changes nothing when --fix meets a held index.lock', () => {
    const repo = createRepo({
      files: { 'a.txt': 'a\n', '.gitignore': 'node_modules/\n' },
      commit: true,
    })
    repo.write('.env')
    repo.write('app/__pycache__/m.pyc')
    repo.write('b.txt')
    repo.git(['add', '-A'])
    const tree = repo.snapshot()
    const index = repo.git(['ls-files', '-s'])
    writeFileSync(join(repo.dir, '.git/index.lock'), '')
    const result = repo.guard(['--fix'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/index\.lock/)
    rmSync(join(repo.dir, '.git/index.lock'))
    expect(repo.snapshot()).toEqual(tree) // .gitignore included: nothing was appended
    expect(repo.git(['ls-files', '-s'])).toBe(index)
  })

  it('refuses --fix before touching the index when .gitignore is read-only', () => {
    const repo = createRepo({ files: { '.gitignore': 'node_modules/\n' } })
    chmodSync(join(repo.dir, '.gitignore'), 0o444)
    repo.write('.env')
    repo.git(['add', '.env'])
    const check = repo.guard(['--format', 'json'])
    expect(check.code).toBe(1) // reading it is fine
    expect(recoveryOf(check).gitignore).toContain('.env')
    const fix = repo.guard(['--fix'])
    expect(fix.code).toBe(2)
    expect(fix.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(fix.stderr).toMatch(/\.gitignore is read-only/)
    expect(repo.staged()).toEqual(['.env'])
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe('node_modules/\n')
  })

  it('judges decomposed (NFD) names exactly, whatever core.precomposeUnicode says', () => {
    for (const precompose of ['true', 'false']) {
      const repo = createRepo()
      repo.git(['config', 'core.precomposeUnicode', precompose])
      const nfd = 'cafe\u0301/.env'
      repo.write(nfd)
      repo.write('re\u0301sume\u0301.pdf')
      repo.write('cafe\u0301/app.py')
      repo.git(['add', '-A'])
      const report = recoveryOf(repo.guard(['--format', 'json']))
      expect(report.findings.map((f) => f.path).sort()).toEqual([nfd, 're\u0301sume\u0301.pdf'])
      expect(runInShell(repo, report.commands).code).toBe(0)
      expect(repo.staged()).toEqual(['cafe\u0301/app.py'])
    }
  })

  it('judges and recovers in a sparse checkout, including paths outside the cone', () => {
    const repo = createRepo({
      files: { 'a/x.txt': 'x\n', 'b/.env': 'K=1\n', 'b/y.txt': 'y\n' },
      commit: true,
    })
    repo.git(['sparse-checkout', 'set', 'a'])
    expect(existsSync(join(repo.dir, 'b'))).toBe(false) // b/ is outside the sparse checkout
    repo.write('a/.env')
    repo.git(['add', 'a/.env'])
    const staged = recoveryOf(repo.guard(['--format', 'json']))
    expect(staged.findings.map((f) => f.path)).toEqual(['a/.env'])
    expect(runInShell(repo, staged.commands).code).toBe(0)
    expect(repo.staged()).toEqual([])
    // --all audits the whole index, skip-worktree entries too; the commands must still work.
    const all = repo.guard(['--all', '--format', 'json'])
    expect(all.code).toBe(1)
    const audit = recoveryOf(all)
    expect(audit.findings.map((f) => f.path)).toEqual(['b/.env'])
    const tree = repo.snapshot()
    const run = runInShell(repo, audit.commands)
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(repo.indexPaths()).toEqual(['a/x.txt', 'b/y.txt'])
    expect(repo.snapshot()).toEqual(tree)
  })

  it('names only the file when --all meets a committed name that is not UTF-8', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    // Committed and unchanged: only the index listing (not the staged diff) meets the name.
    writeFileSync(Buffer.from(`${repo.dir}/caf\xe9.env`, 'latin1'), 'K=1\n')
    repo.git(['add', '-A'])
    repo.git(['commit', '-q', '-m', 'a latin-1 name'])
    const result = repo.guard(['--all'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^precommit-guard: a file name is not valid UTF-8 \("caf.\.env"\)/,
    )
    expect(result.stderr).not.toMatch(/100644|\\t/)
  })

  it('stops with exit 2 on a staged name that is not UTF-8, and lets its removal through', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    // Latin-1 "résumé.txt" and "café.env": bytes that git stores as they are.
    const latin1 = (name: string) => Buffer.from(`${repo.dir}/${name}`, 'latin1')
    writeFileSync(latin1('r\xe9sum\xe9.txt'), 'cv\n')
    repo.git(['add', '-A'])
    repo.git(['commit', '-q', '-m', 'a latin-1 name'])
    writeFileSync(latin1('caf\xe9.env'), 'K=1\n')
    repo.git(['add', '-A'])
    const index = repo.git(['ls-files', '-s'])
    for (const args of [[], ['--all'], ['--fix'], ['--format', 'json']]) {
      const result = repo.guard(args)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/not valid UTF-8 \("caf.\.env"\).*git commit --no-verify/)
    }
    expect(repo.git(['ls-files', '-s'])).toBe(index) // --fix changed nothing
    // Taking them out by hand is the way forward: a staged removal of such a name never blocks.
    repo.git(['rm', '-q', '--cached', '-r', '--', '.'])
    repo.git(['add', 'a.txt'])
    expect(repo.git(['diff', '--cached', '--name-status'])).toMatch(/^D\t/)
    expect(repo.guard([]).code).toBe(0)
  })

  it('says when a nested .gitignore negation re-includes an offender (property counter-example)', () => {
    const repo = createRepo({ files: { 'src/.gitignore': '!.env\n', '.gitignore': '!.env\n' } })
    repo.write('src/.env')
    repo.write('.env')
    repo.git(['add', '--', 'src/.env', '.env'])
    const { findings } = JSON.parse(repo.guard(['--format', 'json']).stdout) as {
      findings: { path: string; message: string }[]
    }
    const message = (path: string) => findings.find((f) => f.path === path)?.message ?? ''
    expect(message('src/.env')).toMatch(/re-included by src\/\.gitignore:1 \(!\.env\)/)
    expect(message('.env')).not.toMatch(/re-included/)
    const text = repo.guard([], { cwd: join(repo.dir, 'src') })
    expect(text.code).toBe(1)
    // From a subdirectory: git names the nested file root-relative; the root file is not one.
    expect(text.stdout).toContain('.env is re-included by src/.gitignore:1 (!.env)')
    expect(text.stdout).not.toMatch(/^\.env is re-included/m) // the root file's own negation
  })
})
