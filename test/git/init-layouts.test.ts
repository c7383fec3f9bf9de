import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installLocally, writeGuardScript } from '../helpers/install.js'
import { CLI, createRepo, type TestRepo } from '../helpers/repo.js'

const read = (repo: TestRepo, path: string) => readFileSync(join(repo.dir, path), 'utf8')

/** A real `git` run with the repository's environment (plus `env`); its exit code and output. */
function git(repo: TestRepo, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync('git', args, {
    cwd: opts.cwd ?? repo.dir,
    env: { ...repo.env, ...opts.env },
    encoding: 'utf8',
  })
  return { code: result.status, out: `${result.stdout}${result.stderr}` }
}

const head = (repo: TestRepo) => repo.git(['rev-parse', 'HEAD']).trim()

/** A folder outside the repository holding a `precommit-guard` on PATH, as a global install. */
function globalGuard(repo: TestRepo): NodeJS.ProcessEnv {
  const bin = join(dirname(repo.dir), 'global-bin')
  writeGuardScript(join(bin, 'precommit-guard'))
  return { PATH: `${bin}:${process.env.PATH ?? ''}` }
}

describe('init never writes outside the repository nor through a symbolic link', () => {
  it('refuses a .env.example that links to the shell start-up file, writing nothing', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    const bashrc = join(dirname(repo.dir), 'home/.bashrc')
    writeFileSync(bashrc, 'export EDITOR=vi\n')
    symlinkSync(bashrc, join(repo.dir, '.env.example'))
    repo.write('.env', 'PATH=/opt/bin\nAPI_KEY=sk-live\n')
    const before = repo.snapshot()
    const result = repo.guard(['init'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'precommit-guard: refusing to read ".env.example": it is a symbolic link to a file outside the repository: replace it with a regular file (or remove it), then run init again\n',
    )
    expect(readFileSync(bashrc, 'utf8')).toBe('export EDITOR=vi\n')
    expect(repo.snapshot()).toEqual(before)
  })

  it('refuses a template that links inside the repository too (a write never follows a link)', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n', 'notes.txt': 'mine\n' }, commit: true })
    symlinkSync('notes.txt', join(repo.dir, '.env.example'))
    repo.write('.env', 'NEW_KEY=1\n')
    const result = repo.guard(['init'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^precommit-guard: refusing to write "\.env\.example": it is a symbolic link/,
    )
    expect(read(repo, 'notes.txt')).toBe('mine\n')
  })

  it('refuses a linked .gitignore, .husky folder and package.json, leaving their targets alone', () => {
    const cases: [
      files: Record<string, string>,
      link: string,
      target: 'file' | 'dir',
      message: RegExp,
    ][] = [
      [
        { 'app.py': 'x\n' },
        '.gitignore',
        'file',
        /refusing to read "\.gitignore": it is a symbolic link to a file outside/,
      ],
      [
        { 'package.json': '{}\n' },
        '.husky',
        'dir',
        /^precommit-guard: refusing to read "\.husky\/pre-commit": \.husky\/ is a symbolic link/,
      ],
      [
        { 'app.py': 'x\n' },
        'package.json',
        'file',
        /refusing to read "package\.json": it is a symbolic link to a file outside/,
      ],
    ]
    for (const [files, link, kind, message] of cases) {
      const repo = createRepo({ files, commit: true })
      const target = join(dirname(repo.dir), 'target')
      if (kind === 'dir') mkdirSync(target)
      else writeFileSync(target, '{}\n')
      symlinkSync(target, join(repo.dir, link))
      const before = repo.snapshot()
      const result = repo.guard(['init'])
      expect(result.code).toBe(2)
      expect(result.stderr.split('\n')).toHaveLength(2)
      expect(result.stderr).toMatch(message)
      if (kind === 'dir') expect(readdirSync(target)).toEqual([])
      else expect(readFileSync(target, 'utf8')).toBe('{}\n')
      expect(repo.snapshot()).toEqual(before)
    }
  })
})

