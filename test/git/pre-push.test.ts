import { spawnSync } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { installLocally } from '../helpers/install.js'
import { printedSteps } from '../helpers/paste.js'
import {
  bareRemote,
  CLI,
  createRepo,
  runInShell,
  type RunResult,
  type TestRepo,
} from '../helpers/repo.js'

const HOOKS = fileURLToPath(new URL('../../hooks', import.meta.url))

/**
 * A project with the shipped plain hooks (pre-commit and pre-push) and the guard in its
 * node_modules, and a bare remote that holds its first commit.
 */
function project(): { repo: TestRepo; bare: string; push: (...args: string[]) => RunResult } {
  const repo = createRepo({
    files: { 'README.md': 'hi\n', '.gitignore': 'node_modules/\n' },
    commit: true,
  })
  installLocally(repo)
  for (const hook of ['pre-commit', 'pre-push']) {
    copyFileSync(join(HOOKS, hook), join(repo.dir, '.git/hooks', hook))
  }
  const bare = bareRemote(repo)
  const push = (...args: string[]): RunResult => {
    const result = spawnSync('git', ['push', 'origin', ...args], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })
    // git hands a pre-push hook its own stdout: the report comes out on git push's stdout.
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
  }
  expect(push('-u', 'main').code).toBe(0)
  return { repo, bare, push }
}

const remoteRef = (repo: TestRepo, bare: string, ref: string) =>
  spawnSync('git', ['rev-parse', '--verify', '-q', ref], {
    cwd: bare,
    env: repo.env,
    encoding: 'utf8',
  }).stdout.trim()

/** The bare command lines of a text report (indented lines and prose are not commands). */
/** The printed steps of a stopped push, exactly as printed, a line each. */
const printedCommands = (text: string) =>
  printedSteps(text, /^(They came in with|Keep them out for good)/)

/** The printed `.gitignore` step for a `.env`, as the report writes it. */
const ENV_GITIGNORE_STEP = [
  "printf '%s\\n' '' \\",
  '  .env \\',
  "  '.env.*' \\",
  "  '!.env.example' \\",
  '  >> "$(git rev-parse --show-toplevel)/.gitignore"',
  "git add -- ':(top,literal).gitignore'",
]

