import { ConfigError } from '../errors.js'
import type { ConfigSource } from './discover.js'

const KEY = 'precommit-guard'

export interface ParsedConfig {
  /** undefined: the file holds no configuration after all. */
  data: unknown
  /** The key path of the configuration inside its file, for messages ('' = the whole file). */
  base: string
}

/** Parse the source's text and pick out the configuration table. Syntax errors: ConfigError. */
export async function parseConfig(source: ConfigSource): Promise<ParsedConfig> {
  const { name, kind, text } = source
  let data: unknown
  try {
    if (kind === 'json' || kind === 'package-json') {
      data = JSON.parse(text)
    } else {
      // Loaded only when a TOML file is in use.
      const { parse } = await import('smol-toml')
      data = parse(text)
    }
  } catch (error) {
    throw new ConfigError(`${name}: ${syntaxProblem(error, kind, text)}`)
  }
  if (kind === 'package-json') return { data: field(data, KEY), base: KEY }
  if (kind === 'pyproject') {
    const tool = field(data, 'tool')
    const table = field(tool, KEY)
    // Found by discovery, the file only mentioned us elsewhere: no configuration there.
    if (table === undefined && !source.explicit) return { data: undefined, base: '' }
    if (table === undefined) throw new ConfigError(`${name}: tool.${KEY}: missing table`)
    return { data: table, base: `tool.${KEY}` }
  }
  return { data, base: '' }
}

function field(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)[key]
    : undefined
}

/** `invalid TOML at line 3, column 1: invalid value`: where the parser stopped, on one line. */
function syntaxProblem(error: unknown, kind: ConfigSource['kind'], text: string): string {
  const { message, line, column } = error as Error & { line?: unknown; column?: unknown }
  if (kind === 'json' || kind === 'package-json') return `invalid JSON${jsonProblem(message, text)}`
  const firstLine = (message.split('\n')[0] ?? '').trim()
  // smol-toml's TomlError: "Invalid TOML document: <what>", with the place as numbers.
  const what = firstLine.replace(/^Invalid TOML document:\s*/, '')
  const where =
    typeof line === 'number' && typeof column === 'number'
      ? ` at line ${line}, column ${column}`
      : ''
  return `invalid TOML${where}: ${what}`
}

/**
 * V8's JSON.parse message without the quoted piece of the file it may carry (a multi-line
 * excerpt of the user's file), with `at position N` turned into a line and column.
 */
function jsonProblem(message: string, text: string): string {
  let what = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '')
  let where = ''
  const position = / in JSON at position (\d+)$/.exec(what)
  if (position) {
    what = what.slice(0, position.index)
    const before = text.slice(0, Number(position[1]))
    const line = before.split('\n').length
    where = ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`
  }
  return `${where}: ${what.split('\n')[0]!.trim()}`
}
