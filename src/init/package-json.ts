const GUARD = 'precommit-guard'

export interface PackageJson {
  scripts?: Record<string, string>
  'lint-staged'?: Record<string, string | string[]>
  devDependencies?: Record<string, string>
  dependencies?: Record<string, string>
  [key: string]: unknown
}

/** `"prepare": "husky"`, keeping an existing prepare script. */
export function withHuskyPrepare(pkg: PackageJson): PackageJson {
  const prepare = pkg.scripts?.prepare
  if (prepare !== undefined && /\bhusky\b/.test(prepare)) return pkg
  return { ...pkg, scripts: { ...pkg.scripts, prepare: prepare ? `husky && ${prepare}` : 'husky' } }
}

/** A lint-staged config that runs the guard on every staged file (`"*": "precommit-guard"`). */
export function withLintStagedGuard(
  config: Record<string, string | string[]>,
): Record<string, string | string[]> {
  const commands = Object.values(config).flat()
  if (commands.some((command) => command.includes(GUARD))) return config
  const current = config['*']
  if (current === undefined) return { '*': GUARD, ...config }
  return { ...config, '*': [GUARD, ...(Array.isArray(current) ? current : [current])] }
}

/** package.json text with the same indentation style it came with. */
export function formatPackageJson(pkg: PackageJson, original: string): string {
  const indent = /^(\s+)"/m.exec(original)?.[1] ?? '  '
  return `${JSON.stringify(pkg, null, indent)}\n`
}
