import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installLocally } from '../helpers/install.js'
import { createRepo } from '../helpers/repo.js'

describe('precommit-guard init', () => {
  it('wires husky so that a commit with .env is rejected, and is idempotent', () => {
    const repo = createRepo({
      files: { 'package.json': '{\n  "name": "app"\n}\n', 'app.py': 'x\n' },
      commit: true,
    })
    repo.write('.env', '# key\nAPI_KEY=sk-real-value\n')
    repo.write('.gitignore', 'node_modules')
    installLocally(repo, { husky: true })
    const first = repo.guard(['init'])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('activated the hooks (core.hooksPath = .husky/_)')
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('.husky/_')
    // A comment that holds nothing secret stays: it documents the key for teammates.
    expect(readFileSync(join(repo.dir, '.env.example'), 'utf8')).toBe(
      '# key\nAPI_KEY=your-api-key-here\n',
    )
    expect(JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8'))).toMatchObject({
      scripts: { prepare: 'husky' },
    })

    const before = repo.snapshot()
    expect(repo.guard(['init']).stdout).toContain('nothing to change: already set up')
    expect(repo.snapshot()).toEqual(before)

    repo.git(['add', '-f', '.env'])
    const head = repo.git(['rev-parse', 'HEAD'])
    expect(() => repo.git(['commit', '-q', '-m', 'leak'])).toThrow()
    expect(repo.git(['rev-parse', 'HEAD'])).toBe(head)
    repo.git(['rm', '-q', '--cached', '.env'])
    repo.git(['add', '.gitignore', '.env.example', 'package.json', '.husky'])
    repo.git(['commit', '-q', '-m', 'set up the guard'])
    expect(repo.git(['rev-parse', 'HEAD'])).not.toBe(head)
  })

  it('--lint-staged leaves a config and hook that reject a staged svc/.env', () => {
    const repo = createRepo({
      files: { 'package.json': '{"name":"app"}\n', 'a.txt': 'a\n' },
      commit: true,
    })
    installLocally(repo, { husky: true, lintStaged: true })
    expect(repo.guard(['init', '--lint-staged']).code).toBe(0)
    repo.write('svc/.env', 'K=1\n')
    repo.write('svc/app.py')
    repo.git(['add', '-f', 'svc/.env', 'svc/app.py'])
    const head = repo.git(['rev-parse', 'HEAD'])
    expect(() => repo.git(['commit', '-q', '-m', 'leak'])).toThrow()
    expect(repo.git(['rev-parse', 'HEAD'])).toBe(head)
    repo.git(['rm', '-q', '--cached', 'svc/.env'])
    repo.git(['commit', '-q', '-m', 'clean'])
    expect(repo.git(['rev-parse', 'HEAD'])).not.toBe(head)
  })

  it('keeps the lines of an existing .husky/pre-commit', () => {
    const repo = createRepo({
      files: { 'package.json': '{}\n', '.husky/pre-commit': 'npm test\n' },
      commit: true,
    })
    repo.guard(['init'])
    expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe(
      'precommit-guard\nnpm test\n',
    )
  })

  it('adds the guard to lint-staged with --lint-staged', () => {
    const repo = createRepo({
      files: { 'package.json': '{"name":"app","lint-staged":{"*.py":"ruff"}}' },
      commit: true,
    })
    const result = repo.guard(['init', '--lint-staged'])
    expect(result.code).toBe(0)
    const pkg = JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(pkg['lint-staged']).toEqual({ '*': 'precommit-guard', '*.py': 'ruff' })
    expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe('lint-staged\n')
  })

  it('writes nothing with --dry-run', () => {
    const repo = createRepo({ files: { 'package.json': '{}\n' }, commit: true })
    const before = repo.snapshot()
    const result = repo.guard(['init', '--dry-run'])
    expect(result.stdout).toContain('would create .gitignore: recommended ignore rules')
    expect(repo.snapshot()).toEqual(before)
  })

  it('sets up the plain hook in a Python-only repository, without creating package.json', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    const result = repo.guard(['init'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('created .githooks/pre-commit')
    expect(existsSync(join(repo.dir, 'package.json'))).toBe(false)
    expect(existsSync(join(repo.dir, '.husky'))).toBe(false)
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toContain('__pycache__/')
  })
})
