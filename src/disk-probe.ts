import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { DiskProbe } from './rules/venv.js'

/** The working tree as the venv detector sees it: read-only stats below `top`. */
export function diskProbe(top: string): DiskProbe {
  return {
    isFile: (relPath) => statSync(join(top, relPath), { throwIfNoEntry: false })?.isFile() ?? false,
    listDir(relPath) {
      try {
        return readdirSync(join(top, relPath))
      } catch {
        // Missing or not a directory: the venv marker simply is not there.
        return []
      }
    },
  }
}
