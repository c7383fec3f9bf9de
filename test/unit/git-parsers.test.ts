import { describe, expect, it } from 'vitest'
import { InternalError } from '../../src/errors.js'
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