describe('init when it cannot read or write', () => {
  it('makes no template from a .env linked from outside the repository, and says so', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    const shared = join(dirname(repo.dir), 'shared.env')
    writeFileSync(shared, 'SHARED_SECRET_NAME=1\n')
    symlinkSync(shared, join(repo.dir, '.env'))
    const result = repo.guard(['init'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'note: .env is a symbolic link to a file outside the repository, so no template was made from it\n',
    )
    expect(result.stdout).not.toContain('SHARED_SECRET_NAME')
    expect(existsSync(join(repo.dir, '.env.example'))).toBe(false)
    expect(readFileSync(shared, 'utf8')).toBe('SHARED_SECRET_NAME=1\n')
  })

  it('a write that fails (file size limit) leaves .gitignore whole and exits 2 with one line', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    const original = Array.from({ length: 800 }, (_, i) => `generated-${i}/`).join('\n') + '\n'
    writeFileSync(join(repo.dir, '.gitignore'), original)
    const result = spawnSync(
      'bash',
      ['-c', `ulimit -f 4; exec "${process.execPath}" "$@"`, 'sh', CLI, 'init'],
      {
        cwd: repo.dir,
        env: repo.env,
        encoding: 'utf8',
      },
    )
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(
      'precommit-guard: cannot write ".gitignore" (EFBIG): it is left as it was: free the disk or fix the permissions, then run init again\n',
    )
    expect(read(repo, '.gitignore')).toBe(original)
    expect(readdirSync(repo.dir).filter((name) => name.includes('precommit-guard'))).toEqual([])
  })
})

describe('the templates init writes', () => {
  it('copies no secret of a multi-line service-account value or a comment, and the guard passes it', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    const key = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj'
    repo.write(
      'backend/.env',
      [
        '# the port',
        'PORT=8080',
        'DEBUG=true',
        'EMPTY=',
        `# OLD_KEY=sk-proj-${'a1B2c3D4'.repeat(4)}`,
        'GOOGLE_CREDENTIALS="{',
        '  \\"type\\": \\"service_account\\",',
        `  \\"private_key\\": \\"-----BEGIN PRIVATE KEY-----\\n${key}\\n-----END PRIVATE KEY-----\\n\\"`,
        '}"',
        '',
      ].join('\n'),
    )
    const env = globalGuard(repo)
    const result = repo.guard(['init'], { env: { ...repo.env, ...env } })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'created backend/.env.example: keys from the .env beside it; values that could be secret replaced',
    )
    expect(result.stdout).toContain(
      '  cp backend/.env.example backend/.env, then fill in the real values',
    )
    expect(read(repo, 'backend/.env.example')).toBe(
      [
        '# the port',
        'PORT=8080',
        'DEBUG=true',
        'EMPTY=',
        '# OLD_KEY=your-old-key-here',
        'GOOGLE_CREDENTIALS=your-google-credentials-here',
        '',
      ].join('\n'),
    )
    expect(existsSync(join(repo.dir, '.env.example'))).toBe(false)
    // The staged template passes the hook init installed.
    repo.git(['add', 'backend/.env.example', '.gitignore', '.githooks'])
    const before = head(repo)
    expect(git(repo, ['commit', '-q', '-m', 'template'], { env }).code).toBe(0)
    expect(head(repo)).not.toBe(before)
  })

  it('prints no cp step when there is no .env, and merges into an existing template', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    expect(repo.guard(['init']).stdout).not.toContain('cp ')
    repo.write('api/.env', 'PORT=1\nNEW=2\n')
    repo.write('api/.env.sample', '# mine\nPORT=3000\n')
    const result = repo.guard(['init'])
    expect(result.stdout).toContain('updated api/.env.sample:')
    expect(result.stdout).toContain('  cp api/.env.sample api/.env, then fill in the real values')
    expect(read(repo, 'api/.env.sample')).toBe('# mine\nPORT=3000\nNEW=2\n')
    expect(existsSync(join(repo.dir, 'api/.env.example'))).toBe(false)
  })
})

