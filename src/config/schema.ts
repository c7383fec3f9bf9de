import * as v from 'valibot'
import { printable } from '../errors.js'
import { CATEGORIES } from '../rules/categories.js'
import type { CategoryId } from '../types.js'
import { globProblem } from './glob.js'

/** The validator for a configuration object; `schema.json` mirrors it (a test keeps them equal). */

/** valibot's objects accept arrays; a configuration table never is one. */
const isTable = (input: unknown) =>
  typeof input === 'object' && input !== null && !Array.isArray(input)

/** A key the table requires is absent: valibot reports it as an issue about the key. */
const missingKey = (issue: v.BaseIssue<unknown>) =>
  issue.input === undefined && issue.path?.at(-1)?.origin === 'key'

const objectMessage =
  (expected: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    missingKey(issue) ? 'missing' : `expected ${expected}`

/**
 * Every key of a table that `entries` does not name, one issue each. valibot's strictObject
 * stops at the first unknown key; a user fixing their file wants all of them at once.
 */
const noUnknownKeys = <T extends Record<string, unknown>>(
  entries: Record<string, unknown>,
  message: string,
) =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!isTable(dataset.value)) return
    const input = dataset.value as Record<string, unknown>
    for (const key of Object.keys(input)) {
      if (Object.hasOwn(entries, key)) continue
      addIssue({
        message,
        input: key,
        path: [{ type: 'object', origin: 'key', input, key, value: input[key] }],
      })
    }
  })

/** `object` as a configuration table: not an array, every unknown key named. */
function table<
  const S extends v.LooseObjectSchema<v.ObjectEntries, v.ErrorMessage<v.LooseObjectIssue>>,
>(object: S, { expected, unknown }: { expected: string; unknown: string }) {
  return v.pipe(
    v.custom<v.InferInput<S>>(isTable, `expected ${expected}`),
    object,
    noUnknownKeys<v.InferOutput<S>>(object.entries, unknown),
  )
}

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

const CATEGORY_IDS: ReadonlySet<string> = new Set(CATEGORIES.map((c) => c.id))

export const CATEGORIES_SCHEMA = v.looseObject(
  Object.fromEntries(CATEGORIES.map((c) => [c.id, v.optional(categorySeverity)])) as Record<
    CategoryId,
    v.OptionalSchema<typeof categorySeverity, undefined>
  >,
  objectMessage('an object of category: severity'),
)

export const RULE_SCHEMA = v.looseObject(
  {
    id: v.pipe(
      v.string('expected a string'),
      v.nonEmpty('empty id'),
      // A finding names its rule by id; sharing one with a category would mix the two up.
      v.check(
        (id) => !CATEGORY_IDS.has(id),
        (issue) => `${JSON.stringify(issue.input)} is a built-in category id; pick another id`,
      ),
    ),
    pattern: glob,
    severity: ruleSeverity,
    message: v.optional(v.string('expected a string')),
    gitignore: v.optional(
      v.union([v.string(), v.array(v.string())], 'expected a string or an array of strings'),
    ),
  },
  objectMessage('an object'),
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

const LARGE_FILE_SCHEMA = v.looseObject({ threshold: v.optional(size) }, objectMessage('an object'))

const UNKNOWN_CATEGORY = 'unknown category'

const UNKNOWN_KEY = { expected: 'an object', unknown: 'unknown key' }

export const CONFIG_SCHEMA = v.looseObject(
  {
    /** For editors: the JSON Schema this file follows. */
    $schema: v.optional(v.string('expected a string')),
    categories: v.optional(
      table(CATEGORIES_SCHEMA, {
        expected: 'an object of category: severity',
        unknown: UNKNOWN_CATEGORY,
      }),
    ),
    allow: v.optional(globs),
    rules: v.optional(v.array(table(RULE_SCHEMA, UNKNOWN_KEY), 'expected an array of rules')),
    envTemplates: v.optional(globs),
    largeFile: v.optional(table(LARGE_FILE_SCHEMA, UNKNOWN_KEY)),
  },
  objectMessage('an object'),
)

const CONFIG = table(CONFIG_SCHEMA, UNKNOWN_KEY)

/** A valid configuration: what the schema accepts (unknown keys never pass it). */
export interface ConfigData {
  $schema?: string
  categories?: Partial<Record<CategoryId, 'block' | 'warn' | 'off'>>
  allow?: string[]
  rules?: {
    id: string
    pattern: string
    severity: 'block' | 'warn'
    message?: string
    gitignore?: string | string[]
  }[]
  envTemplates?: string[]
  largeFile?: { threshold?: string | number }
}

/** `rules[0].severity`, `categories.uploadz`: where an issue sits, prefixed with `base`. */
function keyPath(base: string, issue: v.BaseIssue<unknown>): string {
  let path = base
  for (const item of issue.path ?? []) {
    const key = item.key
    path += typeof key === 'number' ? `[${key}]` : `${path ? '.' : ''}${printable(String(key))}`
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
  // The valid ids are listed once, with the first unknown category.
  let listed = false
  const problems = result.issues.map((issue) => {
    let message = issue.message
    if (message === UNKNOWN_CATEGORY && !listed) {
      listed = true
      message += ` (valid: ${[...CATEGORY_IDS].join(', ')})`
    }
    return `${keyPath(base, issue)}: ${message}`
  })
  return { ok: false, problems }
}
