import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CLI, createRepo, repoAt, splitZ, type TestRepo } from '../helpers/repo.js'
import { writeGitShim } from '../helpers/git-shim.js'
import type { FileSpec, Scenario } from './arbitraries.js'

/** Build a generated scenario as a real repository; returns it with its judged (staged) paths. */
export function buildScenario(scenario: Scenario): TestRepo {
  const repo = createRepo()
  if (scenario.ignoreCase) repo.git(['config', 'core.ignorecase', 'true'])
  if (scenario.gitignore !== undefined) repo.write('.gitignore', scenario.gitignore)
  if (scenario.nestedGitignore !== undefined) {
    const { dir, content } = scenario.nestedGitignore
    repo.write(`${dir}/.gitignore`, content)
  }
  if (scenario.config !== undefined) {
    repo.write('.precommit-guard.json', JSON.stringify(scenario.config))
  }
  const committed = scenario.commitFirst
  const inHead = (f: FileSpec) =>
    committed && ['committed', 'modified', 'modified-again', 'deleted'].includes(f.state)
  const oldName = (i: number) => `.old-${i}`

  if (committed) {
    const first: string[] = []
    scenario.files.forEach((file, i) => {
      if (inHead(file)) first.push(file.path)
      if (file.state === 'renamed') first.push(oldName(i))
      if (file.state === 'renamed') repo.write(oldName(i), `${file.path}\n`)
      else if (inHead(file)) repo.write(file.path, `${file.path}\n`)
    })
    addPaths(repo, first)
    repo.git(['commit', '-q', '--allow-empty', '-m', 'initial'])
  }

  const toAdd: string[] = []
  const toRemove: string[] = []
  const changeAgain: string[] = []
  scenario.files.forEach((file, i) => {
    const { path, state } = file
    if (committed && state === 'renamed') {
      mkdirSync(dirname(join(repo.dir, path)), { recursive: true })
      repo.git(['--literal-pathspecs', 'mv', '--', oldName(i), path])
      return
    }
    if (committed && state === 'deleted') {
      toRemove.push(path)
      return
    }
    if (committed && state === 'committed') return
    if (state === 'symlink') {
      mkdirSync(dirname(join(repo.dir, path)), { recursive: true })
      symlinkSync('../no such target', join(repo.dir, path))
      toAdd.push(path)
      return
    }
    repo.write(path, inHead(file) ? `v2 ${path}\n` : `${path}\n`)
    if (state === 'untracked' || (state === 'deleted' && !committed)) return
    toAdd.push(path)
    if (state === 'new-modified-again' || state === 'modified-again') changeAgain.push(path)
  })
  addPaths(repo, toAdd)
  if (toRemove.length > 0) {
    repo.git(
      [
        '--literal-pathspecs',
        'rm',
        '-q',
        '--cached',
        '--pathspec-from-file=-',
        '--pathspec-file-nul',
      ],
      { input: toRemove.join('\0') },
    )
  }
  for (const path of changeAgain) repo.write(path, `v3 ${path}\n`)
  if (scenario.skipWorktree) {
    const marked = repo.staged().filter((_, i) => i % 2 === 0)
    if (marked.length > 0) {
      repo.git(['update-index', '--skip-worktree', '-z', '--stdin'], {
        input: marked.map((path) => `${path}\0`).join(''),
      })
    }
  }
  return repo
}

/** `git add -f` (the rule may already ignore it: force-added), names read literally from stdin. */
function addPaths(repo: TestRepo, paths: readonly string[]): void {
  if (paths.length === 0) return
  repo.git(['--literal-pathspecs', 'add', '-f', '--pathspec-from-file=-', '--pathspec-file-nul'], {
    input: paths.join('\0'),
  })
}

/** The index as `mode sha stage` by path. */
export function indexEntries(repo: TestRepo, dir = repo.dir): Map<string, string> {
  const entries = new Map<string, string>()
  for (const record of splitZ(repo.git(['ls-files', '-s', '-z'], { cwd: dir }))) {
    const tab = record.indexOf('\t')
    entries.set(record.slice(tab + 1), record.slice(0, tab))
  }
  return entries
}

