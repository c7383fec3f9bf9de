import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

// .ci/run runs the tests once per supported Node.js line and names the major it put on PATH.
const wanted = process.env.PRECOMMIT_GUARD_TEST_NODE

it.skipIf(!wanted)('the CLI under test runs on the Node.js line CI asked for', () => {
  // The helpers spawn `process.execPath dist/cli.js`: that node is the one the CLI runs on.
  const spawned = spawnSync(process.execPath, ['-p', 'process.versions.node'], {
    encoding: 'utf8',
  })
  expect(spawned.stdout.trim().split('.')[0]).toBe(wanted)
  // And a hook's `#!/usr/bin/env node` finds the same one first on PATH.
  const onPath = spawnSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' })
  expect(onPath.stdout.trim().split('.')[0]).toBe(wanted)
})

it('keeps a compile cache beside an installed package on Node.js 22.1+, and none elsewhere', () => {
  const project = mkdtempSync(join(tmpdir(), 'pcg-compile-cache-'))
  try {
    const installed = join(project, 'node_modules', 'precommit-guard')
    mkdirSync(installed, { recursive: true })
    cpSync(join(ROOT, 'dist'), join(installed, 'dist'), { recursive: true })
    cpSync(join(ROOT, 'package.json'), join(installed, 'package.json'))
    const cache = join(project, 'node_modules', '.cache', 'precommit-guard')
    const runFrom = (cwd: string) =>
      spawnSync(process.execPath, [join(installed, 'dist', 'cli.js'), '--version'], {
        cwd,
        encoding: 'utf8',
      })
    // Run from outside the project (npx's copy in npm's cache, say): no cache is written.
    const outside = runFrom(tmpdir())
    expect([outside.status, outside.stdout.trim()]).toEqual([0, packageVersion()])
    expect(existsSync(cache)).toBe(false)
    mkdirSync(join(project, 'src'))
    const run = runFrom(join(project, 'src'))
    expect([run.status, run.stdout.trim()]).toEqual([0, packageVersion()])
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
    const supported = major > 22 || (major === 22 && minor >= 1)
    expect(existsSync(cache) && readdirSync(cache).length > 0).toBe(supported)
    // A checkout (the repository's own hook runs `node dist/cli.js`) writes no cache.
    expect(existsSync(join(ROOT, 'node_modules', '.cache', 'precommit-guard'))).toBe(false)
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
})

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version
}
