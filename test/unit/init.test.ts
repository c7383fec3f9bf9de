import ignore from 'ignore'
import { parse } from 'dotenv'
import { describe, expect, it } from 'vitest'
import { mergeEnvExample, templateLines } from '../../src/content/env-template.js'
import { mergeGitignore } from '../../src/init/gitignore-block.js'
import { addHookLine } from '../../src/init/hook-file.js'
import { withHuskyPrepare, withLintStagedGuard } from '../../src/init/package-json.js'

describe('mergeGitignore', () => {
  it('keeps existing lines and order, adds only missing ones, once', () => {
    const existing = '# mine\nnode_modules/\n.env\n'
    const merged = mergeGitignore(existing)
    expect(merged.startsWith(existing)).toBe(true)
    expect(merged.split('\n').filter((l) => l === '.env')).toHaveLength(1)
    expect(mergeGitignore(merged)).toBe(merged)
  })

  it('places !.env.example so that it takes effect', () => {
    const merged = mergeGitignore('!.env.example\n.env.*\n')
    const ig = ignore({ ignorecase: false }).add(merged)
    expect(ig.ignores('.env.example')).toBe(false)
    expect(ig.ignores('.env.local')).toBe(true)
    expect(ig.ignores('.vscode/extensions.json')).toBe(false)
    expect(ig.ignores('app/__pycache__/x.pyc')).toBe(true)
  })

  it('handles a missing final newline', () => {
    expect(mergeGitignore('dist/').startsWith('dist/\n')).toBe(true)
  })
})

describe('.env.example from .env', () => {
  const env = [
    '# Groq key: get it at console.groq.com',
    'export GROQ_API_KEY=gsk_realrealreal',
    'DB_URL="postgres://app:hunter2@db/app" # main database',
    'PEM="-----BEGIN PRIVATE KEY-----',
    'MIIEvQIBADANBg',
    '-----END PRIVATE KEY-----"',
    '',
    'EMPTY=',
  ].join('\n')

  it('keeps keys, order and blank lines; copies no value and no comment text', () => {
    const text = mergeEnvExample(env, undefined)
    expect(Object.keys(parse(text))).toEqual(Object.keys(parse(env)))
    for (const secret of [
      'gsk_',
      'hunter2',
      'MIIE',
      'PRIVATE KEY',
      'console.groq',
      'main database',
    ])
      expect(text).not.toContain(secret)
    expect(text).toBe(
      [
        'export GROQ_API_KEY=your-groq-api-key-here',
        'DB_URL=your-db-url-here',
        'PEM=your-pem-here',
        '',
        'EMPTY=your-empty-here',
        '',
      ].join('\n'),
    )
  })

  it('keeps a commented-out key with a placeholder, never its value', () => {
    expect(mergeEnvExample('# OLD_KEY=gsk_realrealreal\nA=1\n', undefined)).toBe(
      '# OLD_KEY=your-old-key-here\nA=your-a-here\n',
    )
  })

  it('only adds missing keys to an existing template, as placeholders', () => {
    const existing = 'GROQ_API_KEY=keep-my-placeholder\n'
    const text = mergeEnvExample(env, existing)
    expect(text.startsWith(existing)).toBe(true)
    expect(parse(text).GROQ_API_KEY).toBe('keep-my-placeholder')
    expect(Object.keys(parse(text)).sort()).toEqual(['DB_URL', 'EMPTY', 'GROQ_API_KEY', 'PEM'])
    expect(mergeEnvExample(env, text)).toBe(text)
  })

  it('reads keys the way dotenv does', () => {
    expect(templateLines('A=1\nnot a line\nB: 2\n')).toEqual([
      { key: 'A', text: 'A=your-a-here' },
      { key: 'B', text: 'B: your-b-here' },
    ])
  })
})

describe('hook file and package.json edits', () => {
  it('inserts the guard first, keeps every other line, and is idempotent', () => {
    const hook = '# run checks\nnpx lint-staged\n'
    const once = addHookLine(hook, 'precommit-guard', 'precommit-guard')
    expect(once).toBe('# run checks\nprecommit-guard\nnpx lint-staged\n')
    expect(addHookLine(once, 'precommit-guard', 'precommit-guard')).toBe(once)
    expect(addHookLine(undefined, 'lint-staged', 'lint-staged')).toBe('lint-staged\n')
    expect(addHookLine('npx lint-staged', 'lint-staged', 'lint-staged')).toBe('npx lint-staged')
  })

  it('adds husky to prepare and the guard to lint-staged without losing anything', () => {
    expect(withHuskyPrepare({}).scripts).toEqual({ prepare: 'husky' })
    expect(withHuskyPrepare({ scripts: { prepare: 'tsc' } }).scripts?.prepare).toBe('husky && tsc')
    expect(withLintStagedGuard({ '*.ts': 'eslint' })).toEqual({
      '*': 'precommit-guard',
      '*.ts': 'eslint',
    })
    expect(withLintStagedGuard({ '*': 'prettier -w' })['*']).toEqual([
      'precommit-guard',
      'prettier -w',
    ])
  })
})
