// `npm run bench`: the guard against the floor and the peers, on generated repositories.
// Plain Node.js ESM so that it needs no build of its own; it measures the BUILT CLI.
import { spawnSync } from 'node:child_process'
import {
  accessSync,
  chmodSync,
  cpSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, URL } from 'node:url'
import { benchEnv, git } from './git.mjs'
import { describeMachine } from './machine.mjs'
import { measureRounds } from './measure.mjs'
import { parseOptions } from './options.mjs'
import { preparePeers } from './peers.mjs'
import { generateRepos } from './repos.mjs'
import { renderResults } from './table.mjs'
import process from 'node:process'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CLI = join(ROOT, 'dist', 'cli.js')
const log = (text) => process.stderr.write(`bench: ${text}\n`)

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

/** Build dist/ when it is missing or older than src/, and make the bin executable as npm would. */
function ensureBuild() {
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < newestMtime(join(ROOT, 'src'))) {
    log('building dist/ (npm run build)')
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    if (build.status !== 0) throw new Error('npm run build failed')
  }
  chmodSync(CLI, 0o755)
}

/** tmpfs when there is one: generating 200,000 files on a slow disk takes minutes. */
function tempRoot() {
  for (const dir of ['/dev/shm', tmpdir()]) {
    try {
      accessSync(dir, constants.W_OK)
      return mkdtempSync(join(dir, 'pcg-bench-'))
    } catch {
      // not writable here; try the next
    }
  }
  throw new Error('no writable temporary folder')
}

const SCENARIOS = [
  {
    key: 'small',
    label: '(a) small commit: 5 modified + `.env`, {committed} files in HEAD',
    target: 1.25,
    guardExit: 1,
  },
  { key: 'stage', label: '(c) {stage}-path stage, nothing to block', target: 1.3, guardExit: 0 },
  {
    key: 'big',
    label: '(b) {staged} new paths: {venv}-file venv, __pycache__, `.env`',
    target: 2.0,
    rssTarget: 150,
    guardExit: 1,
  },
]

function labelOf(template, sizes) {
  return template.replace(/\{(\w+)\}/g, (_, key) => sizes[key].toLocaleString('en-US'))
}

/** `git commit` of 5 files in the 100k repository, without a hook and through husky. */
function measureCommit(dir, env, modified, options) {
  git(dir, env, ['rm', '--cached', '-q', '--', '.env'])
  const husky = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'husky', 'bin.js')], {
    cwd: dir,
    env,
    encoding: 'utf8',
  })
  if (husky.status !== 0) throw new Error(`husky install failed: ${husky.stderr}`)
  writeFileSync(join(dir, '.husky', 'pre-commit'), 'precommit-guard\n')
  // husky's own cost: the same wrapper scripts around a hook that only runs `true`.
  cpSync(join(dir, '.husky', '_'), join(dir, '.husky-noop', '_'), { recursive: true })
  writeFileSync(join(dir, '.husky-noop', 'pre-commit'), 'true\n')
  const noHooks = join(dir, '.git', 'no-hooks')
  mkdirSync(noHooks, { recursive: true })
  // Every commit is undone (untimed) so that each run commits the same 5 files.
  const undo = () => git(dir, env, ['reset', '-q', '--soft', 'HEAD~1'])
  const commitWith = (name, hooksPath) => ({
    name,
    command: 'git',
    args: ['-c', `core.hooksPath=${hooksPath}`, 'commit', '-q', '-m', 'bench'],
    okCodes: [0],
    after: undo,
  })
  const [none, hook, huskyAlone] = measureRounds(
    [
      commitWith('no hook', noHooks),
      commitWith('husky', '.husky/_'),
      commitWith('husky → true', '.husky-noop/_'),
    ],
    dir,
    env,
    options.runs,
    options.peerTimeoutMs,
    log,
    options.statsFile,
  )
  return {
    label: `\`git commit\` of ${modified.length} files, ${options.sizes.committed.toLocaleString('en-US')} files in HEAD`,
    none,
    hook,
    huskyAlone,
    targetMs: 100,
  }
}

function main() {
  const options = parseOptions(process.argv.slice(2))
  if (options.help) {
    process.stdout.write(options.help)
    return
  }
  // Other work on the machine, before the bench itself adds its own load.
  const loadBefore = loadavg()[0]
  ensureBuild()
  const root = tempRoot()
  const cleanup = () => {
    if (!options.keep) rmSync(root, { recursive: true, force: true })
  }
  process.on('exit', cleanup)
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130))
  if (options.keep) log(`keeping ${root}`)

  options.statsFile = join(root, 'time.out')
  const home = join(root, 'home')
  mkdirSync(home)
  const env = benchEnv(home)
  const repos = generateRepos(root, env, ROOT, options.sizes, log)
  const peers = options.peers ? preparePeers(root, env, log) : []
  for (const peer of peers) {
    if (peer.setup)
      for (const key of ['small', 'stage', 'big']) peer.setup((args) => git(repos[key], env, args))
  }

  const floor = {
    name: 'floor',
    command: process.execPath,
    args: [join(ROOT, 'bench', 'floor.mjs')],
    okCodes: [0],
  }
  const scenarios = SCENARIOS.map((template) => {
    const scenario = { ...template, label: labelOf(template.label, options.sizes) }
    const dir = repos[scenario.key]
    log(`measuring ${scenario.label}`)
    const guard = {
      name: 'guard',
      command: join(dir, 'node_modules', '.bin', 'precommit-guard'),
      args: [],
      okCodes: [scenario.guardExit],
    }
    const results = measureRounds(
      [floor, guard, ...peers],
      dir,
      env,
      options.runs,
      options.peerTimeoutMs,
      log,
      options.statsFile,
    )
    return { scenario, results }
  })
  log('measuring git commit with and without the husky hook')
  const commit = measureCommit(repos.small, env, repos.modified, options)

  const markdown = renderResults({
    machine: describeMachine(loadBefore),
    options,
    scenarios,
    commit,
    peers,
    repoDir: root.startsWith('/dev/shm') ? 'tmpfs (/dev/shm)' : root,
  })
  process.stdout.write(markdown)
  if (!options.quick) {
    writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), markdown)
    log('wrote bench/RESULTS.md')
  }
  // The smoke run fails when the guard itself misbehaved (wrong exit code), never on timings.
  const broken = scenarios.some(({ results }) => results[0].failure || results[1].failure)
  if (broken || commit.hook.failure || commit.none.failure) process.exitCode = 1
}

main()
