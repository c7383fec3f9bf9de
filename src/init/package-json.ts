const GUARD = 'precommit-guard'

export interface PackageJson {
  scripts?: Record<string, string>
  'lint-staged'?: Record<string, string | string[]>
  devDependencies?: Record<string, string>
  dependencies?: Record<string, string>
  [key: string]: unknown
}

/**
 * `"prepare": "husky"` (or `command`, e.g. `cd .. && husky frontend/.husky` for a package
 * below the top), keeping an existing prepare script.
 */
export function withHuskyPrepare(pkg: PackageJson, command = 'husky'): PackageJson {
  const prepare = pkg.scripts?.prepare
  if (prepare !== undefined && /\bhusky\b/.test(prepare)) return pkg
  // A `cd` must not move the project's own prepare step: it runs in a subshell then.
  const first = command.startsWith('cd ') ? `(${command})` : command
  const script = prepare ? `${first} && ${prepare}` : command
  return { ...pkg, scripts: { ...pkg.scripts, prepare: script } }
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
