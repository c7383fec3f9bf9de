/**
 * Pathspecs that name exactly one path (gitglossary(7) "pathspec"). Pure string forms, used
 * by the git readers and by the printed recovery commands alike.
 */

/** A pathspec naming exactly one root-relative path, from any cwd. */
export function topLiteral(path: string): string {
  return `:(top,literal)${path}`
}

// Pathspec magic: a leading ':' starts magic, and * ? [ \ are wildcards.
const PATHSPEC_MAGIC = /^:|[*?[\\]/

/** A pathspec that matches exactly `path` (relative to the cwd), and nothing else. */
export function literalPathspec(path: string): string {
  return PATHSPEC_MAGIC.test(path) ? `:(literal)${path}` : path
}
