// Build dist/: what the package ships, and nothing else.
//
// - dist/cli.js (the bin), dist/cli-main.js (the CLI it loads once the compile cache is on)
//   and dist/index.js (the library) are esbuild bundles: the hook runs on every commit, and
//   Node.js resolving, reading and linking ~30 ES modules plus picomatch's CommonJS files cost
//   more at start-up than the check itself (bench/RESULTS.md). Rarely used code stays lazy:
//   every dynamic import() (demo, init, recovery planning, config parsing) becomes its own
//   chunk under dist/chunks/, shared by the entries.
// - the type declarations (`tsc --emitDeclarationOnly`), only the ones dist/index.d.ts reaches.
//
// `--bin-only` skips the declarations: a hook install (the pre-commit framework) needs only the
// bundle, and esbuild alone takes about a second where tsc takes many.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
process.chdir(root)
const binOnly = process.argv.includes('--bin-only')

rmSync('dist', { recursive: true, force: true })
await build({
  entryPoints: { cli: 'src/bin.ts', 'cli-main': 'src/cli.ts', index: 'src/index.ts' },
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

if (!binOnly) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'],
    { stdio: 'inherit' },
  )
  if (result.status !== 0) process.exit(result.status ?? 1)
  pruneDeclarations()
}

/** Remove the declarations dist/index.d.ts does not reach (tsc emits one per module). */
function pruneDeclarations() {
  const reached = new Set()
  const visit = (file) => {
    if (reached.has(file)) return
    reached.add(file)
    const text = readFileSync(file, 'utf8')
    for (const [, spec] of text.matchAll(/(?:from |import\()\s*'(\.[^']+)'/g)) {
      visit(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')))
    }
  }
  visit(resolve('dist/index.d.ts'))
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = resolve(dir, entry.name)
      if (entry.isDirectory()) {
        walk(path)
        if (readdirSync(path).length === 0) rmSync(path, { recursive: true })
      } else if (entry.name.endsWith('.d.ts') && !reached.has(path)) {
        rmSync(path)
      }
    }
  }
  walk(resolve('dist'))
}
