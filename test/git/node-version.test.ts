import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'

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
