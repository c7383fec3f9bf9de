import { execFileSync, spawnSync } from 'node:child_process'
import { join, relative } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runCheck } from '../../src/commands/check.js'
import type { Report } from '../../src/types.js'
import { applyRecovery } from '../../src/commands/fix.js'
import { runInShell, type TestRepo } from '../helpers/repo.js'
import { scenario, type Scenario } from './arbitraries.js'
import {
  appendGitignore,
  buildScenario,
  copyRepo,
  ignoredPaths,
  indexEntries,
  recordingPath,
  verdictThroughHook,
} from './scenario.js'

/**
 * The recovery guarantees (README, "The recovery, precisely"), checked on generated repositories against real git.
 * Each case builds a repository, so the run count is bounded and the seed fixed by default;
 * PG_PROPERTY_RUNS=500 (and PG_PROPERTY_SEED=<n>) explore further locally.
 */
const RUNS = Number(process.env.PG_PROPERTY_RUNS ?? 50)
const SEED = Number(process.env.PG_PROPERTY_SEED ?? 20261123)
/**
 * A case takes under a second on an idle machine and a few on a busy one: the limit grows with
 * the run count (6 s a case, at least 15 minutes) so that a long exploration is not cut short.
 */
const TIMEOUT = Math.max(15 * 60_000, RUNS * 6_000)

// By absolute path: the shell runs with nothing but a recording git on PATH.
const ZSH = execFileSync('sh', ['-c', 'command -v zsh'], { encoding: 'utf8' }).trim()

const check = (repo: TestRepo, cwd: string, paths: string[] = []) =>
  runCheck({ ctx: { cwd, env: repo.env }, mode: 'staged', paths })

const verdictOf = (report: Report) => ({
  blocked: report.blocked,
  paths: report.findings.map((f) => f.path).sort(),
})

/** A directory holding one of the generated files, to run the guard from (undefined: none). */
function subdirOf(s: Scenario): string | undefined {
  const nested = s.files.find((file) => file.path.includes('/'))
  return nested && nested.path.slice(0, nested.path.lastIndexOf('/'))
}

async function assertGuarantees(s: Scenario): Promise<void> {
  const repo = buildScenario(s)
  const staged = repo.staged()
  const tree = repo.snapshot()
  const index = indexEntries(repo)
  const sub = subdirOf(s)
  const subCwd = sub === undefined ? repo.dir : join(repo.dir, sub)

  // Same verdict from the root, a subdirectory, with paths as arguments, and through a hook.
  const root = await check(repo, repo.dir)
  const verdict = verdictOf(root)
  const fromSub = await check(repo, subCwd)
  expect(verdictOf(fromSub), 'verdict from a subdirectory').toEqual(verdict)
  if (staged.length > 0) {
    const args = staged.map((path) => relative(subCwd, join(repo.dir, path)) || '.')
    expect(verdictOf(await check(repo, subCwd, args)), 'verdict with paths').toEqual(verdict)
  }
  const hook = verdictThroughHook(repo)
  expect(hook, 'verdict through a real hook').toEqual({
    code: verdict.blocked ? 1 : 0,
    paths: verdict.paths,
  })

  const [report, cwd] = s.fromSubdir ? [fromSub, subCwd] : [root, repo.dir]
  const fixed = copyRepo(repo, 'fixed')

  // The printed commands, pasted into sh with nothing but a recording git on PATH.
  const only = recordingPath(repo)
  const texts = report.commands.map((command) => command.text)
  const shell = runInShell(repo, texts, cwd, { ...repo.env, PATH: only.path })
  expect(shell, 'the printed commands succeed').toMatchObject({ code: 0, stderr: '' })
  expect(only.calls(), 'sh ran exactly the commands, word for word').toEqual(
    report.commands.map((command) => command.args),
  )
  // zsh reads the same text to the same words (it expands a leading `=`, where sh does not).
  const zshGit = recordingPath(repo, { passThrough: false })
  const zsh = spawnSync(ZSH, ['-c', `set -e\n${texts.join('\n')}`], {
    cwd,
    env: { ...repo.env, PATH: zshGit.path },
    encoding: 'utf8',
  })
  expect({ code: zsh.status, stderr: zsh.stderr }, 'zsh runs them too').toEqual({
    code: 0,
    stderr: '',
  })
  expect(zshGit.calls(), 'zsh ran the same words').toEqual(only.calls())
  expect(repo.snapshot(), 'the commands change no working-tree file').toEqual(tree)
  const offenders = new Set(verdict.paths)
  const blocked = new Set(report.findings.filter((f) => f.severity === 'block').map((f) => f.path))
  const afterRequired = indexEntries(repo)
  for (const path of blocked) expect(afterRequired.has(path), `${path} untracked`).toBe(false)
  for (const [path, entry] of index) {
    if (!blocked.has(path)) expect(afterRequired.get(path), `${path} kept`).toBe(entry)
  }
  // The optional commands (warnings) take out the warned offenders, and nothing else.
  const optional = runInShell(
    repo,
    report.optionalCommands.map((command) => command.text),
    cwd,
  )
  expect(optional, 'the optional commands succeed').toMatchObject({ code: 0 })
  const after = indexEntries(repo)
  for (const path of offenders) expect(after.has(path), `${path} untracked`).toBe(false)
  for (const [path, entry] of index) {
    if (!offenders.has(path)) expect(after.get(path), `${path} kept as staged`).toBe(entry)
  }
  expect((await check(repo, repo.dir)).findings, 'nothing left to find').toEqual([])

  // The printed .gitignore lines ignore every offender and no other judged path.
  const innocent = staged.filter((path) => !offenders.has(path))
  const ignoredBefore = ignoredPaths(repo, innocent)
  appendGitignore(repo.dir, report.gitignore)
  const treeAfterAppend = repo.snapshot()
  for (const path of blocked) {
    const ignored = ignoredPaths(repo, [path]).has(path)
    expect(ignored || report.reincluded.has(path), `${path} ignored by the required lines`).toBe(
      true,
    )
  }
  appendGitignore(repo.dir, report.optionalGitignore)
  const ignoredAfter = ignoredPaths(repo, staged)
  // Except where a deeper .gitignore re-includes it, or the name holds a line break that no
  // .gitignore line can hold: root lines cannot win, and the report says so.
  for (const path of report.unignorable) expect(path, 'unignorable for a reason').toContain('\n')
  for (const path of offenders) {
    const excused = report.reincluded.has(path) || report.unignorable.includes(path)
    expect(ignoredAfter.has(path) || excused, `${path} ignored`).toBe(true)
  }
  // Never newly ignored. Un-ignoring is allowed: `!.env.example` re-includes a template that
  // the repository's own `.env.*` already ignored, on purpose.
  for (const path of innocent) {
    if (ignoredAfter.has(path)) expect(ignoredBefore.has(path), `${path} newly ignored`).toBe(true)
  }

  // --fix on an identical copy does exactly the required part, and touches only .gitignore.
  const fixCwd = join(fixed.dir, relative(repo.dir, cwd))
  await applyRecovery(await check(fixed, fixCwd), {
    ctx: { cwd: fixCwd, env: fixed.env },
    top: fixed.dir,
  })
  expect(fixed.snapshot(), '--fix changes only .gitignore, as the printed lines do').toEqual(
    treeAfterAppend,
  )
  expect(indexEntries(fixed), '--fix leaves the index the commands leave').toEqual(afterRequired)
  const left = (await check(fixed, fixCwd)).findings
  expect(
    left.filter((f) => f.severity === 'block'),
    '--fix leaves nothing blocked',
  ).toEqual([])
  expect(left.map((f) => f.path).sort(), '--fix never untracks a warning').toEqual(
    verdict.paths.filter((path) => !blocked.has(path)),
  )
}

