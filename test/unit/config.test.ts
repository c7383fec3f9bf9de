import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { globProblem } from '../../src/config/glob.js'
import {
  CATEGORIES_SCHEMA,
  CONFIG_SCHEMA,
  parseSize,
  RULE_SCHEMA,
  validateConfig,
} from '../../src/config/schema.js'

interface JsonSchema {
  properties: Record<string, JsonSchema>
  items?: JsonSchema
  required?: string[]
}

const SCHEMA = JSON.parse(
  readFileSync(new URL('../../schema.json', import.meta.url), 'utf8'),
) as JsonSchema

const keys = (entries: object) => Object.keys(entries).sort()
const required = (entries: Record<string, { type: string }>) =>
  Object.entries(entries)
    .filter(([, schema]) => schema.type !== 'optional')
    .map(([key]) => key)
    .sort()

describe('schema.json and the validator', () => {
  it('name the same keys, so they cannot drift', () => {
    expect(keys(SCHEMA.properties)).toEqual(keys(CONFIG_SCHEMA.entries))
    expect(keys(SCHEMA.properties.categories!.properties)).toEqual(keys(CATEGORIES_SCHEMA.entries))
    const rule = SCHEMA.properties.rules!.items!
    expect(keys(rule.properties)).toEqual(keys(RULE_SCHEMA.entries))
    expect([...rule.required!].sort()).toEqual(required(RULE_SCHEMA.entries))
  })
})

describe('validateConfig', () => {
  it('accepts the documented example and normalises nothing away', () => {
    const config = {
      $schema: './node_modules/precommit-guard/schema.json',
      categories: { upload: 'warn', log: 'block', node: 'off' },
      allow: ['tests/fixtures/**/*.csv', 'docs/**/*.pdf'],
      rules: [
        {
          id: 'secrets-dir',
          pattern: 'secrets/**',
          severity: 'block',
          message: 'secrets/ is for local files only',
          gitignore: 'secrets/',
        },
      ],
      envTemplates: ['.env.example', '.env.sample', '.env.template'],
    }
    expect(validateConfig(config)).toEqual({ ok: true, config })
    expect(validateConfig({})).toEqual({ ok: true, config: {} })
  })

  it('collects every problem with its key path', () => {
    const result = validateConfig(
      {
        categories: { uploadz: 'warn', log: 'bloc' },
        allow: ['ok/**', '', 'a{b'],
        rules: [{ id: 'r', pattern: '[x', severity: 'off', gitignore: 3, extra: true }],
        envTemplates: 'not-an-array',
        colour: true,
      },
      'tool.precommit-guard',
    )
    expect(result.ok).toBe(false)
    const problems = result.ok ? [] : result.problems
    const at = (path: string) =>
      problems.filter((p) => p.startsWith(`tool.precommit-guard.${path}:`))
    expect(at('categories.uploadz')).toEqual([
      'tool.precommit-guard.categories.uploadz: unknown category (valid: env, venv, bytecode, upload, credential, env-template, log, test-cache, lint-cache, editor, build, docker, node, env-drift, large-file)',
    ])
    expect(at('categories.log')[0]).toMatch(/bad severity "bloc"/)
    expect(at('allow[1]')[0]).toMatch(/empty glob/)
    expect(at('allow[2]')[0]).toMatch(/unbalanced "\{"/)
    expect(at('allow[0]')).toEqual([])
    expect(at('rules[0].pattern')[0]).toMatch(/unbalanced "\["/)
    expect(at('rules[0].severity')[0]).toMatch(/bad severity "off"/)
    expect(at('rules[0].gitignore')).toHaveLength(1)
    expect(at('rules[0].extra')[0]).toMatch(/unknown key/)
    expect(at('envTemplates')[0]).toMatch(/expected an array/)
    expect(at('colour')[0]).toMatch(/unknown key/)
    expect(problems).toHaveLength(10)
  })

  it('names every unknown key, not only the first of each table, and lists the ids once', () => {
    expect(
      validateConfig({
        categories: { uploadz: 'warn', envv: 'off' },
        rules: [{ id: 'r', pattern: 'x/**', severity: 'warn', colour: 1, extra: 2 }],
        largeFile: { limit: 1 },
        bogus: 1,
        other: 2,
      }),
    ).toEqual({
      ok: false,
      problems: [
        'categories.uploadz: unknown category (valid: env, venv, bytecode, upload, credential, env-template, log, test-cache, lint-cache, editor, build, docker, node, env-drift, large-file)',
        'categories.envv: unknown category',
        'rules[0].colour: unknown key',
        'rules[0].extra: unknown key',
        'largeFile.limit: unknown key',
        'bogus: unknown key',
        'other: unknown key',
      ],
    })
  })

  it('says "missing" for a key a rule needs', () => {
    expect(validateConfig({ rules: [{ id: 'r' }, {}] })).toEqual({
      ok: false,
      problems: [
        'rules[0].pattern: missing',
        'rules[0].severity: missing',
        'rules[1].id: missing',
        'rules[1].pattern: missing',
        'rules[1].severity: missing',
      ],
    })
  })

  it('refuses a rule id that is a built-in category id', () => {
    expect(
      validateConfig({ rules: [{ id: 'env', pattern: 'secrets/**', severity: 'block' }] }),
    ).toEqual({
      ok: false,
      problems: ['rules[0].id: "env" is a built-in category id; pick another id'],
    })
  })

  it('escapes control characters in a key it names', () => {
    expect(validateConfig({ 'a\u001b[2Kb': 1 })).toEqual({
      ok: false,
      problems: ['a\\x1b[2Kb: unknown key'],
    })
  })

  it('rejects arrays and scalars where an object belongs', () => {
    expect(validateConfig(['allow'])).toEqual({
      ok: false,
      problems: ['(top level): expected an object'],
    })
    expect(validateConfig({ categories: [], rules: ['x'] })).toEqual({
      ok: false,
      problems: [
        'categories: expected an object of category: severity',
        'rules[0]: expected an object',
      ],
    })
  })
})