/** Which of `paths` (root-relative) git's ignore rules ignore, asked from the root. */
export function ignoredPaths(
  repo: TestRepo,
  paths: readonly string[],
  dir = repo.dir,
): Set<string> {
  const ignored = new Set<string>()
  if (paths.length === 0) return ignored
  // Exit 1 means "none ignored", so this is not repo.git (which throws on it).
  const result = spawnSync('git', ['check-ignore', '--no-index', '-z', '-v', '-n', '--stdin'], {
    cwd: dir,
    env: repo.env,
    input: paths.map((p) => `${p.startsWith(':') ? './' : ''}${p}\0`).join(''), // no magic
    encoding: 'utf8',
  })
  if (result.status !== 0 && result.status !== 1) throw new Error(result.stderr)
  const out = result.stdout
  const fields = out.split('\0')
  paths.forEach((path, i) => {
    const [source = '', , pattern = ''] = fields.slice(i * 4, i * 4 + 3)
    if (source !== '' && !pattern.startsWith('!')) ignored.add(path)
  })
  return ignored
}

/** Append lines to the root .gitignore the way a user pasting them (or --fix) would. */
export function appendGitignore(dir: string, lines: readonly string[]): void {
  if (lines.length === 0) return
  const path = join(dir, '.gitignore')
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n'
  writeFileSync(path, `${existing}${separator}${lines.join('\n')}\n`)
}

/**
 * A byte-for-byte copy of the repository (work tree and .git) beside it; every method of the
 * result (snapshot, staged, guard, …) works on the copy.
 */
export function copyRepo(repo: TestRepo, name: string): TestRepo {
  const dir = join(repo.dir, '..', name)
  cpSync(repo.dir, dir, { recursive: true, verbatimSymlinks: true })
  return repoAt(dir, repo.env)
}

/**
 * A PATH holding only a git that records each call (every argument NUL-terminated, then an
 * `\x01` record end) and delegates to the real git. Nothing else can run from it.
 */
export function recordingPath(
  repo: TestRepo,
  { passThrough = true }: { passThrough?: boolean } = {},
): { path: string; calls: () => string[][] } {
  const name = passThrough ? 'only-git' : 'record-only-git'
  const bin = join(repo.dir, '..', name)
  const log = join(repo.dir, '..', `${name}.log`)
  writeFileSync(log, '')
  writeGitShim(
    bin,
    `for arg in "$@"; do printf '%s\\000' "$arg" >> '${log}'; done\nprintf '\\001' >> '${log}'\n${passThrough ? 'exec "$REAL_GIT" "$@"' : 'exit 0'}`,
  )
  const calls = () =>
    readFileSync(log, 'utf8')
      .split('\x01')
      .slice(0, -1)
      .map((record) => record.split('\0').slice(0, -1))
  return { path: bin, calls }
}

/**
 * Commit through a real pre-commit hook that runs the built CLI (JSON to a file) and then
 * always aborts, so the repository is left as it was. Returns the guard's exit code and report.
 */
export function verdictThroughHook(repo: TestRepo): { code: number; paths: string[] } {
  const out = join(repo.dir, '..', 'hook-report.json')
  const codeFile = join(repo.dir, '..', 'hook-code')
  writeFileSync(
    join(repo.dir, '.git/hooks/pre-commit'),
    `#!/bin/sh\n"${process.execPath}" "${CLI}" --format json > '${out}'\necho $? > '${codeFile}'\nexit 1\n`,
    { mode: 0o755 },
  )
  spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'x'], { cwd: repo.dir, env: repo.env })
  const code = Number(readFileSync(codeFile, 'utf8').trim())
  const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: { path: string }[] }
  return { code, paths: report.findings.map((f) => f.path).sort() }
}
