/**
 * Additions to YAML configuration files (`.pre-commit-config.yaml`, `.lintstagedrc.yaml`):
 * the `yaml` library reads the document, where it ends and how it is indented, and the new
 * lines are inserted as text, so every existing byte (comments, quoting, spacing) stays.
 * Each result is parsed again and must mean the old document plus the addition; anything
 * else returns undefined and the caller prints the snippet instead.
 */
import { isDeepStrictEqual } from 'node:util'
import { isMap, isSeq, parseDocument, type Node } from 'yaml'

const GUARD = 'precommit-guard'

function parsed(text: string): unknown {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) return undefined
  return doc.toJS() as unknown
}

/** Insert `lines` after the line on which offset `end` falls (or at `end` if it starts one). */
function insertAfter(text: string, end: number, lines: string): string {
  let at = end
  if (at > 0 && text[at - 1] !== '\n') {
    const newline = text.indexOf('\n', at)
    at = newline === -1 ? text.length : newline + 1
  }
  const head = text.slice(0, at)
  return `${head}${head === '' || head.endsWith('\n') ? '' : '\n'}${lines}${text.slice(at)}`
}

interface PreCommitRepo {
  hooks?: { id?: unknown }[]
}

/** Does a `.pre-commit-config.yaml` already run the guard's hook? */
export function preCommitHasGuard(text: string): boolean {
  const config = parsed(text) as { repos?: PreCommitRepo[] } | undefined
  return (config?.repos ?? []).some(
    (repo) => Array.isArray(repo?.hooks) && repo.hooks.some((hook) => hook?.id === GUARD),
  )
}

/** The `repos:` entry for the guard, as the README documents it. */
function preCommitEntry(repoUrl: string, rev: string): Record<string, unknown> {
  return { repo: repoUrl, rev, hooks: [{ id: GUARD }] }
}

/**
 * `.pre-commit-config.yaml` with the guard's repository appended to `repos:` (block style),
 * the text as it is when the hook is already there, or undefined when the file's shape is
 * not one this edit can make safely.
 */
export function withPreCommitEntry(text: string, repoUrl: string, rev: string): string | undefined {
  if (preCommitHasGuard(text)) return text
  const before = parsed(text) as { repos?: unknown[] } | undefined
  if (before === undefined) return undefined
  const entry = preCommitEntry(repoUrl, rev)
  const doc = parseDocument(text)
  const repos = doc.get('repos', true) as Node | undefined
  let result: string
  if (repos === undefined && (before === null || isMap(doc.contents))) {
    const body = `repos:\n  - repo: ${repoUrl}\n    rev: ${rev}\n    hooks:\n      - id: ${GUARD}\n`
    result = insertAfter(text, text.length, body)
  } else {
    if (!isSeq(repos) || repos.flow || repos.items.length === 0) return undefined
    const first = repos.items[0] as Node
    const last = repos.items[repos.items.length - 1] as Node
    const start = first.range![0]
    const lineStart = text.lastIndexOf('\n', start - 1) + 1
    const prefix = text.slice(lineStart, start)
    if (!/^ *- +$/.test(prefix)) return undefined
    const pad = ' '.repeat(prefix.length)
    const lines = [
      `${prefix}repo: ${repoUrl}`,
      `${pad}rev: ${rev}`,
      `${pad}hooks:`,
      `${pad}  - id: ${GUARD}`,
      '',
    ].join('\n')
    result = insertAfter(text, last.range![1], lines)
  }
  const after = parsed(result) as { repos?: unknown[] } | undefined
  const expected = { ...(before ?? {}), repos: [...(before?.repos ?? []), entry] }
  return isDeepStrictEqual(after, expected) ? result : undefined
}

/** A lint-staged config (parsed) whose tasks already run the guard. */
export function lintStagedRunsGuard(config: unknown): boolean {
  if (config === null || typeof config !== 'object') return false
  return Object.values(config as Record<string, unknown>)
    .flat()
    .some((command) => typeof command === 'string' && command.includes(GUARD))
}

/**
 * A YAML lint-staged config with `"*": precommit-guard` added as the last key, the text as
 * it is when a task already runs the guard, or undefined (a `*` key already there, not a
 * block mapping): the caller prints the snippet.
 */
export function withLintStagedYaml(text: string): string | undefined {
  const before = parsed(text)
  if (lintStagedRunsGuard(before)) return text
  if (before !== null && (typeof before !== 'object' || Array.isArray(before))) return undefined
  const config = (before ?? {}) as Record<string, unknown>
  if ('*' in config) return undefined
  const doc = parseDocument(text)
  if (doc.contents !== null && (!isMap(doc.contents) || doc.contents.flow)) return undefined
  const result = insertAfter(text, text.length, `'*': ${GUARD}\n`)
  return isDeepStrictEqual(parsed(result), { ...config, '*': GUARD }) ? result : undefined
}
