import { ConfigError } from '../errors.js'
import type { ConfigRules } from '../types.js'
import { discoverConfig, type ConfigFileReader, type ConfigSource } from './discover.js'

/**
 * Find, parse and validate the configuration (`rules` undefined when there is none), and name
 * the file it came from. With `readRoot`, the repository's files are read through it (e.g. as a
 * commit holds them). Without a config file this costs a few failed opens: parser and
 * validator are imported only when one exists.
 */
export async function loadConfigFrom(
  top: string,
  cwd: string,
  explicit?: string,
  readRoot?: ConfigFileReader,
): Promise<{ rules: ConfigRules | undefined; name: string | undefined }> {
  const source = await discoverConfig(top, cwd, explicit, readRoot)
  const rules = source ? await rulesOf(source) : undefined
  return { rules, name: rules && source ? source.name : undefined }
}

async function rulesOf(source: ConfigSource): Promise<ConfigRules | undefined> {
  const [{ parseConfig }, { validateConfig, parseSize }] = await Promise.all([
    import('./parse.js'),
    import('./schema.js'),
  ])
  const { data, base } = await parseConfig(source)
  if (data === undefined && !source.explicit) return undefined
  const result = validateConfig(data, base)
  if (!result.ok) throw new ConfigError(`${source.name}: ${result.problems.join('; ')}`)
  const { categories, allow, rules, envTemplates, largeFile } = result.config
  return {
    file: { name: source.name, kind: source.kind },
    ...(categories ? { severities: categories } : {}),
    ...(allow ? { allow } : {}),
    ...(rules
      ? {
          extraRules: rules.map(({ gitignore, message, ...rule }) => ({
            ...rule,
            ...(message !== undefined ? { message } : {}),
            ...(gitignore !== undefined
              ? { gitignore: typeof gitignore === 'string' ? [gitignore] : gitignore }
              : {}),
          })),
        }
      : {}),
    ...(envTemplates ? { envTemplates } : {}),
    ...(largeFile?.threshold !== undefined
      ? { largeFileBytes: parseSize(largeFile.threshold)! }
      : {}),
  }
}
