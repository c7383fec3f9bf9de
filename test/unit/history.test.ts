import { describe, expect, it } from 'vitest'
import { UndecodableNameError } from '../../src/errors.js'
import {
  collectEntries,
  escapeUndecodable,
  LogParser,
  parseLog,
  rangeRevs,
} from '../../src/git/log.js'
import { parseRefUpdates } from '../../src/git/push.js'
import {
  filterRepoCommand,
  localPurgeCommands,
  mirrorPurgeCommands,
} from '../../src/recovery/commands.js'
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

describe('LogParser (the streamed git log)', () => {
  const C = 'c'.repeat(40)
  const P = 'd'.repeat(40)
  const record = `:000000 100644 ${Z} e69de29 A`
  const output = Buffer.concat([
    Buffer.from(`commit ${C} ${P}\u00022026-01-02 caf`),
    Buffer.from([0xe9]),
    Buffer.from(
      ` \u00e9t\u00e9\0\0${record}\0caf\u00e9.env\0\ncommit ${P}\u00022026-01-01 root\0\0`,
    ),
    Buffer.from(`${record}\0a\0`),
  ])

  it('hands each commit over as soon as the next one starts, before the output ends', () => {
    const seen: string[] = []
    const parser = new LogParser((commit) => seen.push(commit.id))
    const headerEnd = output.indexOf(0, output.indexOf(`commit ${P}`)) + 1
    parser.push(output.subarray(0, headerEnd - 5))
    expect(seen).toEqual([]) // its records may still go on
    parser.push(output.subarray(headerEnd - 5, headerEnd))
    expect(seen).toEqual([C])
    parser.push(output.subarray(headerEnd))
    expect(seen).toEqual([C])
    parser.end()
    expect(seen).toEqual([C, P])
  })

  it('reads the same whatever the chunks, byte by byte included', () => {
    const whole = parseLog(output)
    const commits: unknown[] = []
    const parser = new LogParser((commit) => commits.push(commit))
    for (let i = 0; i < output.length; i++) parser.push(output.subarray(i, i + 1))
    parser.end()
    expect(commits).toEqual(whole.commits)
    expect(whole.commits[0]).toEqual({
      id: C,
      parents: [P],
      date: '2026-01-02',
      subject: 'caf\\xe9 \u00e9t\u00e9',
      entries: [{ path: 'caf\u00e9.env', status: 'A', mode: '100644', oid: 'e69de29' }],
    })
  })

  it('refuses a path that is not UTF-8, but not a subject', () => {
    const bad = Buffer.concat([Buffer.from(`commit ${C}\0${record}\0caf`), Buffer.from([0xe9, 0])])
    expect(() => parseLog(bad)).toThrow(UndecodableNameError)
  })
})

describe('escapeUndecodable', () => {
  it('keeps valid UTF-8 and shows each byte of an invalid sequence as \\xNN', () => {
    expect(escapeUndecodable(Buffer.from('h\u00e9 \u{1f600}'))).toBe('h\u00e9 \u{1f600}')
    // A lone lead byte, a truncated 3-byte sequence, an overlong form, a stray continuation.
    expect(escapeUndecodable(Buffer.from([0x61, 0xc3, 0x62, 0xe2, 0x82, 0xc0, 0xaf, 0x80]))).toBe(
      'a\\xc3b\\xe2\\x82\\xc0\\xaf\\x80',
    )
  })
})

describe('purge commands', () => {
  it('quote every path and the remote name; a leading - takes --path=', () => {
    expect(filterRepoCommand(['-x.env', "it's.env", '.env'])).toBe(
      "git filter-repo --invert-paths --path=-x.env --path 'it'\\''s.env' --path .env",
    )
    expect(mirrorPurgeCommands(['.env'], "up'stream", true)).toEqual([
      'purge=$(mktemp -d)',
      `git clone --mirror --no-local -- "$(git remote get-url -- 'up'\\''stream')" "$purge"`,
      'cd "$purge"',
      'url=$(git remote get-url origin)',
      'git filter-repo --replace-refs update-no-add --invert-paths --path .env',
      'git push --force --mirror -- "$url"',
      'cd -',
    ])
    expect(localPurgeCommands(['a b/.env'], false)).toEqual([
      'cd "$(git rev-parse --show-toplevel)"',
      "git filter-repo --force --partial --invert-paths --path 'a b/.env'",
      'git reflog expire --expire=now --all',
      'git gc --prune=now',
    ])
  })
})
