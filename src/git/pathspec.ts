/**
 * Pathspecs that name exactly one path (gitglossary(7) "pathspec"). Pure string forms, used
 * by the git readers and by the printed recovery commands alike.
 */

/** A pathspec naming exactly one root-relative path, from any cwd. */
export function topLiteral(path: string): string {
  return `:(top,literal)${path}`
}

/**
 * Pathspecs that scope a git command to root-relative `paths` (files or directories), or to
 * the whole work tree: past a few dozen, git matching every pathspec against every entry costs
 * more than listing everything and filtering.
 */
export function scopedPathspecs(paths: readonly string[]): string[] {
  return paths.length > 0 && paths.length <= 64 ? paths.map(topLiteral) : [':(top)']
}

// Pathspec magic: a leading ':' starts magic, and * ? [ \ are wildcards.
const PATHSPEC_MAGIC = /^:|[*?[\\]/

/** A pathspec that matches exactly `path` (relative to the cwd), and nothing else. */
export function literalPathspec(path: string): string {
  return PATHSPEC_MAGIC.test(path) ? `:(literal)${path}` : path
}
