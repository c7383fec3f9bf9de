// `prepare`: build dist/, then activate husky (best effort, as `husky || true` did).
//
// npm runs `prepare` on `npm install`/`npm ci` here, and also when it installs this repository
// as a git dependency. The pre-commit framework (`language: node`) does exactly that:
// `npm install -g git+file://<clone>` with npm_config_prefix pointing at its environment. npm
// then prepares the clone with that prefix (and global) inherited, so the devDependencies land
// in the prefix, not here, and `tsc` is missing. In that case install them locally first.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import console from 'node:console'
import process from 'node:process'

const run = (args, env = process.env) =>
  spawnSync(process.execPath, args, { stdio: 'inherit', env }).status ?? 1

const tsc = 'node_modules/typescript/bin/tsc'
if (!existsSync(tsc)) {
  const npm = process.env.npm_execpath
  if (!npm) {
    console.error('prepare: typescript is not installed; run npm install first')
    process.exit(1)
  }
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_config_(prefix|global|location)$/i.test(k)),
  )
  const args = [
    'install',
    '--no-save',
    '--include=dev',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
  ]
  if (run([npm, ...args], env) !== 0) process.exit(1)
}
if (run([tsc, '-p', 'tsconfig.build.json']) !== 0) process.exit(1)
// Same as `npm run build`: bundle dist/cli.js for start-up speed. tsc's dist/cli.js works on
// its own, so a failed bundle (e.g. esbuild's binary missing) only costs speed, not the hook.
if (run(['scripts/bundle.mjs']) !== 0) {
  console.error('prepare: bundling failed; dist/cli.js stays the unbundled tsc build')
}
if (existsSync('node_modules/husky/bin.js')) run(['node_modules/husky/bin.js'])
