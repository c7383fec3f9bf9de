import { readFile } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import { ConfigError } from '../errors.js'
import type { ConfigFile } from '../types.js'

/** Where the configuration is read from inside its file. */
type ConfigKind = ConfigFile['kind']

export interface ConfigSource {
  /** The name printed in errors: the `--config` argument as typed, or the root file name. */
  name: string
  kind: ConfigKind
  text: string
  /** Named by `--config`: it must hold a configuration. */
  explicit: boolean
}

/** Data only: a configuration that is code would run a cloned repository's code. */
const CODE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'])

const KEY = 'precommit-guard'

/** The file's text, or undefined when there is no such file (one failed open, nothing more). */
async function readOptional(path: string, name: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new ConfigError(`${name}: cannot read (${code ?? (error as Error).message})`)
  }
}

function kindOf(file: string): ConfigKind {
  const base = basename(file)
  if (base === 'package.json') return 'package-json'
  if (base === 'pyproject.toml') return 'pyproject'
  return extname(file) === '.toml' ? 'toml' : 'json'
}

/**
 * First found of: `--config <file>` (relative to `cwd`), `.precommit-guard.json`, the
 * `"precommit-guard"` key of `package.json`, `[tool.precommit-guard]` in `pyproject.toml`
 * (the last three at the repository root `top`). JavaScript config is never looked for.
 */
export async function discoverConfig(
  top: string,
  cwd: string,
  explicit?: string,
): Promise<ConfigSource | undefined> {
  if (explicit !== undefined) {
    if (CODE_EXTENSIONS.has(extname(explicit))) {
      throw new ConfigError(
        `${explicit}: JavaScript config is not supported`,
        'use a JSON or TOML file (configuration is data only)',
      )
    }
    const text = await readOptional(resolve(cwd, explicit), explicit)
    if (text === undefined) throw new ConfigError(`${explicit}: no such file (--config)`)
    return { name: explicit, kind: kindOf(explicit), text, explicit: true }
  }
  const own = await readOptional(join(top, '.precommit-guard.json'), '.precommit-guard.json')
  if (own !== undefined)
    return { name: '.precommit-guard.json', kind: 'json', text: own, explicit: false }
  // A cheap substring test first: most package.json files only mention us in devDependencies,
  // and a pyproject.toml without our table never needs the TOML parser.
  const pkg = await readOptional(join(top, 'package.json'), 'package.json')
  if (pkg?.includes(`"${KEY}"`) && hasPackageKey(pkg)) {
    return { name: 'package.json', kind: 'package-json', text: pkg, explicit: false }
  }
  const pyproject = await readOptional(join(top, 'pyproject.toml'), 'pyproject.toml')
  if (pyproject?.includes(KEY))
    return { name: 'pyproject.toml', kind: 'pyproject', text: pyproject, explicit: false }
  return undefined
}

/** Whether a root package.json has a top-level `"precommit-guard"` key (invalid JSON: no). */
function hasPackageKey(text: string): boolean {
  try {
    const data = JSON.parse(text) as unknown
    return typeof data === 'object' && data !== null && Object.hasOwn(data, KEY)
  } catch {
    return false
  }
}
