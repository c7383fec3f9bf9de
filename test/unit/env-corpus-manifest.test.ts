import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { detectInLine, entropy } from '../../src/content/secrets.js'

/**
 * The env-template corpus lists (fixtures/env-corpus/*.json) that `npm run corpus` judges
 * through the built CLI. The files' text is not in the repository; these lists are, so their
 * shape, the one-file-per-repository rule and the absence of any value in a `why` are checked
 * on every run.
 */
const DIR = fileURLToPath(new URL('../../fixtures/env-corpus/', import.meta.url))
const BATCHES = ['a', 'b']
const MIN_REPOSITORIES = 150

const Entry = v.strictObject({
  repo: v.pipe(v.string(), v.regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/)),
  path: v.pipe(
    v.string(),
    v.minLength(1),
    v.check(
      (path) =>
        !path.startsWith('/') &&
        !path.includes('\\') &&
        ![...path].some((char) => char.charCodeAt(0) < 0x20) &&
        path.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
      'a plain relative path',
    ),
  ),
  commit: v.pipe(v.string(), v.regex(/^[0-9a-f]{40}$/)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  label: v.picklist(['clean', 'secret']),
  why: v.pipe(v.string(), v.minLength(3), v.maxLength(200)),
})
type Entry = v.InferOutput<typeof Entry>

const files = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
const manifests = files.map((name) => ({
  name,
  entries: JSON.parse(readFileSync(`${DIR}${name}`, 'utf8')) as unknown,
}))
const all = (): Entry[] => manifests.flatMap(({ entries }) => v.parse(v.array(Entry), entries))

/**
 * A `why` names keys and kinds (`DATABASE_URL: URL password`), never a value: no assignment,
 * no credential format, no URL with a password, no long random-looking word.
 */
function whyHoldsAValue(why: string): boolean {
  if (/=/.test(why) || /:\/\//.test(why) || detectInLine(why) !== undefined) return true
  return why
    .split(/[\s,;()'"`]+/)
    .some((word) => word.length >= 16 && /\d/.test(word) && entropy(word) >= 3.3)
}

describe('env-corpus manifests', () => {
  it('are named after their batch', () => {
    expect(files.length).toBeGreaterThan(0)
    for (const name of files) expect(BATCHES.map((batch) => `${batch}.json`)).toContain(name)
  })

  it('each hold an array of entries of the documented shape, sorted by repository', () => {
    for (const { name, entries } of manifests) {
      const result = v.safeParse(v.array(Entry), entries)
      expect(result.issues?.map((issue) => `${name}: ${issue.message}`) ?? []).toEqual([])
      const repos = (entries as Entry[]).map((entry) => entry.repo.toLowerCase())
      expect(repos, name).toEqual([...repos].sort())
    }
  })

  it('hold one file per repository across every batch', () => {
    const seen = new Map<string, string>()
    const twice: string[] = []
    for (const { name, entries } of manifests) {
      for (const entry of entries as Entry[]) {
        const repo = entry.repo.toLowerCase()
        if (seen.has(repo)) twice.push(`${entry.repo} in ${seen.get(repo)} and ${name}`)
        seen.set(repo, name)
      }
    }
    expect(twice).toEqual([])
  })

  it('keep batch a to owners a–m and batch b to owners n–z and digits', () => {
    const misplaced: string[] = []
    for (const { name, entries } of manifests) {
      for (const entry of entries as Entry[]) {
        const first = entry.repo.charAt(0).toLowerCase()
        const batch = first >= 'a' && first <= 'm' ? 'a' : 'b'
        if (name !== `${batch}.json`) misplaced.push(`${entry.repo} in ${name}`)
      }
    }
    expect(misplaced).toEqual([])
  })

  const complete = BATCHES.every((batch) => files.includes(`${batch}.json`))
  it.skipIf(!complete)('reach 150 distinct repositories once both batches are in', () => {
    const repos = new Set(all().map((entry) => entry.repo.toLowerCase()))
    expect(repos.size).toBeGreaterThanOrEqual(MIN_REPOSITORIES)
  })

  it('never hold a value in a why', () => {
    expect(
      all()
        .filter((entry) => whyHoldsAValue(entry.why))
        .map((e) => e.repo),
    ).toEqual([])
  })

  it('a why check that can fail: values, URLs and tokens are caught, key names are not', () => {
    expect(whyHoldsAValue('DATABASE_URL: URL password')).toBe(false)
    expect(whyHoldsAValue('OPENAI_API_KEY: OpenAI key; local docker defaults')).toBe(false)
    expect(whyHoldsAValue('SECRET_KEY=abc')).toBe(true)
    expect(whyHoldsAValue('postgres://u:p@h')).toBe(true)
    expect(whyHoldsAValue(`token ${'q7Rz9LmX2vBn4KpT8wYc'}`)).toBe(true)
  })
})
