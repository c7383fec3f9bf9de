import type { EnvPreset } from '../types.js'

/**
 * Whether a framework preset treats this path as committed defaults: `.env` or `.env.<mode>` at
 * the repository root, never a `*.local` file (where the framework keeps secrets).
 */
export function presetCovers(preset: EnvPreset | undefined, path: string): boolean {
  return (
    preset !== undefined && /^\.env(?:\.[A-Za-z0-9_-]+)?$/.test(path) && !path.endsWith('.local')
  )
}
