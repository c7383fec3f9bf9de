import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

/**
 * An environment isolated from the developer's git: no inherited GIT_* variable (inside a
 * `git commit -a` hook they point at the outer repository's index), no global or system
 * config, a throwaway HOME.
 */
function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^GIT_/i.test(k)))
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    NO_COLOR: '1',
    ...extra,
  }
}

export interface TestRepo {
  dir: string
  env: NodeJS.ProcessEnv
  git(args: string[], options?: { cwd?: string; input?: string }): string
  write(path: string, content?: string): void
  /** Run the built CLI; returns exit code and output. */
  guard(args?: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): RunResult
  /** Root-relative paths staged in the index vs HEAD (or all index paths). */
  staged(): string[]
  indexPaths(): string[]
  /** sha256 of every working-tree file (outside .git), by path. */
  snapshot(): Map<string, string>
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export function createRepo(
  options: { files?: Record<string, string>; commit?: boolean } = {},
): TestRepo {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'pcg-test-')))
  const dir = join(root, 'repo')
  const home = join(root, 'home')
  mkdirSync(dir)
  mkdirSync(home)
  if (!process.env.KEEP_TMP) onTestFinished(() => rmSync(root, { recursive: true, force: true }))
  const repo = repoAt(dir, isolatedEnv(home))
  repo.git(['init', '-q', '-b', 'main'])
  for (const [key, value] of Object.entries({
    'user.name': 'Test',
    'user.email': 'test@example.com',
    'commit.gpgSign': 'false',
    'core.autocrlf': 'false',
    'gc.auto': '0',
  })) {
    repo.git(['config', key, value])
  }
  for (const [path, content] of Object.entries(options.files ?? {})) repo.write(path, content)
  if (options.files && options.commit) {
    repo.git(['add', '-A'])
    repo.git(['commit', '-q', '-m', 'initial'])
  }
  return repo
}

/** The TestRepo for the repository at `dir` (made by createRepo, or a copy of one). */
export function repoAt(dir: string, env: NodeJS.ProcessEnv): TestRepo {
  const git = (args: string[], opts: { cwd?: string; input?: string } = {}) =>
    execFileSync('git', args, { cwd: opts.cwd ?? dir, env, input: opts.input, encoding: 'utf8' })
  return {
    dir,
    env,
    git,
    write(path, content = `${path}\n`) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), content)
    },
    guard(args = [], opts = {}) {
      const result = spawnSync(process.execPath, [CLI, ...args], {
        cwd: opts.cwd ?? dir,
        env: opts.env ?? env,
        encoding: 'utf8',
      })
      return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
    },
    staged: () =>
      splitZ(git(['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=d'])),
    indexPaths: () => splitZ(git(['ls-files', '-z'])),
    snapshot() {
      const hashes = new Map<string, string>()
      const walk = (rel: string) => {
        for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
          const path = rel ? `${rel}/${entry.name}` : entry.name
          if (path === '.git') continue
          if (entry.isDirectory()) walk(path)
          else if (entry.isSymbolicLink()) hashes.set(path, `link:${readlinkSync(join(dir, path))}`)
          else
            hashes.set(
              path,
              createHash('sha256')
                .update(readFileSync(join(dir, path)))
                .digest('hex'),
            )
        }
      }
      walk('')
      return hashes
    },
  }
}

/**
 * A directory outside any repository, beside the test repository, and an env whose
 * GIT_CEILING_DIRECTORIES keeps git from looking further up: the temporary directory itself
 * may lie inside a repository (a checkout, a CI workspace).
 */
export function outsideAnyRepo(repo: TestRepo): { cwd: string; env: NodeJS.ProcessEnv } {
  const ceiling = join(repo.dir, '..', 'no-repo')
  const cwd = join(ceiling, 'x')
  mkdirSync(cwd, { recursive: true })
  return { cwd, env: { ...repo.env, GIT_CEILING_DIRECTORIES: ceiling } }
}

/** A bare repository beside the test repository, added as its remote `origin`; returns its path. */
export function bareRemote(repo: TestRepo, name = 'remote.git'): string {
  const bare = join(repo.dir, '..', name)
  repo.git(['init', '-q', '--bare', bare])
  repo.git(['remote', 'add', 'origin', bare])
  return bare
}

export function splitZ(text: string): string[] {
  return text.split('\0').filter((field) => field !== '')
}

/**
 * Run printed commands in sh, from `cwd`, with the isolated env (or `env`, e.g. a PATH holding
 * only a recording git). sh is found by absolute path so that such a PATH can be that narrow.
 */
export function runInShell(
  repo: TestRepo,
  commands: readonly string[],
  cwd = repo.dir,
  env = repo.env,
): RunResult {
  const result = spawnSync('/bin/sh', ['-c', `set -e\n${commands.join('\n')}`], {
    cwd,
    env,
    encoding: 'utf8',
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

/** The commands and .gitignore lines of a JSON report (`optional`: for warnings only). */
export function recoveryOf(result: RunResult): {
  commands: string[]
  gitignore: string[]
  optional: { commands: string[]; gitignore: string[] }
  findings: { code: string; path: string; category: string; severity: string; status: string }[]
  blocked: boolean
} {
  const parsed = JSON.parse(result.stdout) as {
    blocked: boolean
    findings: { code: string; path: string; category: string; severity: string; status: string }[]
    recovery: {
      commands: string[]
      gitignore: string[]
      optional?: { commands: string[]; gitignore: string[] }
    }
  }
  return {
    commands: parsed.recovery.commands,
    gitignore: parsed.recovery.gitignore,
    optional: parsed.recovery.optional ?? { commands: [], gitignore: [] },
    findings: parsed.findings,
    blocked: parsed.blocked,
  }
}