describe('init in a Python-only repository', () => {
  it('installs the plain hook through core.hooksPath; a real commit and a real merge of .env are stopped', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    const env = globalGuard(repo)
    const first = repo.guard(['init'], { env: { ...repo.env, ...env } })
    expect(first.code).toBe(0)
    expect(first.stdout).not.toMatch(/npm|node_modules/)
    expect(first.stdout.split('\n')).toEqual([
      'created .githooks/pre-commit: runs precommit-guard before every commit',
      'created .githooks/pre-merge-commit: runs precommit-guard before every merge commit (git merge)',
      'created .gitignore: recommended ignore rules (missing lines only)',
      'activated the hooks (core.hooksPath = .githooks)',
      'next steps for teammates, after they pull:',
      '  git config core.hooksPath .githooks (the hook runs precommit-guard from PATH)',
      '',
    ])
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('.githooks')
    expect(statSync(join(repo.dir, '.githooks/pre-commit')).mode & 0o111).toBe(0o111)

    const snapshot = repo.snapshot()
    expect(repo.guard(['init'], { env: { ...repo.env, ...env } }).stdout).toContain(
      'nothing to change: already set up',
    )
    expect(repo.snapshot()).toEqual(snapshot)

    repo.git(['add', '.githooks', '.gitignore'])
    expect(git(repo, ['commit', '-q', '-m', 'hooks'], { env }).code).toBe(0)
    repo.write('.env', 'API_KEY=sk-live\n')
    repo.git(['add', '-f', '.env'])
    const before = head(repo)
    const blocked = git(repo, ['commit', '-q', '-m', 'leak'], { env })
    expect(blocked.code).not.toBe(0)
    expect(blocked.out).toContain('git rm --cached')
    expect(head(repo)).toBe(before)

    // A branch that added .env without the hook, merged locally: pre-merge-commit stops it.
    repo.git(['checkout', '-q', '-b', 'feature'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'env on a branch'])
    repo.git(['checkout', '-q', 'main'])
    repo.write('other.txt')
    repo.git(['add', 'other.txt'])
    expect(git(repo, ['commit', '-q', '-m', 'main moves'], { env }).code).toBe(0)
    const mainHead = head(repo)
    const merge = git(repo, ['merge', '--no-edit', 'feature'], { env })
    expect(merge.code).not.toBe(0)
    expect(merge.out).toContain('.env')
    expect(head(repo)).toBe(mainHead)
  })

  it('adds the pre-commit framework entry to an existing config, keeping its bytes, once', () => {
    const config =
      '# hooks we run\nrepos:\n-   repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n    -   id: black\n'
    const repo = createRepo({
      files: { 'app.py': 'x\n', '.pre-commit-config.yaml': config },
      commit: true,
    })
    const result = repo.guard(['init'])
    expect(result.code).toBe(0)
    expect(result.stdout).not.toMatch(/npm|node_modules/)
    expect(result.stdout).toContain(
      'updated .pre-commit-config.yaml: the pre-commit framework runs precommit-guard',
    )
    expect(result.stdout).toContain(
      '  pre-commit install --hook-type pre-commit --hook-type pre-merge-commit',
    )
    const version = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version: string
      }
    ).version
    expect(read(repo, '.pre-commit-config.yaml')).toBe(
      `${config}-   repo: https://github.com/precommit-guard/precommit-guard\n    rev: v${version}\n    hooks:\n      - id: precommit-guard\n`,
    )
    expect(
      spawnSync('pre-commit', ['validate-config', '.pre-commit-config.yaml'], { cwd: repo.dir })
        .status,
    ).toBe(0)
    const snapshot = repo.snapshot()
    expect(repo.guard(['init']).stdout).toContain(
      'already there: .pre-commit-config.yaml: the pre-commit framework runs precommit-guard',
    )
    expect(repo.snapshot()).toEqual(snapshot)
  })

  it('refuses --lint-staged without a package.json', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    const before = repo.snapshot()
    const result = repo.guard(['init', '--lint-staged'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'precommit-guard: --lint-staged needs a package.json (lint-staged is an npm package), and there is none here: run init in the folder of your package.json, or without --lint-staged\n',
    )
    expect(repo.snapshot()).toEqual(before)
  })
})

