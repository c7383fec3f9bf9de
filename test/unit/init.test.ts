import ignore from 'ignore'
import { parse } from 'dotenv'
import { describe, expect, it } from 'vitest'
import { envExampleFor } from '../../src/content/env-example.js'
import { scanTemplate, templateLines } from '../../src/content/env-template.js'
import { mergeGitignore } from '../../src/init/gitignore-block.js'
import { addHookLine, replaceHookLine } from '../../src/init/hook-file.js'
import { withHuskyPrepare, withLintStagedGuard } from '../../src/init/package-json.js'
import { withLintStagedYaml, withPreCommitEntry } from '../../src/init/yaml-config.js'

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

  it('keeps keys, order and comments; copies no value', () => {
    const text = envExampleFor(env, undefined)
    expect(Object.keys(parse(text))).toEqual(Object.keys(parse(env)))
    for (const secret of ['gsk_', 'hunter2', 'MIIE', 'PRIVATE KEY'])
      expect(text).not.toContain(secret)
    expect(text).toContain(
      '# Groq key: get it at console.groq.com\nexport GROQ_API_KEY=your-groq-api-key-here',
    )
    expect(text).toContain('DB_URL=your-db-url-here # main database')
  })

  it('keeps a commented-out key with a placeholder, never its value', () => {
    const text = envExampleFor('# OLD_KEY=gsk_realrealreal\nA=1\n', undefined)
    expect(text).toContain('# OLD_KEY=your-old-key-here')
    expect(text).not.toContain('gsk_')
  })

  it('only adds missing keys to an existing template, with their comments', () => {
    const existing = 'GROQ_API_KEY=keep-my-placeholder\n'
    const text = envExampleFor(env, existing)
    expect(text.startsWith(existing)).toBe(true)
    expect(parse(text).GROQ_API_KEY).toBe('keep-my-placeholder')
    expect(Object.keys(parse(text)).sort()).toEqual(['DB_URL', 'EMPTY', 'GROQ_API_KEY', 'PEM'])
    expect(envExampleFor(env, text)).toBe(text)
  })

  it('reads keys the way dotenv does', () => {
    expect(templateLines('A=1\nnot a line\nB: 2\n')).toEqual([
      { key: 'A', text: 'A=your-a-here' },
      { key: 'B', text: 'B: your-b-here' },
    ])
  })
})

describe('the template init writes: configuration kept, anything secret left out', () => {
  const PRIVATE = [
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
    'MZR4yoBHIDpnlJbA1v0VpfuQc3P1zAQJ8mlkS0JXe5sE4GqyNkhoeb0rJq2u0x2m',
  ]
  const serviceAccount = [
    'GOOGLE_CREDENTIALS="{',
    '  \\"type\\": \\"service_account\\",',
    `  \\"private_key\\": \\"-----BEGIN PRIVATE KEY-----\\n${PRIVATE[0]}\\n-----END PRIVATE KEY-----\\n\\",`,
    `  \\"client_email\\": \\"svc@proj.iam.gserviceaccount.com\\"`,
    '}"',
  ]

  it('copies no line of a double-quoted multi-line value', () => {
    const env = ['PORT=8080', ...serviceAccount, 'DEBUG=true', ''].join('\n')
    expect(Object.keys(parse(env))).toEqual(['PORT', 'GOOGLE_CREDENTIALS', 'DEBUG'])
    const text = envExampleFor(env, undefined)
    expect(text).toBe('PORT=8080\nGOOGLE_CREDENTIALS=your-google-credentials-here\nDEBUG=true\n')
    expect(scanTemplate(text)).toEqual([])
  })

  it('replaces commented-out real values and leaves out comment text that could be secret', () => {
    const env = [
      '# OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345',
      '# LOG_LEVEL=debug',
      '# old db password: hunter2',
      `# ${PRIVATE[1]}`,
      '# the port the app listens on',
      'PORT=8080 # local only',
      'TOKEN=abc # was tok=Zx81kQp0vLm3NbT7rW2y',
      '',
    ].join('\n')
    expect(envExampleFor(env, undefined)).toBe(
      [
        '# OPENAI_API_KEY=your-openai-api-key-here',
        '# LOG_LEVEL=debug',
        '# (precommit-guard left a line out here: it may hold a secret)',
        '# (precommit-guard left a line out here: it may hold a secret)',
        '# the port the app listens on',
        'PORT=8080 # local only',
        'TOKEN=your-token-here',
        '',
      ].join('\n'),
    )
  })

  it('keeps plain configuration values and blanks what looks secret', () => {
    const env = [
      'PORT=8080',
      'DEBUG=true',
      'EMPTY=',
      'APP_NAME="My App"',
      'API_URL=https://api.example.com/v1',
      'DATABASE_URL=postgres://app:s3cret-pw@db:5432/app',
      'DB_PASSWORD=hunter2',
      'SECRET_KEY=django-insecure-local',
      'SENTRY_DSN=https://abc@o1.ingest.sentry.io/1',
      'SESSION_ID=9f8e7d6c5b4a39281726354afedcba98',
      '',
    ].join('\n')
    expect(envExampleFor(env, undefined)).toBe(
      [
        'PORT=8080',
        'DEBUG=true',
        'EMPTY=',
        'APP_NAME="My App"',
        'API_URL=https://api.example.com/v1',
        'DATABASE_URL=your-database-url-here',
        'DB_PASSWORD=your-db-password-here',
        'SECRET_KEY=your-secret-key-here',
        'SENTRY_DSN=your-sentry-dsn-here',
        'SESSION_ID=your-session-id-here',
        '',
      ].join('\n'),
    )
  })

  it('reads CRLF files, `export` and `KEY: value` as dotenv does', () => {
    expect(envExampleFor('export A=1\r\nB: two\r\n', undefined)).toBe('export A=1\nB: two\n')
  })
})