describe('--pre-push through the shipped hooks/pre-push and a real git push', () => {
  it('stops the push of an amend over a HEAD that holds .env; the printed steps fix it', () => {
    const { repo, bare, push } = project()
    // .env came in with --no-verify; amending it with an innocent change passes pre-commit.
    repo.write('.env', 'SECRET=1\n')
    repo.write('app.py', 'print()\n')
    repo.git(['add', '-f', '.env', 'app.py'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'work'])
    repo.write('app.py', 'print(1)\n')
    repo.git(['add', 'app.py'])
    repo.git(['commit', '-q', '--amend', '--no-edit']) // the pre-commit hook runs and passes
    expect(repo.git(['ls-tree', '--name-only', 'HEAD'])).toContain('.env')
    const before = remoteRef(repo, bare, 'main')

    const stopped = push('main')
    expect(stopped.code).not.toBe(0)
    expect(stopped.stderr).toMatch(/failed to push some refs/)
    expect(stopped.stdout).toMatch(/^ {2}\.env \(in [0-9a-f]{12}\)$/m)
    expect(stopped.stdout).toContain(
      'Push stopped by precommit-guard: nothing has left your machine. These are your commits: take the offenders out of them with the steps above, then push again.',
    )
    // Nothing left the machine: no rotation, no purge.
    expect(stopped.stdout).not.toMatch(/Rotate|filter-repo/)
    expect(remoteRef(repo, bare, 'main')).toBe(before)

    const commands = printedCommands(stopped.stdout)
    expect(commands).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      'git commit --amend --no-edit',
      ...ENV_GITIGNORE_STEP,
    ])
    const snapshot = repo.snapshot()
    expect(runInShell(repo, commands).code).toBe(0)
    // Every working-tree byte as it was, but for the lines appended to .gitignore.
    const after = repo.snapshot()
    after.delete('.gitignore')
    snapshot.delete('.gitignore')
    expect(after).toEqual(snapshot)
    expect(repo.git(['check-ignore', '.env'])).toBe('.env\n')
    expect(repo.git(['ls-tree', '--name-only', 'HEAD'])).not.toContain('.env')
    const pushed = push('main')
    expect(pushed.code).toBe(0)
    expect(remoteRef(repo, bare, 'main')).toBe(repo.git(['rev-parse', 'HEAD']).trim())
  })

  it('stops the push of a cherry-picked commit that adds .env', () => {
    const { repo, bare, push } = project()
    repo.git(['checkout', '-q', '-b', 'scratch'])
    repo.write('.env', 'SECRET=1\n')
    repo.git(['add', '-f', '.env'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'local config'])
    const leak = repo.git(['rev-parse', 'HEAD']).trim()
    repo.git(['checkout', '-q', 'main'])
    repo.write('b.py', '\n')
    repo.git(['add', 'b.py'])
    repo.git(['commit', '-q', '-m', 'work']) // through the pre-commit hook: clean
    repo.git(['cherry-pick', leak]) // git runs no pre-commit hook for a cherry-pick
    const picked = repo.git(['rev-parse', 'HEAD']).trim()
    expect(repo.git(['ls-tree', '--name-only', 'HEAD'])).toContain('.env')
    const before = remoteRef(repo, bare, 'main')

    const stopped = push('main')
    expect(stopped.code).not.toBe(0)
    expect(stopped.stdout).toContain(`.env (in ${picked.slice(0, 12)})`)
    expect(remoteRef(repo, bare, 'main')).toBe(before)
    // The cherry-pick is HEAD and holds nothing else: undoing it is the way out.
    expect(printedCommands(stopped.stdout)).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      "git reset --soft 'HEAD^'",
      ...ENV_GITIGNORE_STEP,
    ])
  })

  it('judges only what the remote lacks, passes a clean push, and skips deletions', () => {
    const { repo, bare, push } = project()
    repo.write('c.py', '\n')
    repo.git(['add', 'c.py'])
    repo.git(['commit', '-q', '-m', 'clean'])
    expect(push('main').code).toBe(0)
    expect(push('main:refs/heads/copy').code).toBe(0)
    expect(push(':copy').code).toBe(0)
    expect(remoteRef(repo, bare, 'copy')).toBe('')
  })

  it('rebase steps for an older commit, and a tag naming a tree that holds .env', () => {
    const { repo, push } = project()
    repo.write('.env', 'SECRET=1\n')
    repo.git(['add', '-f', '.env'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'oops'])
    const leak = repo.git(['rev-parse', 'HEAD']).trim()
    repo.write('d.py', '\n')
    repo.git(['add', 'd.py'])
    repo.git(['commit', '-q', '-m', 'later'])
    const stopped = push('main')
    expect(stopped.code).not.toBe(0)
    expect(printedCommands(stopped.stdout)[0]).toBe(`git rebase -i '${leak}^'`)

    const tree = repo.git(['rev-parse', 'HEAD^{tree}']).trim()
    const tagged = push(`${tree}:refs/tags/snapshot`)
    expect(tagged.code).not.toBe(0)
    expect(tagged.stdout).toContain(
      `✖ blocked refs/tags/snapshot: names a tree (${tree.slice(0, 12)}), not a commit, and the tree holds`,
    )
  })

  it('takes the remote name and URL git passes, and refuses a malformed line with exit 2', () => {
    const { repo } = project()
    const head = repo.git(['rev-parse', 'HEAD']).trim()
    const ok = spawnSync(process.execPath, [CLI, '--pre-push', 'origin', '/x/remote.git'], {
      cwd: repo.dir,
      env: repo.env,
      input: `refs/heads/main ${head} refs/heads/main ${head}\n`,
      encoding: 'utf8',
    })
    expect(ok).toMatchObject({ status: 0, stdout: '', stderr: '' })
    // A remote id never fetched here: judged as a new ref, what no remote-tracking ref holds.
    repo.write('.env', 'K=1\n')
    repo.git(['add', '-f', '.env'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'leak'])
    const leak = repo.git(['rev-parse', 'HEAD']).trim()
    const unknown = spawnSync(process.execPath, [CLI, '--pre-push', '--format', 'json'], {
      cwd: repo.dir,
      env: repo.env,
      input: `refs/heads/main ${leak} refs/heads/main ${'1'.repeat(40)}\n`,
      encoding: 'utf8',
    })
    expect(unknown.status).toBe(1)
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      mode: 'pre-push',
      findings: [{ path: '.env', commits: [leak] }],
    })
    const bad = spawnSync(process.execPath, [CLI, '--pre-push'], {
      cwd: repo.dir,
      env: repo.env,
      input: `${head} ${head} refs/heads/main\n`,
      encoding: 'utf8',
    })
    expect(bad.status).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/^precommit-guard: --pre-push: not a/)
  })

  it('through husky: .husky/pre-push holding `precommit-guard --pre-push` stops the push', () => {
    const repo = createRepo({
      files: { 'README.md': 'hi\n', 'package.json': '{}\n' },
      commit: true,
    })
    installLocally(repo, { husky: true })
    const husky = spawnSync(join(repo.dir, 'node_modules/.bin/husky'), [], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })
    expect(husky.status).toBe(0)
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('.husky/_')
    repo.write('.husky/pre-push', 'precommit-guard --pre-push\n')
    const bare = bareRemote(repo)
    repo.git(['push', '-q', 'origin', 'main'])
    repo.write('.env', 'SECRET=1\n')
    repo.git(['add', '-f', '.env'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'oops'])
    const before = remoteRef(repo, bare, 'main')
    const stopped = spawnSync('git', ['push', 'origin', 'main'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    })
    expect(stopped.status).not.toBe(0)
    expect(stopped.stdout).toMatch(/^ {2}\.env \(in [0-9a-f]{12}\)$/m)
    expect(stopped.stdout).toContain('Push stopped by precommit-guard')
    expect(remoteRef(repo, bare, 'main')).toBe(before)
  })
})
