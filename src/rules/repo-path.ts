/** Repository paths as git stores them: `/`-separated, relative to the top, no trailing slash. */

/** The directory holding `path` ('' at the top). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? '' : path.slice(0, slash)
}

/** The last segment of `path`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** The distinct top-level directories that hold these paths (top-level files give none). */
export function topDirsOf(paths: Iterable<string>): string[] {
  const dirs = new Set<string>()
  for (const path of paths) {
    const slash = path.indexOf('/')
    if (slash !== -1) dirs.add(path.slice(0, slash))
  }
  return [...dirs]
}
