#!/usr/bin/env node
// The bin. It turns on V8's compile cache (Node.js 22.1+) before the CLI's modules load, so
// that a commit reads them as cached bytecode instead of compiling them again. The cache is
// kept beside the installed package, in the `node_modules/.cache/precommit-guard/` of the
// project that installed it, and nowhere else: a checkout of this repository keeps none.
import module from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** `<project>/node_modules/precommit-guard/dist/` gives `<project>/node_modules`. */
const INSTALLED = /^(.*[\\/]node_modules)[\\/](?:@[^\\/]+[\\/])?precommit-guard[\\/]dist$/

const enableCompileCache = (module as { enableCompileCache?: (dir: string) => unknown })
  .enableCompileCache
const installedIn = INSTALLED.exec(dirname(fileURLToPath(import.meta.url)))?.[1]
if (enableCompileCache && installedIn !== undefined) {
  try {
    enableCompileCache(join(installedIn, '.cache', 'precommit-guard'))
  } catch {
    // No cache (a read-only folder, say): the CLI runs the same, compiling as before.
  }
}
await import('./cli.js')
