// `prepare`: build dist/, then activate husky (best effort, as `husky || true` did).
//
// npm runs `prepare` on `npm install`/`npm ci` here, on `npm pack`, and when it installs this
// repository as a git dependency. The pre-commit framework (`language: node`) installs the hook
// that way, in a node environment of its own (NODE_VIRTUAL_ENV):
// - 4.x: `npm install -g git+file://<clone>`; npm clones it, installs its dependencies and runs
//   this script there (npm_config_prefix and global inherited, so a devDependency may be
//   missing here);
// - 3.x: `npm install` in its clone, then `npm pack` there, reading the tarball's name from
//   npm's stdout, then `npm install -g <tarball>`.
// A hook needs only the bundle (dist/cli.js): there, build it with esbuild alone (installed by
// itself if missing), never tsc and the type declarations.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import console from 'node:console'
import { relative, resolve } from 'node:path'
import process from 'node:process'

const run = (args, env = process.env) =>
  spawnSync(process.execPath, args, { stdio: ['inherit', 2, 2], env }).status ?? 1

const hookEnv = process.env.NODE_VIRTUAL_ENV
if (hookEnv) {
  if (!existsSync('node_modules/esbuild/package.json')) installEsbuild()
  if (run(['scripts/build.mjs', '--bin-only']) !== 0) process.exit(1)
  // 3.x packs this clone next and parses `npm pack`'s stdout, where npm prints a banner for
  // each lifecycle script unless it is silent. Only that clone is made silent: its node
  // environment lives inside it. A contributor's checkout keeps npm's messages.
  const inside = relative(process.cwd(), resolve(hookEnv))
  if (inside && !inside.startsWith('..') && !inside.startsWith('/')) {
    writeFileSync('.npmrc', 'loglevel=silent\n')
  }
  process.exit(0)
}

if (run(['scripts/build.mjs']) !== 0) process.exit(1)
if (existsSync('node_modules/husky/bin.js')) run(['node_modules/husky/bin.js'])

/** esbuild alone, at the version package-lock.json pins, without saving anything. */
function installEsbuild() {
  const npm = process.env.npm_execpath
  if (!npm) {
    console.error('prepare: esbuild is not installed; run npm install first')
    process.exit(1)
  }
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'))
  const version = lock.packages['node_modules/esbuild'].version
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_config_(prefix|global|location)$/i.test(k)),
  )
  const args = [
    'install',
    '--no-save',
    '--no-package-lock',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    `esbuild@${version}`,
  ]
  if (run([npm, ...args], env) !== 0) process.exit(1)
}