describe('init for a package in a subdirectory (husky recipe for projects not at the git root)', () => {
  it('run in frontend/: the hook judges the whole stage, from the root and from frontend/', () => {
    const repo = createRepo({
      files: {
        'backend/app.py': 'x\n',
        'frontend/package.json': '{\n  "name": "web"\n}\n',
        'frontend/index.js': 'x\n',
      },
      commit: true,
    })
    const front = join(repo.dir, 'frontend')
    installLocally({ ...repo, dir: front }, { husky: true })
    const result = repo.guard(['init'], { cwd: front })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('activated the hooks (core.hooksPath = frontend/.husky/_)')
    expect(result.stdout).toContain(
      '  cd frontend && npm install (its prepare script activates the hook)',
    )
    expect(read(repo, 'frontend/.husky/pre-commit')).toBe('(cd frontend && precommit-guard)\n')
    expect(JSON.parse(read(repo, 'frontend/package.json'))).toMatchObject({
      scripts: { prepare: 'cd .. && husky frontend/.husky' },
    })
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('frontend/.husky/_')
    const snapshot = repo.snapshot()
    expect(repo.guard(['init'], { cwd: front }).stdout).toContain('nothing to change')
    expect(repo.snapshot()).toEqual(snapshot)

    repo.git(['add', 'frontend/package.json', 'frontend/.husky', '.gitignore'])
    expect(git(repo, ['commit', '-q', '-m', 'guard']).code).toBe(0)
    repo.write('backend/.env', 'API_KEY=sk-live\n')
    repo.git(['add', '-f', 'backend/.env'])
    const before = head(repo)
    for (const cwd of [repo.dir, front]) {
      const blocked = git(repo, ['commit', '-q', '-m', 'leak'], { cwd })
      expect(blocked.code).not.toBe(0)
      expect(blocked.out).toContain('backend/.env')
      expect(head(repo)).toBe(before)
    }
    repo.git(['rm', '-q', '--cached', 'backend/.env'])
    repo.write('frontend/b.js')
    repo.git(['add', 'frontend/b.js'])
    expect(git(repo, ['commit', '-q', '-m', 'clean'], { cwd: front }).code).toBe(0)
  })
})

describe('init --lint-staged for a package in a subdirectory', () => {
  it('keeps the guard on the whole stage as its own line, then lint-staged; a real commit of backend/.env is stopped', () => {
    const repo = createRepo({
      files: {
        'backend/app.py': 'x\n',
        'frontend/package.json': '{"name":"web","lint-staged":{"*.js":"true"}}\n',
        'frontend/index.js': 'x\n',
      },
      commit: true,
    })
    const front = join(repo.dir, 'frontend')
    installLocally({ ...repo, dir: front }, { husky: true, lintStaged: true })
    const result = repo.guard(['init', '--lint-staged'], { cwd: front })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'created frontend/.husky/pre-commit: runs precommit-guard on the whole stage, then lint-staged, before every commit',
    )
    expect(result.stdout).toContain(
      'note: lint-staged in frontend/ only passes files below that folder, so the guard runs as its own hook line (on the whole stage), not as a lint-staged task',
    )
    expect(read(repo, 'frontend/.husky/pre-commit')).toBe(
      '(cd frontend && precommit-guard)\n(cd frontend && lint-staged)\n',
    )
    expect(
      (JSON.parse(read(repo, 'frontend/package.json')) as Record<string, unknown>)['lint-staged'],
    ).toEqual({ '*.js': 'true' })
    const snapshot = repo.snapshot()
    expect(repo.guard(['init', '--lint-staged'], { cwd: front }).stdout).toContain(
      'nothing to change',
    )
    expect(repo.snapshot()).toEqual(snapshot)
    repo.git(['add', 'frontend/package.json', 'frontend/.husky', '.gitignore'])
    expect(git(repo, ['commit', '-q', '-m', 'guard']).code).toBe(0)
    repo.write('backend/.env', 'API_KEY=sk-live\n')
    repo.write('frontend/b.js')
    repo.git(['add', '-f', 'backend/.env', 'frontend/b.js'])
    const before = head(repo)
    const blocked = git(repo, ['commit', '-q', '-m', 'leak'], { cwd: front })
    expect(blocked.code).not.toBe(0)
    expect(blocked.out).toContain('backend/.env')
    expect(head(repo)).toBe(before)
  })
})

describe('init keeps the bytes it did not add', () => {
  it('a .gitignore that is not UTF-8 keeps every byte and gains only the missing lines', () => {
    const repo = createRepo({ files: { 'app.py': 'x\n' }, commit: true })
    const original = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2f, 0x0a, 0xff, 0xfe, 0x0a])
    writeFileSync(join(repo.dir, '.gitignore'), original)
    expect(repo.guard(['init']).code).toBe(0)
    const after = readFileSync(join(repo.dir, '.gitignore'))
    expect(after.subarray(0, original.length).equals(original)).toBe(true)
    expect(after.subarray(original.length).toString('utf8')).toContain('\n.env\n')
  })
})

