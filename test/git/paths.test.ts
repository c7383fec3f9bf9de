import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, createRepo, recoveryOf, runInShell } from '../helpers/repo.js'

const ESC = '\u001b'

describe('paths... are judged as index entries', () => {
  it('judges a tracked, unchanged .env given as a path, from the top or a subdirectory', () => {
    const repo = createRepo({
      files: { '.env': 'K=1\n', 'a.txt': 'a\n', 'src/.env.local': 'K=2\n', 'src/m.py': '' },
      commit: true,
    })
    expect(repo.guard()).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(repo.guard(['a.txt'])).toEqual({ code: 0, stdout: '', stderr: '' })
    // A blocked path that is tracked: the whole index is judged, as pre-commit's other runs
    // of `--all-files` would judge the rest of it.
    const top = recoveryOf(repo.guard(['--format', 'json', '.env', 'a.txt']))
    expect(top.findings.map((f) => [f.path, f.status])).toEqual([
      ['.env', '='],
      ['src/.env.local', '='],
    ])
    expect(top.commands).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      "git rm --cached -- ':(top,literal)src/.env.local'",
    ])
    // A directory names every index entry below it, staged or not.
    expect(repo.guard(['src/m.py']).code).toBe(0)
    const sub = repo.guard(['--format', 'json', '.'], { cwd: join(repo.dir, 'src') })
    expect(sub.code).toBe(1)
    expect(recoveryOf(sub).findings.map((f) => f.path)).toEqual(['.env', 'src/.env.local'])
    const abs = repo.guard([join(repo.dir, '.env')], { cwd: join(repo.dir, 'src') })
    expect(abs.code).toBe(1)
    expect(abs.stdout).toContain('  .env (no real-looking value in it)\n')
  })

  it('exits 2 with one line for a path that is neither on disk nor in the index', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    const missing = repo.guard(['does-not-exist.txt'])
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'precommit-guard: no such file, on disk or in the index: does-not-exist.txt: check the path (a relative path is taken from the current directory)\n',
    })
    const two = repo.guard(['a.txt', 'nope/', 'gone'])
    expect(two.code).toBe(2)
    expect(two.stderr).toMatch(/^precommit-guard: no such file.*: nope\/ \(and 1 more\): /)
    expect(two.stderr.split('\n')).toHaveLength(2)
  })

  it('exits 2 for a file that exists but is neither staged nor tracked, and says what to run', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    repo.write('.env', 'SECRET=x\n')
    repo.write('my dir/x.env', 'SECRET=x\n')
    const result = repo.guard(['.env'])
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'precommit-guard: not in the index (neither staged nor tracked), so there is nothing to judge: .env: to see how it would be judged once staged: precommit-guard explain .env\n',
    })
    // The hinted command, pasted as printed from where the user stands, runs.
    const spaced = repo.guard(['x.env'], { cwd: join(repo.dir, 'my dir') })
    expect(spaced.stderr).toMatch(/: precommit-guard explain x\.env\n$/)
    const quoted = repo.guard(['my dir/x.env'])
    const hint = quoted.stderr.slice(quoted.stderr.indexOf('precommit-guard explain'))
    expect(hint).toBe("precommit-guard explain 'my dir/x.env'\n")
    // Pasted into sh as printed, with the guard the test built standing for the bin.
    const explain = runInShell(repo, [
      hint.trim().replace(/^precommit-guard /, `"${process.execPath}" "${CLI}" `),
    ])
    expect(explain).toMatchObject({ code: 0, stderr: '' })
    expect(explain.stdout).toMatch(/^'my dir\/x\.env': blocked by category env/)
    // An untracked directory is not in the index either.
    expect(repo.guard(['my dir']).code).toBe(2)
  })

  it('shows a hostile name escaped in that line, never raw', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    const name = `x${ESC}[2K${ESC}]52;c;ZWNobyBoaQ==\u0007.env`
    repo.write(name, 'SECRET=x\n')
    const result = repo.guard([name])
    expect(result.code).toBe(2)
    expect(result.stderr).not.toContain(ESC)
    expect(result.stderr).not.toContain('\u0007')
    expect(result.stderr).toContain('x\\x1b[2K\\x1b]52;c;ZWNobyBoaQ==\\x07.env')
    expect(repo.guard([`${name}-missing`]).stderr).not.toContain(ESC)
  })

  it('passes a staged deletion given as a path, alone or beside staged files', () => {
    const repo = createRepo({ files: { '.env': 'K=1\n', 'a.txt': 'a\n' }, commit: true })
    repo.git(['rm', '-q', '--cached', '.env'])
    expect(repo.guard(['.env'])).toEqual({ code: 0, stdout: '', stderr: '' })
    repo.write('b.txt')
    repo.git(['add', 'b.txt'])
    expect(repo.guard([join(repo.dir, 'b.txt'), join(repo.dir, '.env')])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    })
    rmSync(join(repo.dir, 'a.txt'))
    repo.git(['rm', '-q', 'a.txt'])
    expect(repo.guard(['a.txt', '.env']).code).toBe(0)
  })

  it('judges names that start with `..` as names inside the repository', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    for (const path of ['..foo', '...env', 'src/..bar', 'src/..env']) repo.write(path, 'K=1\n')
    repo.git(['add', '-f', '--', '..foo', '...env', 'src'])
    expect(repo.guard(['..foo', 'src/..bar'])).toEqual({ code: 0, stdout: '', stderr: '' })
    const env = repo.guard(['--format', 'json', '../...env', '../..foo', '..env'], {
      cwd: join(repo.dir, 'src'),
    })
    expect(env.code).toBe(1)
    const { findings, commands } = recoveryOf(env)
    expect(findings.map((f) => f.path).sort()).toEqual(['...env', 'src/..env'])
    // The commands as printed for where the guard ran (src/).
    expect(runInShell(repo, commands, join(repo.dir, 'src'))).toMatchObject({ code: 0 })
    expect(repo.staged().sort()).toEqual(['..foo', 'src/..bar'])
    expect(repo.guard(['../x']).code).toBe(2)
  })

  it('judges the whole stage when one of its paths offends, so every run prints all of it', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    for (const path of ['.env', 'src/a.py', 'cache/x.pyc', 'cache/y.pyc']) repo.write(path)
    repo.git(['add', '-f', '--', '.env', 'src', 'cache'])
    expect(repo.guard([join(repo.dir, 'src/a.py')])).toEqual({ code: 0, stdout: '', stderr: '' })
    const one = recoveryOf(repo.guard(['--format', 'json', join(repo.dir, 'cache/x.pyc')]))
    const other = recoveryOf(repo.guard(['--format', 'json', '.env', 'src/a.py']))
    expect(one).toEqual(other)
    expect(one.findings.map((f) => f.path).sort()).toEqual(['.env', 'cache/x.pyc', 'cache/y.pyc'])
    expect(one.commands).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      "git rm -r --cached -- ':(top,literal)cache'",
    ])
    // A tracked path among those given: the whole index is judged (an audit, as --all is).
    repo.git(['commit', '-q', '--no-verify', '-m', 'offenders'])
    repo.write('new.pyc')
    repo.git(['add', '-f', 'new.pyc'])
    const audit = recoveryOf(repo.guard(['--format', 'json', 'a.txt', 'cache/x.pyc']))
    expect(audit.findings.map((f) => [f.path, f.status])).toEqual([
      ['.env', '='],
      ['cache/x.pyc', '='],
      ['cache/y.pyc', '='],
      ['new.pyc', 'A'],
    ])
  })
})
