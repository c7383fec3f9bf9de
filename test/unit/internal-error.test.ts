import { describe, expect, it } from 'vitest'
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
