import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EnvPreset } from '../types.js'

/**
 * Frameworks that document committing `.env` and `.env.[mode]` with non-secret defaults and
 * keeping secrets in `*.local`: Vite (a `vite` dependency or a `vite.config.*`) and Symfony
 * (`symfony.lock`, or `symfony/dotenv` / `symfony/framework-bundle` in composer.json), detected
 * in `dir` of the work tree at `top` (the directory an env file sits in; '' for the root).
 */
export function detectEnvPreset(top: string, dir: string): EnvPreset | undefined {
  const base = dir === '' ? top : join(top, ...dir.split('/'))
  const read = (name: string) => {
    try {
      return readFileSync(join(base, name), 'utf8')
    } catch {
      return undefined
    }
  }
  const composer = read('composer.json')
  if (
    existsSync(join(base, 'symfony.lock')) ||
    (composer !== undefined && /"symfony\/(?:dotenv|framework-bundle)"/.test(composer))
  ) {
    return 'Symfony'
  }
  const pkg = read('package.json')
  const viteConfig = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].some((ext) =>
    existsSync(join(base, `vite.config.${ext}`)),
  )
  if (viteConfig || (pkg !== undefined && hasViteDependency(pkg))) return 'Vite'
  return undefined
}

function hasViteDependency(text: string): boolean {
  try {
    const data = JSON.parse(text) as Record<string, unknown>
    return ['dependencies', 'devDependencies'].some((field) => {
      const deps = data[field]
      return typeof deps === 'object' && deps !== null && Object.hasOwn(deps, 'vite')
    })
  } catch {
    return false
  }
}
