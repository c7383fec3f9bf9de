import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { anchoredPattern } from '../../src/recovery/gitignore.js'
import { literalPathspec } from '../../src/git/pathspec.js'
import {
  hasUnsafeCharacter,
  printfFormat,
  shellCommand,
  shellQuote,
  visible,
} from '../../src/recovery/quote.js'
import { forTerminal } from '../../src/report/style.js'

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

// Names an attacker picks to act on the terminal or the shell that shows or runs a command.
const HOSTILE = [
  '\r\u001b[2Kgit rm -r --cached .', // erase the line, draw another command
  'x\u001b]52;c;Y2xpcGJvYXJk\u0007.pyc', // OSC 52: write the clipboard
  'ends with newline\n',
  '\n\nleading newlines',
  'bidi\u202egnp.exe',
  'c1\u009b2Jcsi',
  "quote' and 100% \\n backslash!x\u001b",
  '=ls',
  '==ls',
  '~root',
  '!!',
  'é\u0000'.slice(0, 1) + '\u0007bell',
]
const SHELLS = ['sh', 'dash', 'bash', 'zsh']

describe('printed commands in every shell', () => {
  const printed = (shell: string, line: string) =>
    spawnSync(shell, ['-c', line], {
      encoding: 'utf8',
      cwd: '/tmp',
      env: { PATH: process.env.PATH },
    }).stdout

  it.each(SHELLS)('%s gets back exactly each hostile word, from printable text only', (shell) => {
    for (const name of [...NAMES, ...HOSTILE]) {
      const line = shellCommand(['printf', '%s', name])
      expect(hasUnsafeCharacter(line), JSON.stringify(line)).toBe(false)
      expect(printed(shell, line), JSON.stringify(name)).toBe(name)
    }
  })

  it('quotes a word zsh would expand by its leading =', () => {
    expect(shellQuote('=ls')).toBe("'=ls'")
    expect(shellQuote('a=b')).toBe("'a=b'")
    expect(shellQuote('--pathspec-from-file=-')).toBe('--pathspec-from-file=-')
  })

  it('writes a control character as an octal escape, and printf specials too', () => {
    expect(printfFormat('a\u001bb')).toBe('a\\033b')
    expect(printfFormat("%'\\!")).toBe('\\045\\047\\134\\041')
    expect(printfFormat('é')).toBe('é')
  })
})

describe('what is shown, not run', () => {
  it('escapes every character a terminal acts on, and keeps the rest', () => {
    expect(visible('a\u001b[2Kb\r\u202e')).toBe('a\\x1b[2Kb\\x0d\\u202e')
    expect(visible('plain é')).toBe('plain é')
  })

  it('lets through only newlines and, with colour on, the guard’s own colour codes', () => {
    const text = '\u001b[31m✖\u001b[39m name\u001b[2K\r\u009b\n'
    expect(forTerminal(text, true)).toBe('\u001b[31m✖\u001b[39m name\\u001b[2K\\u000d\\u009b\n')
    expect(forTerminal(text, false)).toBe('\\u001b[31m✖\\u001b[39m name\\u001b[2K\\u000d\\u009b\n')
    // A JSON document stays valid and decodes to the same text.
    const json = JSON.stringify({ name: 'a\u009bb\u2028' })
    expect(JSON.parse(forTerminal(json, false))).toEqual({ name: 'a\u009bb\u2028' })
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

  it('writes no pattern for a name with a newline: `?` would match innocent names too', () => {
    expect(anchoredPattern('py\nenv', true)).toBeUndefined()
  })
})
