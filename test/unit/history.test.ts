import { describe, expect, it } from 'vitest'
import { collectEntries, parseLog, rangeRevs } from '../../src/git/log.js'
import { parseRefUpdates } from '../../src/git/push.js'
import { planRewrite } from '../../src/recovery/rewrite.js'
import type { RecoveryUnit } from '../../src/types.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const M = 'c'.repeat(40)
const Z = '0'.repeat(7)

describe('parseLog', () => {
  it('reads commits, plain and combined (merge) records, and hostile paths verbatim', () => {
    const stdout = [
      `commit ${M} ${A} ${B}`,
      '',
      `::000000 000000 100644 ${Z} ${Z} e69de29 AA`,
      'evil.env',
      `commit ${B} ${A}`,
      `\n:000000 100644 ${Z} e69de29 A`,
      '\nnewline.env',
      `:100644 100644 1111111 2222222 M`,
      'commit x',
      `:100644 000000 1111111 ${Z} D`,
      'gone.pyc',
      `commit ${A}`,
      `\n:000000 120000 ${Z} 3333333 A`,
      'link',
      '',
    ].join('\0')
    const { commits, deleted } = parseLog(stdout)
    expect(commits.map((c) => [c.id, c.parents])).toEqual([
      [M, [A, B]],
      [B, [A]],
      [A, []],
    ])
    expect(commits[0]!.entries).toEqual([
      { path: 'evil.env', status: 'A', mode: '100644', oid: 'e69de29' },
    ])
    expect(commits[1]!.entries).toEqual([
      { path: '\nnewline.env', status: 'A', mode: '100644', oid: 'e69de29' },
      { path: 'commit x', status: 'M', mode: '100644', oid: '2222222' },
    ])
    expect(commits[2]!.entries).toEqual([
      { path: 'link', status: 'A', mode: '120000', oid: '3333333' },
    ])
    expect(deleted).toEqual(['gone.pyc'])
  })

  it('merges entries per path, oldest commit first', () => {
    const entries = collectEntries([
      { id: B, parents: [A], entries: [{ path: '.env', status: 'M', mode: '100755' }] },
      { id: A, parents: [], entries: [{ path: '.env', status: 'A', mode: '100644' }] },
    ])
    expect(entries).toEqual([{ path: '.env', status: 'A', mode: '100755', commits: [A, B] }])
  })
})

describe('rangeRevs', () => {
  it('passes ranges through, makes a bare rev one commit, and drops an all-zero base', () => {
    expect(rangeRevs('main..HEAD')).toEqual(['main..HEAD'])
    expect(rangeRevs('main...topic')).toEqual(['main...topic'])
    expect(rangeRevs('HEAD~1')).toEqual(['HEAD~1^!'])
    expect(rangeRevs(`${'0'.repeat(40)}..${B}`)).toEqual([B])
    expect(rangeRevs(`${'0'.repeat(40)}..`)).toEqual(['HEAD'])
  })
})

describe('parseRefUpdates', () => {
  it('reads <old> <new> <ref> lines and refuses anything else', () => {
    expect(
      parseRefUpdates(`${A} ${B} refs/heads/main\n\n${'0'.repeat(40)} ${B} refs/tags/v1\n`),
    ).toEqual([
      { old: A, new: B, ref: 'refs/heads/main' },
      { old: '0'.repeat(40), new: B, ref: 'refs/tags/v1' },
    ])
    for (const bad of ['main HEAD refs/heads/main', `${A} ${B}`, `--all ${B} refs/heads/x`]) {
      expect(() => parseRefUpdates(bad)).toThrow(/--pre-receive/)
    }
  })
})

describe('planRewrite', () => {
  const unit = (path: string, commits: string[], isDir = false): RecoveryUnit => ({
    path,
    isDir,
    force: false,
    findings: [
      {
        code: 'PATH_RULE',
        path,
        category: 'env',
        severity: 'block',
        status: 'A',
        ruleId: 'env:.env',
        commits,
      },
    ],
  })
  const commits = [
    { id: M, parents: [A, B], entries: [] },
    { id: B, parents: [A], entries: [] },
    { id: A, parents: [], entries: [] },
  ]

  it('amends when the tip alone brought the offenders', () => {
    const { rewrite: recovery, commands } = planRewrite({
      units: [unit('.env', [M]), unit('venv', [M], true)],
      commits,
      tips: [M],
    })
    expect(recovery.kind).toBe('amend')
    expect(commands.map((c) => c.text)).toEqual([
      "git rm --cached -- ':(top,literal).env'",
      "git rm -r --cached -- ':(top,literal)venv'",
      'git commit --amend --no-edit',
    ])
  })

  it('rebases from the root, with --rebase-merges when a merge is to be edited', () => {
    const { rewrite: recovery, commands } = planRewrite({
      units: [unit('a b.env', [A]), unit('sub/x.env', [M])],
      commits,
      tips: [M],
    })
    expect(recovery.kind).toBe('rebase')
    expect(recovery.stops.map((s) => s.commit)).toEqual([A, M])
    expect(commands.map((c) => c.text)).toEqual([
      'git rebase -i --rebase-merges --root',
      "git rm --cached --ignore-unmatch -- ':(top,literal)a b.env'",
      'git commit --amend --no-edit',
      'git rebase --continue',
      "git rm --cached --ignore-unmatch -- ':(top,literal)sub/x.env'",
      'git commit --amend --no-edit',
      'git rebase --continue',
    ])
  })
})
