import { spawnSync } from 'node:child_process'
import { accessSync, constants, mkdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const GPC_VERSION = '3.1.0'

function onPath(program, env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, program), constants.X_OK)
      return join(dir, program)
    } catch {
      // not in this PATH entry
    }
  }
  return undefined
}

function versionOf(command, args, env) {
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 30_000 })
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : undefined
}

/**
 * git-precommit-checks, installed from npm into a temporary prefix at bench time (not a
 * devDependency: the project must not depend on a peer). Its rules live in the generated
 * repositories (`git-precommit-checks.json`).
 */
function gitPrecommitChecks(root, env, log) {
  const prefix = join(root, 'peers')
  mkdirSync(prefix, { recursive: true })
  log(`installing git-precommit-checks@${GPC_VERSION} into ${prefix}`)
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      `git-precommit-checks@${GPC_VERSION}`,
      '--no-audit',
      '--no-fund',
    ],
    { env, encoding: 'utf8', timeout: 180_000 },
  )
  const name = `git-precommit-checks ${GPC_VERSION}`
  if (npm.status !== 0) {
    const reason = (npm.stderr || npm.error?.message || '').split('\n')[0]
    return { name, unavailable: `not installed (npm install failed: ${reason})` }
  }
  const command = join(prefix, 'node_modules', '.bin', 'git-precommit-checks')
  return { name, command, args: [], okCodes: [0, 1], peer: true }
}

/** The pre-commit framework (Debian's `pre-commit` package) with `language: fail` hooks. */
function preCommit(env) {
  const command = onPath('pre-commit', env)
  if (!command) {
    return { name: 'pre-commit', unavailable: 'not installed (apt-get install pre-commit)' }
  }
  const version = versionOf(command, ['--version'], env) ?? 'pre-commit'
  return { name: version, command, args: ['run'], okCodes: [0, 1], peer: true }
}

/**
 * git-secrets (Debian's package), optional: it scans contents and has no path rules, so it is
 * configured with its AWS patterns; it shows how a tool that puts paths on argv scales.
 */
function gitSecrets(env) {
  if (!onPath('git-secrets', env)) return undefined
  return {
    name: 'git-secrets (AWS patterns)',
    command: 'git',
    args: ['secrets', '--pre_commit_hook'],
    okCodes: [0, 1],
    peer: true,
    setup: (git) => git(['secrets', '--register-aws']),
  }
}

export function preparePeers(root, env, log) {
  return [gitPrecommitChecks(root, env, log), preCommit(env), gitSecrets(env)].filter(Boolean)
}