describe('globProblem', () => {
  it.each([
    ['**/*.csv', undefined],
    ['*.py[cod]', undefined],
    ['{a,b}/**', undefined],
    ['\\[literal', undefined],
    ['', 'empty glob'],
    ['  ', 'empty glob'],
    ['[abc', 'unbalanced "["'],
    ['a{b', 'unbalanced "{"'],
    ['a}b', 'unbalanced "}"'],
    ['**/secrets/**/*.pem', undefined],
    ['**/*secret*/**', undefined],
    ['+(a|b).txt', undefined],
    ['*a*a*a*a*a*a*a*a*b', '9 wildcards, at most 4 (slow to match); split it into several globs'],
    ['**/a/**/a/**/*a*', '5 wildcards, at most 4 (slow to match); split it into several globs'],
    ['+(+(a)|b)', 'nested extglob groups (slow to match); flatten them'],
    ['\\*\\*\\*\\*\\*\\*', undefined],
    ['[*][*][*][*][*][*]', undefined],
    ['a'.repeat(1025), 'glob longer than 1024 characters'],
  ])('%j -> %s', (glob, problem) => {
    expect(globProblem(glob)).toBe(problem)
  })
})

describe('parseSize (largeFile.threshold)', () => {
  it('parses sizes with binary units', () => {
    expect(parseSize('5MB')).toBe(5 * 1024 * 1024)
    expect(parseSize('512 KiB')).toBe(512 * 1024)
    expect(parseSize('1.5GB')).toBe(1.5 * 1024 ** 3)
    expect(parseSize(100)).toBe(100)
    expect(parseSize('100')).toBe(100)
    expect(parseSize('huge')).toBeUndefined()
    expect(parseSize(-1)).toBeUndefined()
  })
})