describe('YAML configs gain the guard with every existing byte kept', () => {
  const config = [
    '# our hooks',
    'repos:',
    '-   repo: https://github.com/psf/black',
    '    rev: 24.1.0   # pinned',
    '    hooks:',
    '    -   id: black',
    '',
    '# end',
    '',
  ].join('\n')

  it('appends the pre-commit framework entry once', () => {
    const edited = withPreCommitEntry(config, 'https://example.test/pg', 'v1.2.3')!
    expect(edited).toBe(
      [
        '# our hooks',
        'repos:',
        '-   repo: https://github.com/psf/black',
        '    rev: 24.1.0   # pinned',
        '    hooks:',
        '    -   id: black',
        '-   repo: https://example.test/pg',
        '    rev: v1.2.3',
        '    hooks:',
        '      - id: precommit-guard',
        '',
        '# end',
        '',
      ].join('\n'),
    )
    expect(withPreCommitEntry(edited, 'https://example.test/pg', 'v9')).toBe(edited)
  })

  it('starts repos: in a file without it, refuses a flow-style list', () => {
    expect(withPreCommitEntry('default_stages: [pre-commit]\n', 'u', 'v1')).toBe(
      'default_stages: [pre-commit]\nrepos:\n  - repo: u\n    rev: v1\n    hooks:\n      - id: precommit-guard\n',
    )
    expect(withPreCommitEntry('repos: [{repo: x, rev: y, hooks: [{id: z}]}]\n', 'u', 'v')).toBe(
      undefined,
    )
    expect(withPreCommitEntry('repos: [\n', 'u', 'v')).toBe(undefined)
  })

  it('adds the lint-staged task, or declines where a * task exists', () => {
    expect(withLintStagedYaml("# tasks\n'*.py': ruff\n")).toBe(
      "# tasks\n'*.py': ruff\n'*': precommit-guard\n",
    )
    expect(withLintStagedYaml("'*': precommit-guard --quiet\n")).toBe(
      "'*': precommit-guard --quiet\n",
    )
    expect(withLintStagedYaml("'*': prettier\n")).toBe(undefined)
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
    expect(addHookLine('(cd web && precommit-guard)\n', 'x', 'precommit-guard')).toBe(
      '(cd web && precommit-guard)\n',
    )
  })

  it('switches the line init wrote, so the guard never runs twice', () => {
    expect(
      replaceHookLine(
        'precommit-guard\nnpm test\n',
        'precommit-guard',
        'lint-staged',
        'lint-staged',
      ),
    ).toBe('lint-staged\nnpm test\n')
    expect(
      replaceHookLine(
        'precommit-guard\nnpx lint-staged\n',
        'precommit-guard',
        'lint-staged',
        'lint-staged',
      ),
    ).toBe('npx lint-staged\n')
  })

  it('adds husky to prepare and the guard to lint-staged without losing anything', () => {
    expect(withHuskyPrepare({}).scripts).toEqual({ prepare: 'husky' })
    expect(withHuskyPrepare({ scripts: { prepare: 'tsc' } }).scripts?.prepare).toBe('husky && tsc')
    expect(
      withHuskyPrepare({ scripts: { prepare: 'tsc' } }, 'cd .. && husky web/.husky').scripts
        ?.prepare,
    ).toBe('(cd .. && husky web/.husky) && tsc')
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
