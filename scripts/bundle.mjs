// Bundle the CLI into one file, dist/cli.js, after `tsc` has emitted dist/ (types, index.js).
//
// Why: the hook runs on every commit, and Node.js resolving, reading and linking ~30 ES
// modules plus picomatch's CommonJS files cost more at start-up than the check itself
// (bench/RESULTS.md). Rarely used code stays lazy: every dynamic import() (demo, init,
// recovery planning, config parsing) becomes its own chunk under dist/chunks/.
import { rmSync } from 'node:fs'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
process.chdir(root)
rmSync('dist/chunks', { recursive: true, force: true })
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Bundled CommonJS dependencies may call require() for Node.js built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
})