describe('recovery guarantees on generated repositories', () => {
  it(
    'hold for random trees, names, git states, .gitignore content and configuration',
    async () => {
      await fc.assert(fc.asyncProperty(scenario, assertGuarantees), {
        numRuns: RUNS,
        seed: SEED,
      })
    },
    TIMEOUT,
  )
})

/** Shrunk counter-examples found by the property above, kept as fixed examples. */
const COUNTER_EXAMPLES: [string, Scenario][] = [
  [
    'a directory whose name starts with pathspec magic (check-ignore refused it: exit 2)',
    {
      files: [
        { path: ':(glob)*/.env', state: 'new' },
        { path: '$(touch CANARY)', state: 'new' },
      ],
      commitFirst: false,
      gitignore: undefined,
      config: undefined,
      fromSubdir: false,
    },
  ],
  [
    'run from a directory whose name starts with a newline (the prefix was misread)',
    {
      files: [
        { path: '\na/$(touch CANARY)', state: 'new' },
        { path: 'a.env', state: 'new' },
      ],
      commitFirst: false,
      gitignore: undefined,
      config: undefined,
      fromSubdir: true,
    },
  ],
  [
    'a template the existing .gitignore ignores is re-included, never newly ignored (test fix)',
    {
      files: [
        { path: '.env.example', state: 'new' },
        { path: '.env', state: 'new' },
      ],
      commitFirst: false,
      gitignore: '.env.*',
      config: undefined,
      fromSubdir: false,
    },
  ],
  [
    'a negation in a nested .gitignore defeats any root line (now reported as re-included)',
    {
      files: [{ path: 'src/.env', state: 'new' }],
      commitFirst: false,
      gitignore: undefined,
      nestedGitignore: { dir: 'src', content: '!.env\n' },
      config: undefined,
      fromSubdir: false,
    },
  ],
  [
    'an ignored offender that the template negation re-included (dist/.env.example)',
    {
      files: [
        { path: 'dist/.env.example', state: 'new' },
        { path: 'a.env', state: 'new' },
        { path: '$(touch CANARY)', state: 'new' },
      ],
      commitFirst: false,
      gitignore: '.env.*',
      config: undefined,
      fromSubdir: false,
    },
  ],
]

describe('counter-examples found by the property suite', () => {
  it.each(COUNTER_EXAMPLES)('%s', async (_name, example) => {
    await assertGuarantees(example)
  })
})
