import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it, onTestFinished } from 'vitest'
import { copyCheckoutInto } from '../helpers/install.js'

it('a failing npm install in a clone prints npm’s own error', () => {
  const clone = mkdtempSync(join(tmpdir(), 'pg-clone-'))
  const home = mkdtempSync(join(tmpdir(), 'pg-home-'))
  onTestFinished(() => {
    rmSync(clone, { recursive: true, force: true })
    rmSync(home, { recursive: true, force: true })
  })
  // The files a clone has: every tracked file of this checkout.
  copyCheckoutInto(clone)
  // A contributor's shell: no npm_config_* inherited from the `npm test` running this.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_VIRTUAL_ENV'),
  )
  // Offline with an empty cache: the install cannot fetch a single package, and fails.
  const result = spawnSync(
    'npm',
    ['install', '--offline', '--cache', join(home, 'npm-cache'), '--no-audit', '--no-fund'],
    { cwd: clone, env: { ...env, HOME: home }, encoding: 'utf8' },
  )
  expect(result.status).not.toBe(0)
  expect(result.stderr).toMatch(/^npm error code ENOTCACHED$/m)
}, 120_000)
