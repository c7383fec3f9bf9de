import { describe, expect, it } from 'vitest'
import {
  ConfigError,
  GitError,
  GuardError,
  InternalError,
  NotARepoError,
  UsageError,
} from '../../src/errors.js'
import { parseRawDiff } from '../../src/git/staged.js'

describe('the error taxonomy', () => {
  it('makes every user error a GuardError with exit code 2 and keeps bugs apart', () => {
    for (const error of [
      new UsageError('bad flag', 'see --help'),
      new ConfigError('bad key'),
      new NotARepoError('/tmp'),
      new GitError(['status'], 'fatal: boom\n', 128),
    ]) {
      expect(error).toBeInstanceOf(GuardError)
      expect(error.exitCode).toBe(2)
    }
    const bug = new InternalError('unexpected record')
    expect(bug).not.toBeInstanceOf(GuardError)
    expect(bug.name).toBe('InternalError')
  })

  it('has the parsers throw InternalError, never a user error, on output they do not understand', () => {
    expect(() => parseRawDiff('garbage\0path\0')).toThrow(InternalError)
    let thrown: unknown
    try {
      parseRawDiff(':100644 100644 abc def Q\0x\0')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InternalError)
    expect(thrown).not.toBeInstanceOf(GuardError)
  })
})
