import type { EnvPreset } from '../types.js'
import { baseName } from './repo-path.js'

/**
 * Whether a framework preset treats this path as committed defaults: `.env` or `.env.<mode>`,
 * never a `*.local` file (where the framework keeps secrets). The preset is the one of the
 * file's own directory (the project root that framework reads it from).
 */
export function presetCovers(preset: EnvPreset | undefined, path: string): boolean {
  const base = baseName(path)
  return (
    preset !== undefined && /^\.env(?:\.[A-Za-z0-9_-]+)?$/.test(base) && !base.endsWith('.local')
  )
}
