#!/usr/bin/env node
// The bin. It turns on V8's compile cache (Node.js 22.1+) before the CLI's modules load, so
// that a commit reads them as cached bytecode instead of compiling them again. The cache is
// kept beside the installed package, in the `node_modules/.cache/precommit-guard/` of the
// project that installed it when the command runs inside that project, and nowhere else: a
// checkout of this repository keeps none.
import module from 'node:module'
import { dirname, join, sep } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'

/** `<project>/node_modules/precommit-guard/dist/` gives `<project>/node_modules`. */
const INSTALLED = /^(.*[\\/]node_modules)[\\/](?:@[^\\/]+[\\/])?precommit-guard[\\/]dist$/

const enableCompileCache = (module as { enableCompileCache?: (dir: string) => unknown })
  .enableCompileCache
const installedIn = INSTALLED.exec(dirname(fileURLToPath(import.meta.url)))?.[1]
// Only for the project the command runs in (a hook runs at or below its top): a copy that npx
// keeps in npm's own cache writes nothing there.
const cwd = process.cwd()
const inProject = (modules: string) =>
  cwd === dirname(modules) || cwd.startsWith(`${dirname(modules)}${sep}`)
if (enableCompileCache && installedIn !== undefined && inProject(installedIn)) {
  try {
    enableCompileCache(join(installedIn, '.cache', 'precommit-guard'))
  } catch {
    // No cache (a read-only folder, say): the CLI runs the same, compiling as before.
  }
}
await import('./cli.js')
