import { readdirSync, statSync } from 'node:fs'
import type { DiskProbe } from '../rules/venv.js'

/**
 * The working tree as the venv detector sees it: read-only stats below `top`. It runs for
 * every distinct staged directory, so it avoids path.join (git paths are already normal) and
 * exceptions (a missing marker is the common answer, and a thrown error costs a stack trace).
 */
export function diskProbe(top: string): DiskProbe {
  const stat = (relPath: string) => {
    try {
      return statSync(`${top}/${relPath}`, { throwIfNoEntry: false })
    } catch {
      // A staged folder now a file (ENOTDIR), a name beyond PATH_MAX, a link loop: no marker.
      return undefined
    }
  }
  return {
    isFile: (relPath) => stat(relPath)?.isFile() ?? false,
    listDir(relPath) {
      if (!stat(relPath)?.isDirectory()) return []
      try {
        return readdirSync(`${top}/${relPath}`)
      } catch {
        // Unreadable (or gone since the stat): the venv marker simply is not there.
        return []
      }
    },
  }
}
