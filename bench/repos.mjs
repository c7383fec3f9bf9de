import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { git } from './git.mjs'
import { PEER_FILES } from './peer-config.mjs'

const FILES_PER_DIR = 100

/** `count` innocent source paths, 100 per folder, two folder levels (like a real tree). */
function sourcePaths(count, prefix = 'src') {
  const paths = []
  for (let i = 0; i < count; i++) {
    const dir = Math.floor(i / FILES_PER_DIR)
    paths.push(`${prefix}/p${Math.floor(dir / 20)}/m${dir % 20}/f${i % FILES_PER_DIR}.ts`)
  }
  return paths
}

/** A venv of `count` files: markers (pyvenv.cfg, bin/activate) and site-packages. */
function venvPaths(count) {
  const paths = ['.venv/pyvenv.cfg', '.venv/bin/activate', '.venv/bin/python']
  for (let i = 0; paths.length < count; i++) {
    paths.push(`.venv/lib/python3.12/site-packages/pkg${Math.floor(i / 50)}/mod${i % 50}.py`)
  }
  return paths
}

function pycachePaths(count) {
  const paths = []
  for (let i = 0; i < count; i++) {
    paths.push(`app/pkg${Math.floor(i / 25)}/__pycache__/mod${i % 25}.cpython-312.pyc`)
  }
  return paths
}

/** Write files with their own path as content (every blob distinct, as in a real tree). */
function writeFiles(dir, paths, content = (path) => `${path}\n`) {
  const made = new Set()
  for (const path of paths) {
    const parent = dirname(path)
    if (!made.has(parent)) {
      mkdirSync(join(dir, parent), { recursive: true })
      made.add(parent)
    }
    writeFileSync(join(dir, path), content(path))
  }
}

/**
 * One `git update-index` for the whole list, paths on stdin (never on the command line).
 * Not `git add --pathspec-from-file`: 100,000 pathspecs are matched against every path.
 */
function stage(dir, env, paths) {
  git(dir, env, ['update-index', '--add', '-z', '--stdin'], `${paths.join('\0')}\0`)
}

/**
 * A repository with the peers' configuration committed and the guard installed as a user has
 * it: `node_modules/.bin/precommit-guard` linked to this package's built CLI.
 */
function initRepo(dir, env, packageRoot, committed) {
  mkdirSync(dir, { recursive: true })
  git(dir, env, ['init', '-q', '-b', 'main'])
  for (const [key, value] of [
    ['user.name', 'Bench'],
    ['user.email', 'bench@example.com'],
    ['commit.gpgSign', 'false'],
    ['gc.auto', '0'],
    ['core.hooksPath', join(dir, '.git', 'no-hooks')],
  ]) {
    git(dir, env, ['config', key, value])
  }
  writeFiles(dir, Object.keys(PEER_FILES), (path) => PEER_FILES[path])
  writeFiles(dir, committed)
  stage(dir, env, [...Object.keys(PEER_FILES), ...committed])
  git(dir, env, ['commit', '-q', '--no-verify', '-m', 'base'])
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true })
  symlinkSync(packageRoot, join(dir, 'node_modules', 'precommit-guard'))
  symlinkSync(
    '../precommit-guard/dist/cli.js',
    join(dir, 'node_modules', '.bin', 'precommit-guard'),
  )
}

/**
 * The three scenarios the benchmark measures:
 * - small: `committed` files in HEAD, then 5 modified files and a `.env` staged;
 * - big: `staged` newly staged paths: a venv, a __pycache__ tree, a .env and source files;
 * - stage: a stage of `stage` new source paths, nothing to block.
 */
export function generateRepos(root, env, packageRoot, sizes, log) {
  const small = join(root, 'small')
  log(`generating ${small} (${sizes.committed.toLocaleString('en-US')} committed files)`)
  const committed = sourcePaths(sizes.committed)
  initRepo(small, env, packageRoot, committed)
  const modified = committed.filter((_, i) => i % Math.floor(committed.length / 5) === 7)
  writeFiles(small, modified, (path) => `${path}\nchanged\n`)
  writeFiles(small, ['.env'], () => 'API_KEY=not-a-real-secret\n')
  stage(small, env, [...modified, '.env'])

  const big = join(root, 'big')
  log(`generating ${big} (${sizes.staged.toLocaleString('en-US')} newly staged paths)`)
  initRepo(big, env, packageRoot, [])
  const offenders = ['.env', ...venvPaths(sizes.venv), ...pycachePaths(sizes.pycache)]
  const newPaths = [...offenders, ...sourcePaths(sizes.staged - offenders.length)]
  writeFiles(big, newPaths)
  stage(big, env, newPaths)

  const stageDir = join(root, 'stage')
  log(`generating ${stageDir} (${sizes.stage.toLocaleString('en-US')} newly staged paths)`)
  initRepo(stageDir, env, packageRoot, sourcePaths(sizes.stage, 'lib'))
  const stagePaths = sourcePaths(sizes.stage)
  writeFiles(stageDir, stagePaths)
  stage(stageDir, env, stagePaths)

  return { small, big, stage: stageDir, modified }
}
