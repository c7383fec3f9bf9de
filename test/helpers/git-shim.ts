import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The absolute path of the real git, so a shim can delegate to it whatever PATH says. */
const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim()

/**
 * Write an executable `git` into `binDir` running `body` (sh); `$REAL_GIT` names the real one.
 * Put `binDir` first on PATH (or alone on it) to stand between the guard and git.
 */
export function writeGitShim(binDir: string, body: string): string {
  mkdirSync(binDir, { recursive: true })
  const shim = join(binDir, 'git')
  writeFileSync(shim, `#!/bin/sh\nREAL_GIT='${REAL_GIT}'\n${body}\n`, { mode: 0o755 })
  return shim
}
