import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { BUILTIN_GLOB_SOURCES } from '../../src/rules/builtin-globs.js'
import { CATEGORIES, type RuleRow } from '../../src/rules/categories.js'

const tableGlobs = CATEGORIES.flatMap((category) =>
  (category.rules as readonly RuleRow[]).flatMap((row) => [
    row.dir ?? row.file!,
    ...(row.except ?? []),
  ]),
)

describe('the precompiled built-in globs', () => {
  it('hold picomatch’s regex for every glob of the rule table, and nothing else', () => {
    const expected = Object.fromEntries(
      [...new Set(tableGlobs)]
        .sort()
        .map((glob) => [glob, picomatch.makeRe(glob, { dot: true, windows: false }).source]),
    )
    // On a mismatch: `node scripts/generate-builtin-globs.mjs` writes the table again.
    expect(BUILTIN_GLOB_SOURCES).toEqual(expected)
  })

  it('give the case-insensitive form by the i flag alone, as picomatch does', () => {
    for (const glob of tableGlobs) {
      const folded = picomatch.makeRe(glob, { dot: true, nocase: true, windows: false })
      expect([folded.source, folded.flags]).toEqual([BUILTIN_GLOB_SOURCES[glob], 'i'])
    }
  })
})
