import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, closeSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { printedSteps } from '../helpers/paste.js'
import { CLI, createRepo, recoveryOf, type RunResult, type TestRepo } from '../helpers/repo.js'

// What a terminal acts on instead of showing, minus the newline that structures the report.
const RAW_CONTROL =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069]/
// The guard's own colour codes, the only escape sequences it may write.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const OWN_SGR = /\u001b\[(?:1|2|22|31|33|39)m/g

function rawControls(text: string): string[] {
  return [...text.replace(OWN_SGR, '').matchAll(new RegExp(RAW_CONTROL.source, 'g'))].map(
    (m) => m[0],
  )
}

function runIn(shell: string, repo: TestRepo, commands: string[], env = repo.env): RunResult {
  const result = spawnSync(shell, ['-c', `set -e\n${commands.join('\n')}`], {
    cwd: repo.dir,
    env,
    encoding: 'utf8',
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

// A name that redraws the line the user copies, one that writes the clipboard (OSC 52),
// one with a line break that would split a printed command in two.
const REDRAW = '__pycache__/x\r\u001b[2Kgit rm -r --cached .\u001b[8m.pyc'
const CLIPBOARD = 'y\u001b]52;c;Z2l0IHJtIC1yIC0tY2FjaGVkIC4=\u0007.pyc'
const SPLIT = 'notes\ngit rm -r --cached ..pyc'
const INNOCENT = ['src/app.py', 'README.md', 'src/__init__.py']

function hostileRepo(): TestRepo {
  const repo = createRepo({ files: Object.fromEntries(INNOCENT.map((p) => [p, `${p}\n`])) })
  repo.git(['add', '-A'])
  repo.git(['commit', '-q', '-m', 'innocent files'])
  for (const name of [REDRAW, CLIPBOARD, SPLIT]) repo.write(name, 'bytecode\n')
  repo.git(['add', '-A'])
  return repo
}

describe('names that act on the terminal', () => {
  it('shows no raw control character, colour on or off, in text, JSON and SARIF', () => {
    const repo = hostileRepo()
    for (const env of [repo.env, { ...repo.env, NO_COLOR: '', FORCE_COLOR: '1' }]) {
      const text = repo.guard([], { env })
      expect(text.code).toBe(1)
      expect(text.stdout).toContain('__pycache__')
      expect(rawControls(text.stdout + text.stderr)).toEqual([])
    }
    for (const format of ['json', 'sarif']) {
      const result = repo.guard(['--format', format])
      expect(rawControls(result.stdout)).toEqual([])
      JSON.parse(result.stdout) // still one valid document
    }
    // JSON still names the real files: its escapes decode to the exact names.
    const paths = recoveryOf(repo.guard(['--format', 'json'])).findings.map((f) => f.path)
    expect(paths.sort()).toEqual([REDRAW, CLIPBOARD, SPLIT].sort())
  })

  it.each(['sh', 'dash', 'bash', 'zsh'])(
    'pasted into %s, the printed commands untrack exactly the offenders',
    (shell) => {
      const repo = hostileRepo()
      const before = repo.snapshot()
      const result = repo.guard()
      const commands = printedSteps(result.stdout)
      expect(commands.length).toBeGreaterThan(0)
      const run = runIn(shell, repo, commands)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      // The offenders are out, the .gitignore step staged the root .gitignore, nothing else moved.
      expect(repo.indexPaths().sort()).toEqual([...INNOCENT, '.gitignore'].sort())
      const after = repo.snapshot()
      expect(after.has('.gitignore')).toBe(true)
      after.delete('.gitignore')
      expect(after).toEqual(before)
      expect(repo.guard().code).toBe(0)
    },
  )

  it('escapes a commit subject shown by history', () => {
    const repo = createRepo({ files: { '.env': 'API_KEY=sk-live-0123456789abcdef\n' } })
    repo.git(['add', '-A'])
    repo.git(['commit', '-q', '-m', 'fix\r\u001b[2Kharmless \u001b]52;c;cm0gLXJmIH4=\u0007'])
    for (const env of [repo.env, { ...repo.env, NO_COLOR: '', FORCE_COLOR: '1' }]) {
      const result = repo.guard(['history'], { env })
      expect(result.code).toBe(1)
      expect(result.stdout).toContain('fix\\x0d\\x1b[2Kharmless')
      expect(rawControls(result.stdout)).toEqual([])
    }
  })
})

describe('zsh', () => {
  it('does not expand a name starting with = to a program on PATH', () => {
    // `mytool` is the repository's own script on PATH: unquoted, zsh turns `=mytool` into
    // its absolute path, and git would untrack the script instead of the virtualenv.
    const repo = createRepo({ files: { 'bin/mytool': '#!/bin/sh\n' } })
    chmodSync(join(repo.dir, 'bin/mytool'), 0o755)
    repo.git(['add', '-A'])
    repo.git(['commit', '-q', '-m', 'a tool'])
    repo.write('=mytool/pyvenv.cfg', 'home = /usr/bin\n')
    repo.write('=mytool/lib/python3.11/site-packages/x.py', 'x = 1\n')
    repo.git(['add', '-A'])
    const result = repo.guard()
    expect(result.code).toBe(1)
    const commands = printedSteps(result.stdout)
    const env = { ...repo.env, PATH: `${join(repo.dir, 'bin')}:${repo.env.PATH ?? ''}` }
    const run = runIn('zsh', repo, commands, env)
    expect(run.code).toBe(0)
    expect(repo.indexPaths()).toEqual(['.gitignore', 'bin/mytool'])
  })
})

describe('a name with a line break in .gitignore', () => {
  it('gets no `?` line that would also ignore an innocent neighbour, and says why', () => {
    const repo = createRepo({ files: { 'py_env/keep.txt': 'kept\n' } })
    repo.git(['add', '-A'])
    repo.git(['commit', '-q', '-m', 'a folder that is not a venv'])
    repo.write('py\nenv/pyvenv.cfg', 'home = /usr/bin\n')
    repo.write('py\nenv/lib/python3.11/site-packages/x.py', 'x = 1\n')
    repo.git(['add', '-A'])
    const json = JSON.parse(repo.guard(['--format', 'json']).stdout) as {
      recovery: { gitignore: string[]; unignorable: string[] }
    }
    expect(json.recovery.gitignore.some((line) => line.includes('py?env'))).toBe(false)
    expect(json.recovery.unignorable).toEqual([
      'py\nenv/lib/python3.11/site-packages/x.py',
      'py\nenv/pyvenv.cfg',
    ])
    const text = repo.guard()
    expect(text.stdout).toContain('rename it')
    expect(repo.guard(['--fix']).code).toBe(0)
    expect(repo.indexPaths()).toEqual(['py_env/keep.txt'])
    const ignored = spawnSync('git', ['check-ignore', '-q', 'py_env/keep.txt'], {
      cwd: repo.dir,
      env: repo.env,
    })
    expect(ignored.status).toBe(1)
  })
})

describe('stdout that goes away', () => {
  it('keeps the verdict and prints no stack trace when the reader closes the pipe', async () => {
    const repo = createRepo({ files: { '.env': 'A=1\n' } })
    for (let i = 0; i < 300; i++) repo.write(`build/__pycache__/m${i}.pyc`, 'x\n')
    repo.git(['add', '-A'])
    const child = spawn(process.execPath, [CLI], { cwd: repo.dir, env: repo.env })
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(1)
  })

  it('fails closed with one line when stdout cannot be written (a full device)', () => {
    const repo = createRepo({ files: { '.env': 'A=1\n' } })
    repo.git(['add', '-A'])
    const full = openSync('/dev/full', 'w')
    try {
      const result = spawnSync(process.execPath, [CLI], {
        cwd: repo.dir,
        env: repo.env,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      })
      expect(result.status).toBe(2)
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        'precommit-guard: could not write the report to stdout (ENOSPC)',
      ])
    } finally {
      closeSync(full)
    }
  })
})

describe('--fix with a document format', () => {
  it('keeps SARIF alone on stdout and logs what it did on stderr', () => {
    const repo = createRepo({ files: { '.env': 'A=1\n' } })
    repo.git(['add', '-A'])
    const result = repo.guard(['--fix', '--format', 'sarif'])
    const document = JSON.parse(result.stdout) as { version: string }
    expect(document.version).toBe('2.1.0')
    expect(result.stderr).toContain('ran git rm --cached')
  })
})
