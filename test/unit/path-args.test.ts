import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { printable, UsageError } from '../../src/errors.js'
import { resolvePathArgs, selectByPaths } from '../../src/worktree/path-args.js'

// A real directory: a path outside the top is compared once more through the cwd's real path.
const TOP = join(realpathSync(mkdtempSync(join(tmpdir(), 'pcg-unit-'))), 'repo')
mkdirSync(join(TOP, 'src'), { recursive: true })
afterAll(() => rmSync(join(TOP, '..'), { recursive: true, force: true }))

describe('path arguments', () => {
  it('keep names that start with `..` inside the repository', () => {
    expect(resolvePathArgs(['..foo', '...env', 'src/..bar', `${TOP}/...env`], TOP, TOP)).toEqual([
      '..foo',
      '...env',
      'src/..bar',
      '...env',
    ])
    expect(resolvePathArgs(['../...env', '..'], `${TOP}/src`, TOP)).toEqual(['...env', ''])
  })

  it('refuse a `..` component that leaves the top, escaping what they show', () => {
    expect(() => resolvePathArgs(['../x'], TOP, TOP)).toThrow(UsageError)
    expect(() => resolvePathArgs(['..'], TOP, TOP)).toThrow('path is outside the repository: ..')
    expect(() => resolvePathArgs(['/elsewhere/\u001b[2Kx'], TOP, TOP)).toThrow(
      'path is outside the repository: /elsewhere/\\x1b[2Kx',
    )
  })

  it('select the entries a path or a directory names, and say which paths named none', () => {
    const entries = ['.env', 'src/a.py', 'src/lib/b.pyc', 'srcx/c.py'].map((path) => ({ path }))
    expect(selectByPaths(entries, ['src', 'nope', '.env'])).toEqual({
      selected: [{ path: '.env' }, { path: 'src/a.py' }, { path: 'src/lib/b.pyc' }],
      unmatched: [1],
    })
    expect(selectByPaths(entries, ['src/lib/', 'src/a.py/x', 'src/a'])).toEqual({
      selected: [{ path: 'src/lib/b.pyc' }],
      unmatched: [1, 2],
    })
    expect(selectByPaths(entries, ['']).selected).toHaveLength(4)
    expect(selectByPaths([], ['', '.env']).unmatched).toEqual([0, 1])
  })
})

describe('printable', () => {
  it('escapes control characters, DEL, C1 and bidi controls, and keeps the rest', () => {
    expect(printable('a\u001b]52;c;eA==\u0007b\r\n\u007f\u009b\u202e.env')).toBe(
      'a\\x1b]52;c;eA==\\x07b\\x0d\\x0a\\x7f\\x9b\\u202e.env',
    )
    expect(printable('caf\u00e9 \u{1f600}/..env')).toBe('caf\u00e9 \u{1f600}/..env')
  })
})