describe('init and lint-staged', () => {
  function nodeRepo(files: Record<string, string> = {}) {
    const repo = createRepo({
      files: { 'package.json': '{"name":"app"}\n', ...files },
      commit: true,
    })
    installLocally(repo, { husky: true, lintStaged: true })
    return repo
  }

  it('init then init --lint-staged: the hook runs the guard once, and init again changes nothing', () => {
    const repo = nodeRepo()
    repo.guard(['init'])
    expect(read(repo, '.husky/pre-commit')).toBe('precommit-guard\n')
    const switched = repo.guard(['init', '--lint-staged'])
    expect(switched.stdout).toContain(
      'updated package.json: lint-staged runs the guard on staged files',
    )
    expect(switched.stdout).toContain(
      'updated .husky/pre-commit: runs lint-staged (and so the guard) before every commit',
    )
    expect(read(repo, '.husky/pre-commit')).toBe('lint-staged\n')
    expect(
      (JSON.parse(read(repo, 'package.json')) as Record<string, unknown>)['lint-staged'],
    ).toEqual({
      '*': 'precommit-guard',
    })
    const snapshot = repo.snapshot()
    expect(repo.guard(['init']).stdout).toContain('nothing to change')
    expect(repo.guard(['init', '--lint-staged']).stdout).toContain('nothing to change')
    expect(repo.snapshot()).toEqual(snapshot)
  })

  it('edits a YAML config, gives the snippet for a JS one, never says "already set up" then', () => {
    const yaml = nodeRepo({ '.lintstagedrc.yaml': "# ours\n'*.py': ruff\n" })
    expect(yaml.guard(['init', '--lint-staged']).stdout).toContain(
      'updated .lintstagedrc.yaml: lint-staged runs the guard on staged files',
    )
    expect(read(yaml, '.lintstagedrc.yaml')).toBe("# ours\n'*.py': ruff\n'*': precommit-guard\n")

    const js = nodeRepo({ 'lint-staged.config.mjs': "export default { '*.js': 'eslint' }\n" })
    js.guard(['init', '--lint-staged'])
    const again = js.guard(['init', '--lint-staged'])
    expect(again.stdout).not.toContain('already set up')
    expect(again.stdout).toContain(
      `note: lint-staged.config.mjs is not edited by init: add the task "'*': 'precommit-guard'" to the object it exports`,
    )
    expect(read(js, 'lint-staged.config.mjs')).toBe("export default { '*.js': 'eslint' }\n")
  })

  it('a dry run shows the lines it would add and writes nothing', () => {
    const repo = nodeRepo()
    const before = repo.snapshot()
    const result = repo.guard(['init', '--lint-staged', '--dry-run'])
    expect(result.stdout).toContain(
      'would update package.json: "prepare" runs husky (activates the hook on npm install); lint-staged runs the guard\n',
    )
    expect(result.stdout).toContain('    +     "*": "precommit-guard"\n')
    expect(result.stdout).toContain(
      'would create .husky/pre-commit: runs lint-staged (and so the guard) before every commit\n    + lint-staged\n',
    )
    expect(result.stdout).toContain('    + .env\n')
    expect(repo.snapshot()).toEqual(before)
  })

  it('a real merge that brings in .env is stopped by the husky hook init installed', () => {
    const repo = nodeRepo({ 'a.txt': 'a\n' })
    repo.guard(['init'])
    repo.git(['add', '.'])
    repo.git(['commit', '-q', '-m', 'guard'])
    repo.git(['checkout', '-q', '-b', 'feature'])
    repo.write('.env', 'API_KEY=sk-live\n')
    repo.git(['add', '-f', '.env'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'env'])
    repo.git(['checkout', '-q', 'main'])
    repo.write('b.txt')
    repo.git(['add', 'b.txt'])
    repo.git(['commit', '-q', '-m', 'b'])
    const before = head(repo)
    const merge = git(repo, ['merge', '--no-edit', 'feature'])
    expect(merge.code).not.toBe(0)
    expect(merge.out).toContain('husky - pre-merge-commit script failed')
    expect(head(repo)).toBe(before)
  })
})
