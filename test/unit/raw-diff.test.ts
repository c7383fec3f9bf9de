import { describe, expect, it } from 'vitest'
import { parseRawDiff } from '../../src/git/staged.js'

const ZERO = '0'.repeat(40)
const SHA = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
const record = (src: string, dst: string, status: string, path: string) =>
  `:${src} ${dst} ${src === '000000' ? ZERO : SHA} ${dst === '000000' ? ZERO : SHA} ${status}\0${path}\0`

describe('parseRawDiff', () => {
  it('reads path, status letter, destination mode and object name of every record', () => {
    const stdout =
      record('000000', '100644', 'A', '.env') +
      record('100644', '100755', 'M', 'bin/run me') +
      record('100644', '120000', 'T', 'link') +
      record('000000', '160000', 'A', 'vendor/sub') +
      record('100644', '100644', 'U', 'conflict\nname')
    expect(parseRawDiff(stdout)).toEqual([
      { path: '.env', status: 'A', mode: '100644', oid: SHA },
      { path: 'bin/run me', status: 'M', mode: '100755', oid: SHA },
      { path: 'link', status: 'T', mode: '120000', oid: SHA },
      { path: 'vendor/sub', status: 'A', mode: '160000', oid: SHA },
      { path: 'conflict\nname', status: 'U', mode: '100644', oid: SHA },
    ])
  })

  it('drops deletions (a staged deletion is the fix) and reads abbreviated names too', () => {
    const stdout =
      record('100644', '000000', 'D', '.env') + ':000000 100644 0000000 e69de29 A\0app.py\0'
    expect(parseRawDiff(stdout)).toEqual([
      { path: 'app.py', status: 'A', mode: '100644', oid: 'e69de29' },
    ])
  })

  it('reads nothing from empty output', () => {
    expect(parseRawDiff('')).toEqual([])
  })

  it('reads a rename record (two names) by its new name, dropping deletions', () => {
    const out =
      ':000000 100644 0000000 e69de29 A\0.env\0:100644 000000 e69de29 0000000 D\0gone\0' +
      ':100644 100644 e69de29 d00491f R087\0old name\0new name\0'
    expect(parseRawDiff(out)).toEqual([
      { path: '.env', status: 'A', mode: '100644', oid: 'e69de29' },
      { path: 'new name', status: 'R', mode: '100644', oid: 'd00491f' },
    ])
  })

  it.each([
    ['a record without a path', ':000000 100644 0000000 e69de29 A\0'],
    ['an unknown status', ':000000 100644 0000000 e69de29 X\0a\0'],
    ['a path where a record should be', 'a.txt\0:000000 100644 0000000 e69de29 A\0'],
    ['an empty path', ':000000 100644 0000000 e69de29 A\0\0'],
    ['human-readable output', ' M a.txt\n'],
  ])('fails closed: throws on %s', (_name, out) => {
    expect(() => parseRawDiff(out)).toThrow(/unexpected `git diff --raw` record/)
  })
})
