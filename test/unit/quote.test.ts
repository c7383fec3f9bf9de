import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { anchoredPattern } from '../../src/recovery/gitignore.js'
import { literalPathspec } from '../../src/git/pathspec.js'
import { shellQuote } from '../../src/recovery/quote.js'

const NAMES = (
  JSON.parse(readFileSync(new URL('../../fixtures/names.json', import.meta.url), 'utf8')) as {
    names: string[]
  }
).names

describe('shellQuote', () => {
  it('leaves plain names bare', () => {
    expect(shellQuote('src/app/.env.local')).toBe('src/app/.env.local')
    expect(shellQuote('')).toBe("''")
  })

  it.each(NAMES)('round-trips %j through sh without running anything', (name) => {
    const result = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(name)}`], {
      encoding: 'utf8',
      cwd: '/tmp',
    })
    expect(result.stdout).toBe(name)
  })
})

describe('literalPathspec', () => {
  it('adds :(literal) only for pathspec magic', () => {
    expect(literalPathspec('.env')).toBe('.env')
    expect(literalPathspec('a*.env')).toBe(':(literal)a*.env')
    expect(literalPathspec(':x.env')).toBe(':(literal):x.env')
    expect(literalPathspec('s[1].env')).toBe(':(literal)s[1].env')
  })
})

describe('anchoredPattern', () => {
  it('escapes wildcards, backslashes and trailing spaces', () => {
    expect(anchoredPattern('a*b?[c]\\d', false)).toBe('/a\\*b\\?\\[c]\\\\d')
    expect(anchoredPattern('dir/trail  ', true)).toBe('/dir/trail\\ \\ /')
    expect(anchoredPattern('#x', false)).toBe('/#x')
  })
})
