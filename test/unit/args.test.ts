import { describe, expect, it } from 'vitest'
import { parseCli } from '../../src/args.js'
import { UsageError } from '../../src/errors.js'
import { useColor } from '../../src/report/style.js'

/** The one line cli.ts prints for a usage error: message and hint. */
function refusal(argv: string[], exists: (path: string) => boolean = () => false): string {
  try {
    parseCli(argv, { exists })
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    const { message, hint } = error as UsageError
    return hint ? `${message}: ${hint}` : message
  }
  throw new Error(`parseCli accepted ${JSON.stringify(argv)}`)
}

describe('unknown options', () => {
  it.each([
    ['--quite', 'unknown option --quite: did you mean --quiet? (see precommit-guard --help)'],
    [
      '--no-colour',
      'unknown option --no-colour: did you mean --no-color? (see precommit-guard --help)',
    ],
    [
      '--fromat=json',
      'unknown option --fromat: did you mean --format? (see precommit-guard --help)',
    ],
    ['-quiet', 'unknown option -quiet: did you mean --quiet? (see precommit-guard --help)'],
    ['--zzzzzz', 'unknown option --zzzzzz: see precommit-guard --help'],
    ['-x', 'unknown option -x: see precommit-guard --help'],
    ['--\u001b[2Kx', 'unknown option --\\x1b[2Kx: see precommit-guard --help'],
  ])('%j is refused in our words, with the nearest option', (arg, line) => {
    expect(refusal([arg])).toBe(line)
  })

  it('names an option without its value, or a value given to a switch', () => {
    expect(refusal(['--range'])).toBe('--range needs a value: --range <A..B>')
    expect(refusal(['--format'])).toBe('--format needs a value: --format <format>')
    expect(refusal(['--quiet=yes'])).toBe('--quiet takes no value: write --quiet alone')
    expect(refusal(['--config', '--quiet'])).toBe(
      '--config needs a value, not the option --quiet: --config <file>, or --config=--quiet if that is the value',
    )
  })
})

describe('command words', () => {
  it('`help` shows the help; `check help` judges a file named help', () => {
    expect(parseCli(['help'])).toEqual({ command: 'help' })
    expect(parseCli(['check', 'help'])).toMatchObject({
      command: 'check',
      selection: { kind: 'paths', paths: ['help'] },
    })
  })

  it.each([
    ['initt', 'init'],
    ['Init', 'init'],
    ['hist', 'history'],
    ['histroy', 'history'],
    ['demp', 'demo'],
    ['expalin', 'explain'],
    ['hlep', 'help'],
  ])('%s, naming no file, is a typo of %s', (word, meant) => {
    expect(refusal([word])).toBe(
      `unknown command ${word}: did you mean \`precommit-guard ${meant}\`? (to judge a file of that name: precommit-guard check ${word})`,
    )
  })

  it('a word that names a file, or does not read like a command, stays a path', () => {
    const exists = (path: string) => path === 'initt'
    expect(parseCli(['initt'], { exists })).toMatchObject({
      selection: { kind: 'paths', paths: ['initt'] },
    })
    for (const word of ['somefile', 'init.py', 'src/init', 'README']) {
      expect(parseCli([word])).toMatchObject({ selection: { kind: 'paths', paths: [word] } })
    }
  })
})

describe('useColor', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'dumb' }, true, false],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: 'true' }, false, true],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ NODE_DISABLE_COLORS: '1' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, true],
  ])('%j on a terminal: %s -> %s', (env, isTTY, colour) => {
    expect(useColor(env, isTTY, false)).toBe(colour)
  })

  it('--no-color wins over FORCE_COLOR', () => {
    expect(useColor({ FORCE_COLOR: '1' }, true, true)).toBe(false)
  })
})
