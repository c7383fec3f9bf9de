import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
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

/**
 * Reads a configuration file by its root-relative `/`-separated path instead of the disk
 * (e.g. as a commit holds it); undefined when there is no such file.
 */
export type ConfigFileReader = (path: string) => Promise<string | undefined>

/** Data only: a configuration that is code would run a cloned repository's code. */
const CODE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'])

const KEY = 'precommit-guard'

/** Far above any real configuration or package.json; a bigger file is refused, not read. */
const MAX_CONFIG_BYTES = 1024 * 1024

/**
 * The file's text, or undefined when there is no such file (one failed open, nothing more).
 * Only a regular file is read: a FIFO or a device would block the commit forever, so it is
 * opened without blocking and refused, and so is a file over MAX_CONFIG_BYTES.
 */
async function readOptional(path: string, name: string): Promise<string | undefined> {
  let handle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new ConfigError(`${name}: cannot read (${code ?? (error as Error).message})`)
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) {
      throw new ConfigError(`${name}: not a regular file`, 'a configuration must be a plain file')
    }
    if (stats.size > MAX_CONFIG_BYTES) {
      throw new ConfigError(
        `${name}: too large to be a configuration (${stats.size} bytes, at most ${MAX_CONFIG_BYTES})`,
      )
    }
    // Read one byte past the limit: a file that grew since stat() is refused too.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1)
    let length = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > MAX_CONFIG_BYTES) {
        throw new ConfigError(
          `${name}: too large to be a configuration (over ${MAX_CONFIG_BYTES} bytes)`,
        )
      }
    }
    return buffer.toString('utf8', 0, length)
  } catch (error) {
    if (error instanceof ConfigError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new ConfigError(`${name}: cannot read (${code ?? (error as Error).message})`)
  } finally {
    await handle.close()
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
  // A package.json that names us but does not parse may hold our configuration: fail closed
  // (parseConfig reports the syntax error) rather than judge without it.
  if (pkg?.includes(`"${KEY}"`) && hasPackageKey(pkg) !== false) {
    return { name: 'package.json', kind: 'package-json', text: pkg, explicit: false }
  }
  const pyproject = await readAt('pyproject.toml', 'pyproject.toml')
  if (pyproject?.includes(KEY))
    return { name: 'pyproject.toml', kind: 'pyproject', text: pyproject, explicit: false }
  return undefined
}

/** Whether a root package.json has a top-level `"precommit-guard"` key; undefined: invalid JSON. */
function hasPackageKey(text: string): boolean | undefined {
  try {
    const data = JSON.parse(text) as unknown
    return typeof data === 'object' && data !== null && Object.hasOwn(data, KEY)
  } catch {
    return undefined
  }
}
