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
      'tool.precommit-guard.categories.uploadz: unknown category',
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
