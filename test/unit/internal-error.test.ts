import { describe, expect, it } from 'vitest'
import { parseRawDiff } from '../../src/git/staged.js'
import { formatInternalError } from '../../src/report/internal-error.js'

describe('formatInternalError', () => {
  it('is one line naming the deliberate bypass and where to report, without a stack', () => {
    const text = formatInternalError(new TypeError('boom\nsecond line'), false)
    expect(text.endsWith('\n')).toBe(true)
    expect(text.trimEnd().split('\n')).toHaveLength(1)
    expect(text).toContain('internal error (boom)')
    expect(text).toContain('git commit --no-verify')
    expect(text).toContain('SECURITY.md')
    expect(text).toMatch(/https:\/\/\S+\/issues/)
    expect(text).not.toMatch(/\n\s+at /)
  })

  it('adds the stack only when debugging', () => {
    const error = new Error('boom')
    expect(formatInternalError(error, true)).toContain(error.stack!)
  })

  it('copes with thrown non-errors', () => {
    expect(formatInternalError('just a string', false)).toContain('internal error (just a string)')
    expect(formatInternalError(new Error(''), false)).toContain('internal error (no message)')
  })
})

describe('parseRawDiff fails closed', () => {
  it('reads well-formed records, dropping deletions', () => {
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
  ])('throws on %s', (_name, out) => {
    expect(() => parseRawDiff(out)).toThrow(/unexpected `git diff --raw` record/)
  })
})
