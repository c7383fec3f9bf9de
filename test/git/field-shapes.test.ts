import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { printedSteps } from '../helpers/paste.js'
import { createRepo, recoveryOf, runInShell, splitZ, type TestRepo } from '../helpers/repo.js'

/**
 * Shapes met in real public repositories (docs/field-check.md), rebuilt with our own files:
 * each was a block the field run showed to be plainly wrong.
 */

function ignoredBy(repo: TestRepo, paths: string[]): string[] {
  const out = repo.git(['check-ignore', '--no-index', '-z', '--stdin'], {
    input: paths.map((p) => `${p}\0`).join(''),
  })
  return splitZ(out).sort()
}

describe('an uploads folder that keeps itself with its own .gitignore', () => {
  it('the .gitignore passes; the printed steps untrack the uploads and leave it tracked', () => {
    const repo = createRepo({ files: { 'README.md': 'x\n' }, commit: true })
    repo.write('public/uploads/.gitignore', '*\n!.gitignore\n!default.jpg\n')
    repo.write('public/uploads/default.jpg', 'jpg\n')
    repo.write('public/uploads/user-5f3a.webp', 'webp\n')
    repo.write('logs/.gitignore', '*\n!.gitignore\n')
    repo.git(['add', '-A'])
    repo.git(['add', '-f', 'public/uploads/user-5f3a.webp'])
    repo.git(['commit', '-q', '-m', 'uploads'])

    const json = recoveryOf(repo.guard(['--all', '--format', 'json']))
    expect(json.findings.map((f) => `${f.category}:${f.path}`)).toEqual([
      'upload:public/uploads/default.jpg',
      'upload:public/uploads/user-5f3a.webp',
    ])

    const text = repo.guard(['--all'])
    expect(text.code).toBe(1)
    const steps = printedSteps(text.stdout)
    expect(runInShell(repo, steps).code).toBe(0)
    expect(repo.indexPaths().sort()).toEqual([
      '.gitignore',
      'README.md',
      'logs/.gitignore',
      'public/uploads/.gitignore',
    ])
    // The folder's own .gitignore stays unignored; what users upload later is kept out.
    repo.write('public/uploads/later.png', 'png\n')
    expect(
      ignoredBy(repo, [
        'public/uploads/.gitignore',
        'public/uploads/later.png',
        'public/uploads/user-5f3a.webp',
      ]),
    ).toEqual(['public/uploads/later.png', 'public/uploads/user-5f3a.webp'])
    expect(recoveryOf(repo.guard(['--format', 'json'])).findings).toEqual([])
  })

  it("a committed virtualenv's own .gitignore is still part of the venv", () => {
    const repo = createRepo()
    repo.write('venv/pyvenv.cfg', 'home = /usr/bin\n')
    repo.write('venv/.gitignore', '*\n')
    repo.write('venv/bin/python', 'x\n')
    repo.git(['add', '-f', '-A'])
    const { findings } = recoveryOf(repo.guard(['--format', 'json']))
    expect(findings.map((f) => `${f.category}:${f.path}`)).toEqual([
      'venv:venv/.gitignore',
      'venv:venv/bin/python',
      'venv:venv/pyvenv.cfg',
    ])
  })
})

describe('a Vite monorepo: each app reads .env from its own folder', () => {
  it("an app's .env and .env.<mode> beside vite.config.ts pass; *.local and other folders block", () => {
    const repo = createRepo()
    repo.write('package.json', '{ "private": true, "devDependencies": { "vite": "^6.0.0" } }\n')
    repo.write('apps/web/package.json', '{ "name": "web" }\n')
    repo.write('apps/web/vite.config.ts', 'export default {}\n')
    repo.write('apps/web/.env', 'VITE_APP_TITLE=Admin\nVITE_BASE=/\n')
    repo.write('apps/web/.env.production', 'VITE_COMPRESS=none\nVITE_PWA=false\n')
    repo.write('apps/web/.env.local', 'VITE_APP_TITLE=mine\n')
    repo.write('apps/admin/package.json', '{ "devDependencies": { "vite": "^6.0.0" } }\n')
    repo.write('apps/admin/.env.development', 'VITE_PORT=5555\n')
    repo.write('tests/fixtures/.env', 'FOO=bar\n')
    repo.git(['add', '-A'])

    const json = recoveryOf(repo.guard(['--format', 'json']))
    expect(json.findings.map((f) => f.path)).toEqual(['apps/web/.env.local', 'tests/fixtures/.env'])
    expect(repo.guard(['explain', 'apps/web/.env']).stdout).toBe(
      'apps/web/.env: passes, the Vite preset applies: the framework commits .env and .env.<mode> with defaults and keeps secrets in *.local, so this file is judged by its content like a template\n  content: read, and no value looks real\n',
    )
    expect(repo.guard(['explain', 'tests/fixtures/.env']).stdout).toContain('blocked')

    // A real-looking key in an app's committed defaults still blocks.
    repo.write(
      'apps/admin/.env.development',
      `OPENAI_API_KEY=sk-proj-${randomBytes(40).toString('hex')}\n`,
    )
    repo.git(['add', '-A'])
    expect(recoveryOf(repo.guard(['--format', 'json'])).findings.map((f) => f.path)).toEqual([
      'apps/admin/.env.development',
      'apps/web/.env.local',
      'tests/fixtures/.env',
    ])
  })
})

describe('a data set of many CSVs: one allow entry per folder, none cut short', () => {
  it('the printed entries keep every blocked CSV, and only the CSVs of those folders', () => {
    const repo = createRepo()
    for (let i = 0; i < 30; i++) repo.write(`set-${i}.csv`, `a,b\n${i},1\n`)
    repo.write('raw/one.csv', 'a\n')
    repo.write('raw/two.csv', 'b\n')
    repo.write('docs/only [draft].pdf', 'pdf\n')
    repo.git(['add', '-A'])
    const blocked = repo.guard()
    expect(blocked.code).toBe(1)
    const lines = blocked.stdout.split('\n')
    const at = lines.indexOf(
      'If the team keeps them in git on purpose, create .precommit-guard.json with:',
    )
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '{ "allow": ["docs/only \\\\[draft\\\\].pdf", "raw/*.csv", "/*.csv"] }',
      '',
    ])
    repo.write('.precommit-guard.json', `${lines[at + 1]!}\n`)
    repo.git(['add', '-A'])
    expect(recoveryOf(repo.guard(['--format', 'json'])).findings).toEqual([])
    // Not deeper than the folder, and no other kind of file.
    repo.write('raw/deeper/three.csv', 'c\n')
    repo.write('raw/notes.pdf', 'pdf\n')
    repo.git(['add', '-A'])
    expect(recoveryOf(repo.guard(['--format', 'json'])).findings.map((f) => f.path)).toEqual([
      'raw/deeper/three.csv',
      'raw/notes.pdf',
    ])
  })
})
