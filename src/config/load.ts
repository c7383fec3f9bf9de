import { ConfigError } from '../errors.js'
import type { ConfigRules } from '../types.js'
import { discoverConfig } from './discover.js'

/**
 * Find, parse and validate the configuration; undefined when there is none. Without a config
 * file this costs a few failed opens: parser and validator are imported only when one exists.
 */
export async function loadConfig(
  top: string,
  cwd: string,
  explicit?: string,
): Promise<ConfigRules | undefined> {
  const source = await discoverConfig(top, cwd, explicit)
  if (!source) return undefined
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
