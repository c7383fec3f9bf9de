import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import process from 'node:process'

/**
 * The environment every measured command runs in: no inherited GIT_* variable, no global or
 * system git config, a throwaway HOME (so no user hook, alias or husky init script interferes).
 */
export function benchEnv(home) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^GIT_/i.test(k)))
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    PRE_COMMIT_HOME: join(home, 'pre-commit'),
    NO_COLOR: '1',
  }
}

/** Run git in `dir` (set-up only, never timed); path lists go through `input`, not argv. */
export function git(dir, env, args, input) {
  return execFileSync('git', args, {
    cwd: dir,
    env,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
}
