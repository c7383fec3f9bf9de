import { describe, expect, it } from 'vitest'
import { baseName, parentOf, topDirsOf } from '../../src/rules/repo-path.js'

describe('repository paths', () => {
  it('split a path into its directory and its last segment', () => {
    expect([parentOf('.env'), baseName('.env')]).toEqual(['', '.env'])
    expect([parentOf('a/b/.env.example'), baseName('a/b/.env.example')]).toEqual([
      'a/b',
      '.env.example',
    ])
  })

  it('name each top-level directory once, and none for top-level files', () => {
    expect(topDirsOf(['.env', 'a/x', 'a/b/y', 'c/z', 'a/q'])).toEqual(['a', 'c'])
    expect(topDirsOf(new Set(['.env', 'server.log']))).toEqual([])
  })
})
