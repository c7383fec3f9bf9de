import { describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../helpers/repo.js'

function commit(repo: TestRepo, message: string, files: Record<string, string> = {}): string {
  for (const [path, content] of Object.entries(files)) repo.write(path, content)
  repo.git(['add', '-A'])
  repo.git(['commit', '-q', '--no-verify', '--allow-empty', '-m', message])
  return repo.git(['rev-parse', 'HEAD']).trim()
}

const ALLOW_ALL = JSON.stringify({ allow: ['**'] })

describe('--range reads its configuration at the base of the range', () => {
  it('a pull request that adds allow ["**"] together with .env still fails', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    const base = repo.git(['rev-parse', 'HEAD']).trim()
    repo.git(['checkout', '-q', '-b', 'pr'])
    commit(repo, 'config', { '.precommit-guard.json': ALLOW_ALL, '.env': 'SECRET=1\n' })

    const result = repo.guard(['--range', `${base}..HEAD`])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^ {2}\.env \(in [0-9a-f]{12}\)$/m)
    expect(result.stdout).toContain(
      `Configuration: none, so the built-in rules, as the base of the range (${base.slice(0, 12)}) holds it.`,
    )
    expect(result.stdout).toContain(
      'This range changes .precommit-guard.json: that change is not applied here, so the change under test cannot loosen its own check; it applies once merged.',
    )
    // The same through the merge base, as CI names a pull request (main...HEAD).
    const json = repo.guard(['--range', 'main...HEAD', '--format', 'json'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      configuration: { at: base, changed: ['.precommit-guard.json'] },
      findings: [{ path: '.env' }],
    })
  })

  it("uses the base's configuration, even when the range deletes it or names it by --config", () => {
    const repo = createRepo({
      files: {
        'README.md': 'hi\n',
        '.precommit-guard.json': JSON.stringify({ categories: { upload: 'off' } }),
        'ci/guard.json': JSON.stringify({ categories: { upload: 'off' } }),
      },
      commit: true,
    })
    const base = repo.git(['rev-parse', 'HEAD']).trim()
    // The base turns uploads off: a CSV passes, whatever the range does to the file.
    commit(repo, 'data', {
      'export.csv': 'a\n',
      'ci/guard.json': JSON.stringify({ allow: ['**'] }),
    })
    repo.git(['rm', '-q', '.precommit-guard.json'])
    commit(repo, 'drop config', { '.env': 'K=1\n' })
    const result = repo.guard(['--range', `${base}..HEAD`, '--format', 'json'])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as {
      configuration: unknown
      findings: { path: string }[]
    }
    expect(report.findings.map((f) => f.path)).toEqual(['.env'])
    expect(report.configuration).toEqual({
      source: '.precommit-guard.json',
      at: base,
      changed: ['.precommit-guard.json'],
    })
    // --config inside the repository is read at the base too: the range's allow-all is not used.
    const named = repo.guard([
      '--range',
      `${base}..HEAD`,
      '--config',
      'ci/guard.json',
      '--format',
      'json',
    ])
    expect(named.code).toBe(1)
    expect(JSON.parse(named.stdout)).toMatchObject({
      configuration: {
        source: 'ci/guard.json',
        at: base,
        changed: ['ci/guard.json', '.precommit-guard.json'],
      },
      findings: [{ path: '.env' }],
    })
  })

  it('a clean range that changes the configuration says so, and passes', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    commit(repo, 'tune', {
      'package.json': JSON.stringify({
        name: 'x',
        'precommit-guard': { categories: { upload: 'off' } },
      }),
    })
    const result = repo.guard(['--range', 'HEAD~1..HEAD'])
    expect(result.code).toBe(0)
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Configuration: none, so the built-in rules, as the base of the range \([0-9a-f]{12}\) holds it\.$/,
      ),
      'This range changes package.json: that change is not applied here, so the change under test cannot loosen its own check; it applies once merged.',
    ])
    // A package.json change that does not touch the guard's key is not a configuration change.
    commit(repo, 'deps', { 'package.json': JSON.stringify({ name: 'y' }) })
    expect(repo.guard(['--range', 'HEAD~1..HEAD'])).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})
