import { parentOf } from './repo-path.js'

/**
 * Virtualenv detection by marker files: a directory of any name that holds
 * `pyvenv.cfg`, `bin/activate`, `Scripts/activate` or `lib/python*\/site-packages`, staged or
 * on disk. A directory merely named `env` is not a venv. Pure: the disk comes in as a probe.
 */

/** What the detector may ask of the working tree; paths are repository-relative. */
export interface DiskProbe {
  isFile(relPath: string): boolean
  /** Entry names of a directory, or [] when it is not one. */
  listDir(relPath: string): string[]
}

const PYTHON_LIB = /^python\d/
const MARKER_HINT = /pyvenv\.cfg|\/activate$|\/site-packages\//

/** Venv directories revealed by the paths themselves (markers staged with the venv). */
function venvDirsInPaths(paths: Iterable<string>, ignoreCase: boolean): Set<string> {
  const found = new Set<string>()
  const norm = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s
  for (const path of paths) {
    // Cheap test first: only paths naming a marker are split into segments.
    const folded = norm(path)
    if (!MARKER_HINT.test(folded)) continue
    const segments = path.split('/')
    const last = segments.length - 1
    if (norm(segments[last] ?? '') === 'pyvenv.cfg' && last >= 1) {
      found.add(segments.slice(0, last).join('/'))
    }
    if (last >= 2 && norm(segments[last] ?? '') === 'activate') {
      const binDir = norm(segments[last - 1] ?? '')
      if (binDir === 'bin' || binDir === norm('Scripts'))
        found.add(segments.slice(0, last - 1).join('/'))
    }
    for (let i = 1; i + 2 < segments.length; i++) {
      if (
        norm(segments[i] ?? '') === 'lib' &&
        PYTHON_LIB.test(norm(segments[i + 1] ?? '')) &&
        norm(segments[i + 2] ?? '') === 'site-packages'
      ) {
        found.add(segments.slice(0, i).join('/'))
        break
      }
    }
  }
  return found
}

const VENV_MARKER_FILES = ['pyvenv.cfg', 'bin/activate', 'Scripts/activate']

/** The marker on disk that makes `dir` a venv (`pyvenv.cfg`, `lib/python3.12/site-packages`, …). */
export function venvMarkerOnDisk(dir: string, probe: DiskProbe): string | undefined {
  const file = VENV_MARKER_FILES.find((marker) => probe.isFile(`${dir}/${marker}`))
  if (file !== undefined) return file
  for (const name of probe.listDir(`${dir}/lib`)) {
    if (PYTHON_LIB.test(name) && probe.listDir(`${dir}/lib/${name}/site-packages`).length > 0) {
      return `lib/${name}/site-packages`
    }
  }
  return undefined
}

function isVenvOnDisk(dir: string, probe: DiskProbe): boolean {
  return venvMarkerOnDisk(dir, probe) !== undefined
}

/**
 * Every venv directory that contains one of `paths`: markers among the paths (and among
 * `alsoStaged`, the rest of the stage when only some of it is judged), then a disk probe of
 * each distinct ancestor directory not already inside a known venv. The number of probes is
 * bounded by the number of distinct directories, not paths.
 */
export function findVenvDirs(
  paths: readonly string[],
  probe: DiskProbe | undefined,
  ignoreCase: boolean,
  alsoStaged: readonly string[] = [],
): Set<string> {
  const venvs = venvDirsInPaths(
    alsoStaged.length > 0 ? [...paths, ...alsoStaged] : paths,
    ignoreCase,
  )
  if (!probe) return venvs
  const seen = new Map<string, boolean>() // dir -> inside a venv
  const insideVenv = (dir: string): boolean => {
    if (dir === '') return false
    const known = seen.get(dir)
    if (known !== undefined) return known
    const inside = insideVenv(parentOf(dir)) || venvs.has(dir) || isVenvOnDisk(dir, probe)
    if (inside && !venvs.has(dir) && !insideVenv(parentOf(dir))) venvs.add(dir)
    seen.set(dir, inside)
    return inside
  }
  for (const path of paths) insideVenv(parentOf(path))
  return venvs
}

/**
 * The outermost venv directory containing each path: answers are memoised per directory, so each distinct directory is
 * looked up once instead of every path slicing out each of its ancestors.
 */
export function venvLookup(venvs: ReadonlySet<string>): (path: string) => string | undefined {
  if (venvs.size === 0) return () => undefined
  const memo = new Map<string, string | null>()
  const ofDir = (dir: string): string | undefined => {
    if (dir === '') return undefined
    const known = memo.get(dir)
    if (known !== undefined) return known ?? undefined
    // The outer directory first: the outermost venv wins.
    const found = ofDir(parentOf(dir)) ?? (venvs.has(dir) ? dir : undefined)
    memo.set(dir, found ?? null)
    return found
  }
  return (path) => ofDir(parentOf(path))
}
