import * as v from 'valibot'
import { CATEGORIES } from '../rules/categories.js'
import type { CategoryId } from '../types.js'
import { globProblem } from './glob.js'

/** The validator for a configuration object; `schema.json` mirrors it (a test keeps them equal). */

const strictMessage =
  (unknown: string, expected: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    issue.expected === 'never' ? unknown : `expected ${expected}`

/** valibot's objects accept arrays; a configuration table never is one. */
const isTable = (input: unknown) =>
  typeof input === 'object' && input !== null && !Array.isArray(input)

const glob = v.pipe(
  v.string('expected a glob string'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const problem = globProblem(dataset.value)
    if (problem) addIssue({ message: `${problem}: ${JSON.stringify(dataset.value)}` })
  }),
)

const globs = v.array(glob, 'expected an array of globs')

const categorySeverity = v.picklist(
  ['block', 'warn', 'off'],
  (issue) => `bad severity ${JSON.stringify(issue.input)} (block, warn or off)`,
)

const ruleSeverity = v.picklist(
  ['block', 'warn'],
  (issue) => `bad severity ${JSON.stringify(issue.input)} (block or warn)`,
)

export const CATEGORIES_SCHEMA = v.strictObject(
  Object.fromEntries(CATEGORIES.map((c) => [c.id, v.optional(categorySeverity)])) as Record<
    CategoryId,
    v.OptionalSchema<typeof categorySeverity, undefined>
  >,
  strictMessage('unknown category', 'an object of category: severity'),
)

export const RULE_SCHEMA = v.strictObject(
  {
    id: v.pipe(v.string('expected a string'), v.nonEmpty('empty id')),
    pattern: glob,
    severity: ruleSeverity,
    message: v.optional(v.string('expected a string')),
    gitignore: v.optional(
      v.union([v.string(), v.array(v.string())], 'expected a string or an array of strings'),
    ),
  },
  strictMessage('unknown key', 'an object'),
)

/** `5MB`, `512 KiB`, `1.5 GB` or a number of bytes; units are binary (1 MB = 1024 KiB). */
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i
const UNIT: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2 }
UNIT.gb = UNIT.gib = 1024 ** 3

/** Bytes from a size string or number; undefined when it is not one. */
export function parseSize(size: string | number): number | undefined {
  if (typeof size === 'number') return Number.isFinite(size) && size >= 0 ? size : undefined
  const match = SIZE.exec(size.trim())
  if (!match) return undefined
  return Math.round(Number(match[1]) * UNIT[(match[2] ?? 'b').toLowerCase()]!)
}

const size = v.pipe(
  v.union([v.number(), v.string()], 'expected a size such as "5MB" or a number of bytes'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.typed && parseSize(dataset.value) === undefined) {
      addIssue({
        message: `bad size ${JSON.stringify(dataset.value)} (e.g. "5MB", "512KB", 1048576)`,
      })
    }
  }),
)

export const LARGE_FILE_SCHEMA = v.strictObject(
  { threshold: v.optional(size) },
  strictMessage('unknown key', 'an object'),
)

export const CONFIG_SCHEMA = v.strictObject(
  {
    /** For editors: the JSON Schema this file follows. */
    $schema: v.optional(v.string('expected a string')),
    categories: v.optional(
      v.pipe(
        v.custom<v.InferInput<typeof CATEGORIES_SCHEMA>>(
          isTable,
          'expected an object of category: severity',
        ),
        CATEGORIES_SCHEMA,
      ),
    ),
    allow: v.optional(globs),
    rules: v.optional(
      v.array(
        v.pipe(
          v.custom<v.InferInput<typeof RULE_SCHEMA>>(isTable, 'expected an object'),
          RULE_SCHEMA,
        ),
        'expected an array of rules',
      ),
    ),
    envTemplates: v.optional(globs),
    largeFile: v.optional(
      v.pipe(
        v.custom<v.InferInput<typeof LARGE_FILE_SCHEMA>>(isTable, 'expected an object'),
        LARGE_FILE_SCHEMA,
      ),
    ),
  },
  strictMessage('unknown key', 'an object'),
)

const CONFIG = v.pipe(
  v.custom<v.InferInput<typeof CONFIG_SCHEMA>>(isTable, 'expected an object'),
  CONFIG_SCHEMA,
)

export type ConfigData = v.InferOutput<typeof CONFIG_SCHEMA>

/** `rules[0].severity`, `categories.uploadz`: where an issue sits, prefixed with `base`. */
function keyPath(base: string, issue: v.BaseIssue<unknown>): string {
  let path = base
  for (const item of issue.path ?? []) {
    const key = item.key
    path += typeof key === 'number' ? `[${key}]` : `${path ? '.' : ''}${String(key)}`
  }
  return path || '(top level)'
}

/** Validate; problems come back as `key.path: message` lines (all of them, not the first). */
export function validateConfig(
  data: unknown,
  base = '',
): { ok: true; config: ConfigData } | { ok: false; problems: string[] } {
  const result = v.safeParse(CONFIG, data)
  if (result.success) return { ok: true, config: result.output }
  return {
    ok: false,
    problems: result.issues.map((issue) => `${keyPath(base, issue)}: ${issue.message}`),
  }
}
