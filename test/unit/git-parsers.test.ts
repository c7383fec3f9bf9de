import { describe, expect, it } from 'vitest'
import { InternalError } from '../../src/errors.js'
import { parseBatch } from '../../src/git/blobs.js'
import { parseCheckIgnore } from '../../src/git/check-ignore.js'
import { parseLog } from '../../src/git/log.js'
import { parseStageRecord } from '../../src/git/staged.js'

const SHA = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'

describe('parseStageRecord', () => {
  it('reads mode, object name and path, the path verbatim', () => {
    expect(parseStageRecord(`100644 ${SHA} 0\t.env`)).toEqual({
      path: '.env',
      mode: '100644',
      oid: SHA,
    })
    expect(parseStageRecord(`120000 ${SHA} 2\tdir/a\tb c\n`)).toEqual({
      path: 'dir/a\tb c\n',
      mode: '120000',
      oid: SHA,
    })
  })

  it.each([
    ['an empty record', ''],
    ['no path', `100644 ${SHA} 0\t`],
    ['a short mode', `10644 ${SHA} 0\t.env`],
    ['a stage out of range', `100644 ${SHA} 4\t.env`],
    ['spaces for the tab', `100644 ${SHA} 0 .env`],
    ['a bare path (ls-files without --stage)', '.env'],
  ])('throws InternalError on %s', (_, record) => {
    expect(() => parseStageRecord(record)).toThrow(InternalError)
  })
})

describe('parseLog', () => {
  const C = 'c'.repeat(40)
  const P = 'd'.repeat(64)
  const Z = '0'.repeat(7)
  const added = `:000000 100644 ${Z} e69de29 A`

  it('reads SHA-256 ids, details, and commits without records', () => {
    const stdout = [`commit ${P} \u00022024-05-01 a subject`, `commit ${C} ${P}`, '\n'].join('\0')
    expect(parseLog(stdout).commits).toEqual([
      { id: P, parents: [], entries: [], date: '2024-05-01', subject: 'a subject' },
      { id: C, parents: [P], entries: [] },
    ])
  })

  it('reads a combined record of three parents', () => {
    const stdout = `commit ${C} ${C} ${C} ${C}\0\0:::100644 100644 000000 100644 ${Z} ${Z} ${Z} e69de29 MMA\0x\0`
    expect(parseLog(stdout).commits[0]!.entries).toEqual([
      { path: 'x', status: 'M', mode: '100644', oid: 'e69de29' },
    ])
  })

  it.each([
    ['an unknown token', `commit ${C}\0\0diff --git a/x b/x\0`],
    ['a record before any commit', `${added}\0.env\0`],
    ['a record without its path', `commit ${C}\0${added}\0`],
    ['a record with an empty path', `commit ${C}\0${added}\0\0`],
    ['a rename record (two paths)', `commit ${C}\0:100644 100644 ${Z} e69de29 R100\0a\0b\0`],
    [
      'a status letter per parent missing',
      `commit ${C}\0::100644 100644 100644 ${Z} ${Z} e69de29 M\0x\0`,
    ],
    ['a field missing', `commit ${C}\0:100644 ${Z} e69de29 M\0x\0`],
    ['a mode that is not octal', `commit ${C}\0:100644 10064x ${Z} e69de29 M\0x\0`],
    ['an object name that is not hexadecimal', `commit ${C}\0:100644 100644 ${Z} e69de2g M\0x\0`],
    ['an abbreviated commit id', 'commit c1\0'],
    ['a parent that is not an id', `commit ${C} HEAD\0`],
    ['a header without an id', 'commit \0'],
  ])('throws InternalError on %s', (_, stdout) => {
    expect(() => parseLog(stdout)).toThrow(InternalError)
  })
})

describe('parseCheckIgnore', () => {
  const out = (...records: string[][]) => records.map((r) => `${r.join('\0')}\0`).join('')

  it('reads the rule of each path in input order, undefined where none matches', () => {
    const stdout = out(
      ['.gitignore', '2', '*.pyc', 'a.pyc'],
      ['', '', '', './:b'],
      ['sub/.gitignore', '1', '!keep', '../sub/keep'],
    )
    expect(parseCheckIgnore(stdout, ['a.pyc', './:b', '../sub/keep'])).toEqual([
      { source: '.gitignore', line: 2, pattern: '*.pyc' },
      undefined,
      { source: 'sub/.gitignore', line: 1, pattern: '!keep' },
    ])
  })

  it.each([
    ['no output for a path', out(['', '', '', 'a']), ['a', 'b']],
    ['output without -v (one field per path)', 'a\0b\0', ['a', 'b']],
    ['a record for another path', out(['', '', '', 'b']), ['a']],
    ['a line that is not a number', out(['.gitignore', 'x', '*.pyc', 'a']), ['a']],
    ['a rule without a pattern', out(['.gitignore', '2', '', 'a']), ['a']],
    ['a rule without a source', out(['', '2', '*.pyc', 'a']), ['a']],
  ])('throws InternalError on %s', (_, stdout, sent) => {
    expect(() => parseCheckIgnore(stdout, sent)).toThrow(InternalError)
  })
})

describe('parseBatch', () => {
  const BLOB = 'b'.repeat(40)
  const GITLINK = 'c'.repeat(64)
  const bytes = (...parts: (string | Buffer)[]) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)))

  it('reads each answer in input order: content verbatim, missing and submodules as undefined', () => {
    const content = Buffer.from([0, 10, 255, 10])
    const stdout = bytes(
      `${BLOB} blob 4\n`,
      content,
      '\n',
      `${SHA} blob 0\n\n`,
      `${'1'.repeat(40)}:a path missing\n`,
      `${GITLINK} submodule\n`,
      `${SHA} tree 2\nab\n`,
    )
    const names = [BLOB, SHA, `${'1'.repeat(40)}:a path`, `${'2'.repeat(40)}:sub`, 'HEAD:dir']
    expect(parseBatch(stdout, names)).toEqual([
      { oid: BLOB, type: 'blob', content },
      { oid: SHA, type: 'blob', content: Buffer.alloc(0) },
      undefined,
      undefined,
      { oid: SHA, type: 'tree', content: Buffer.from('ab') },
    ])
  })

  it('reads nothing for no names', () => {
    expect(parseBatch(Buffer.alloc(0), [])).toEqual([])
  })

  it.each([
    ['no answer', '', [BLOB]],
    ['an answer short of its content', `${BLOB} blob 5\nabc\n`, [BLOB]],
    ['content without its closing newline', `${BLOB} blob 3\nabcd`, [BLOB]],
    ['a header without a newline', `${BLOB} blob 3`, [BLOB]],
    ['an abbreviated object name', `${BLOB.slice(0, 7)} blob 1\na\n`, [BLOB]],
    ['a size that is not a number', `${BLOB} blob x\na\n`, [BLOB]],
    ['an ambiguous name', `${BLOB} ambiguous\n`, [BLOB]],
    ['missing for another name', `${SHA} missing\n`, [BLOB]],
    ['output left over', `${BLOB} missing\n${SHA} missing\n`, [BLOB]],
  ])('throws InternalError on %s', (_, stdout, names) => {
    expect(() => parseBatch(Buffer.from(stdout), names)).toThrow(InternalError)
  })
})
