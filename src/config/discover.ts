import { readFile } from 'node:fs/promises'
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { ConfigError } from '../errors.js'

/** Where the configuration is read from inside its file. */
type ConfigKind = 'json' | 'package-json' | 'pyproject' | 'toml'

export interface ConfigSource {
  /** The name printed in errors: the `--config` argument as typed, or the root file name. */
  name: string
  kind: ConfigKind
  text: string
  /** Named by `--config`: it must hold a configuration. */
  explicit: boolean
}

/**
 * Reads a configuration file by its root-relative `/`-separated path instead of the disk
 * (e.g. as a commit holds it); undefined when there is no such file.
 */
export type ConfigFileReader = (path: string) => Promise<string | undefined>

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
 * With `readRoot`, files inside the repository are read through it (a `--config` outside
 * the repository is still read from the disk); an explicit file it lacks means no config.
 */
export async function discoverConfig(
  top: string,
  cwd: string,
  explicit?: string,
  readRoot?: ConfigFileReader,
): Promise<ConfigSource | undefined> {
  const readAt = (path: string, name: string) =>
    readRoot ? readRoot(path) : readOptional(join(top, path), name)
  if (explicit !== undefined) {
    if (CODE_EXTENSIONS.has(extname(explicit))) {
      throw new ConfigError(
        `${explicit}: JavaScript config is not supported`,
        'use a JSON or TOML file (configuration is data only)',
      )
    }
    const inRepo = relative(top, resolve(cwd, explicit))
    if (readRoot && inRepo !== '' && !inRepo.startsWith('..') && !isAbsolute(inRepo)) {
      const text = await readRoot(inRepo.split(sep).join('/'))
      return text === undefined
        ? undefined
        : { name: explicit, kind: kindOf(explicit), text, explicit: true }
    }
    const text = await readOptional(resolve(cwd, explicit), explicit)
    if (text === undefined) throw new ConfigError(`${explicit}: no such file (--config)`)
    return { name: explicit, kind: kindOf(explicit), text, explicit: true }
  }
  const own = await readAt('.precommit-guard.json', '.precommit-guard.json')
  if (own !== undefined)
    return { name: '.precommit-guard.json', kind: 'json', text: own, explicit: false }
  // A cheap substring test first: most package.json files only mention us in devDependencies,
  // and a pyproject.toml without our table never needs the TOML parser.
  const pkg = await readAt('package.json', 'package.json')
  if (pkg?.includes(`"${KEY}"`) && hasPackageKey(pkg)) {
    return { name: 'package.json', kind: 'package-json', text: pkg, explicit: false }
  }
  const pyproject = await readAt('pyproject.toml', 'pyproject.toml')
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
