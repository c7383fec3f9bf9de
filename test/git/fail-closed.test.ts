import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeGitShim } from '../helpers/git-shim.js'
import { writeGuardScript } from '../helpers/install.js'
import { createRepo, type TestRepo } from '../helpers/repo.js'

/**
 * A real git on PATH, except that the staged listing (`diff --cached --raw -z`) comes back
 * malformed: the parser throws a plain Error, as a bug in the guard would.
 */
function withMalformedListing(repo: TestRepo, records: string): NodeJS.ProcessEnv {
  const bin = shimBin(repo)
  writeGitShim(
    bin,
    `case " $* " in *" --cached --raw -z "*) printf '${records}'; exit 0;; esac\nexec "$REAL_GIT" "$@"`,
  )
  return { ...repo.env, PATH: `${bin}:${repo.env.PATH ?? ''}` }
}

const shimBin = (repo: TestRepo) => join(repo.dir, '..', 'shim-bin')

describe('fail closed on an internal error', () => {
  it.each([
    ['a record with no path', ':000000 100644 0000000 e69de29 A\\000'],
    ['an unknown status letter', ':000000 100644 0000000 e69de29 X\\000.env\\000'],
    ['garbage', 'fatal-ish nonsense\\000'],
  ])('stops with one line naming --no-verify and where to report (%s)', (_name, records) => {
    const repo = createRepo()
    repo.write('a.txt')
    repo.git(['add', 'a.txt'])
    const env = withMalformedListing(repo, records)
    const result = repo.guard([], { env })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1) // no stack trace
    expect(lines[0]).toMatch(/^precommit-guard: internal error \(unexpected `git diff --raw`/)
    expect(lines[0]).toContain('git commit --no-verify')
    expect(lines[0]).toContain('SECURITY.md')

    const debug = repo.guard([], { env: { ...env, DEBUG: '1' } })
    expect(debug.code).toBe(2)
    expect(debug.stderr).toMatch(/\n\s+at parseRawDiff /)
  })

  it('stops a real commit through the hook, and --no-verify gets past it deliberately', () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' }, commit: true })
    // git puts its exec-path first on a hook's PATH, so the hook re-prepends the shim.
    writeGuardScript(join(repo.dir, '.git/hooks/pre-commit'), {
      prefix: `PATH="${shimBin(repo)}:$PATH"`,
    })
    repo.write('b.txt')
    repo.git(['add', 'b.txt'])
    const env = withMalformedListing(repo, 'garbage\\000')
    const head = () => repo.git(['rev-parse', 'HEAD']).trim()
    const before = head()
    const commit = (extra: string[]) =>
      spawnSync('git', ['commit', '-q', '-m', 'x', ...extra], {
        cwd: repo.dir,
        env,
        encoding: 'utf8',
      })
    const stopped = commit([])
    expect(stopped.status).not.toBe(0)
    expect(stopped.stderr).toContain('internal error')
    expect(head()).toBe(before)
    expect(commit(['--no-verify']).status).toBe(0)
    expect(head()).not.toBe(before)
  })
})
