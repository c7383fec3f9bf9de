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
    const firstLine = ((error as Error).message.split('\n')[0] ?? '').trim()
    throw new ConfigError(
      `${name}: invalid ${kind.includes('json') ? 'JSON' : 'TOML'}: ${firstLine}`,
    )
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
