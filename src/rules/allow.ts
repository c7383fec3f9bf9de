import picomatch from 'picomatch'
import type { Finding } from '../types.js'

/**
 * The `allow` list reads like `.gitignore`: a glob without a slash (a trailing one aside)
 * matches at any depth (`*.csv` keeps `data/x.csv`), one with a slash is anchored at the
 * repository root (a leading `/` only anchors), one ending in `/` names a directory, and a
 * glob that matches a directory keeps everything below it. picomatch does the matching, so
 * braces and the other picomatch forms keep working.
 */

interface AllowShape {
  /** The glob as picomatch reads it, anchored at the root. */
  anchored: string
  /** The glob named a directory (`fixtures/`): only what is below it matches. */
  dirOnly: boolean
}

function shapeOf(glob: string): AllowShape {
  const dirOnly = glob.length > 1 && glob.endsWith('/')
  let body = dirOnly ? glob.replace(/\/+$/, '') : glob
  const rooted = body.startsWith('/')
  body = body.replace(/^\/+/, '')
  const anchored = rooted || body.includes('/') ? body : `**/${body}`
  return { anchored, dirOnly }
}

/** The picomatch globs one `allow` entry stands for. */
function allowGlobs(glob: string): string[] {
  const { anchored, dirOnly } = shapeOf(glob)
  return dirOnly ? [`${anchored}/**/*`] : [anchored, `${anchored}/**`]
}

/** One test for the whole list; never matches when it is empty. */
export function compileAllow(
  globs: readonly string[] | undefined,
  nocase: boolean,
): (path: string) => boolean {
  if (!globs?.length) return () => false
  return picomatch(globs.flatMap(allowGlobs), { dot: true, nocase, windows: false })
}

/** The entry of `globs` that lets `path` pass, if any (for `explain`). */
export function allowedBy(
  globs: readonly string[] | undefined,
  path: string,
  nocase: boolean,
): string | undefined {
  return globs?.find((glob) => compileAllow([glob], nocase)(path))
}

/** Characters that picomatch or `.gitignore` read as pattern syntax. */
const GLOB_SYNTAX = /[\\*?[\]{}()!+@|$^]/g

/**
 * The `allow` entry that keeps exactly this path (a directory: everything below it), and
 * nothing else: glob characters escaped, a top-level name anchored with `/`.
 */
export function allowEntryOf(path: string, isDir: boolean): string {
  const escaped = path.replace(GLOB_SYNTAX, (char) => `\\${char}`)
  const anchored = escaped.includes('/') ? escaped : `/${escaped}`
  return isDir ? `${anchored}/` : anchored
}

/** One compiled matcher per directory rule: a big stage blocks thousands of paths by a few. */
const dirNameMatchers = new Map<string, (name: string) => boolean>()

function dirNameMatcher(glob: string): (name: string) => boolean {
  let matches = dirNameMatchers.get(glob)
  if (matches === undefined) {
    matches = picomatch(glob, { dot: true, windows: false })
    dirNameMatchers.set(glob, matches)
  }
  return matches
}

/** File rules whose glob is a plain extension (`*.csv`, `*.pdf`): an entry may name them per folder. */
const EXTENSION_GLOB = /^\*\.[A-Za-z0-9]+$/

/**
 * The glob of the file rule a finding was blocked by, when an `allow` entry may keep that kind of
 * file for a whole folder: a plain extension of a category that holds no secret (a data folder's
 * `*.csv`). Undefined for secrets, directory rules, venvs and configured rules.
 */
export function folderGlobOf(finding: Finding): string | undefined {
  if (finding.venvDir !== undefined || finding.code !== 'PATH_RULE') return undefined
  if (finding.category === 'env' || finding.category === 'credential') return undefined
  const glob = finding.ruleId.slice(finding.ruleId.indexOf(':') + 1)
  return EXTENSION_GLOB.test(glob) ? glob : undefined
}

/** The entry that keeps the files of one folder (not below it) that `glob` names: `data/*.csv`. */
export function folderEntryOf(dir: string, glob: string): string {
  return dir === '' ? `/${glob}` : `${dir.replace(GLOB_SYNTAX, (char) => `\\${char}`)}/${glob}`
}

/**
 * The directory a finding was blocked as, if it was blocked as one: a virtualenv's directory,
 * or the shallowest directory of its path whose name a directory rule (`uploads/`,
 * `__pycache__/`) matches. Undefined for a finding judged as a file.
 */
export function blockedDirOf(finding: Finding): string | undefined {
  if (finding.venvDir !== undefined) return finding.venvDir
  const glob = finding.ruleId.slice(finding.ruleId.indexOf(':') + 1)
  if (!glob.endsWith('/')) return undefined
  const matches = dirNameMatcher(glob.slice(0, -1))
  const segments = finding.path.split('/').slice(0, -1)
  const at = segments.findIndex((segment) => matches(segment))
  return at === -1 ? undefined : segments.slice(0, at + 1).join('/')
}

/**
 * The same entry as `.gitignore` negations, for the lines the recovery appends, in the order to
 * try them: the glob itself (`!tests/fixtures/**\/*.csv`), then what is below what it names
 * (negating a directory alone does not re-include a file that `*.csv` ignores). Undefined when
 * the glob uses picomatch forms `.gitignore` lacks (braces, extglobs, a leading `!`).
 */
export function allowNegations(glob: string): string[] | undefined {
  const unescaped = glob.replace(/\\./g, '')
  if (/[{}]|[!+@*?]\(|^!/.test(unescaped)) return undefined
  const { anchored, dirOnly } = shapeOf(glob)
  const below = anchored.startsWith('**/') ? `!${anchored}/**` : `!/${anchored}/**`
  return dirOnly ? [below] : [`!${glob}`, below]
}

/**
 * A path the glob matches, made by filling its wildcards with `x` (a brace or a bracket with
 * its first choice), to test what a `.gitignore` line would do to files the glob keeps; a
 * directory entry is filled with `leaf` below it. Undefined for forms this cannot fill.
 */
export function samplePathOf(glob: string, leaf = 'x'): string | undefined {
  const { anchored, dirOnly } = shapeOf(glob)
  const body = anchored
    .replace(/^\*\*\//, '')
    .replace(/(?<!\\)\{([^{},]*)[^{}]*\}/g, '$1')
    .replace(/(?<!\\)\[(?![!^])\\?(.)[^\]]*\]/g, '$1')
  if (/(?<!\\)[[\]{}()]/.test(body)) return undefined
  const filled = body.replace(/\\(.)|\*\*|[*?]/g, (_match, escaped?: string) => escaped ?? 'x')
  return dirOnly ? `${filled}/${leaf}` : filled
}

/**
 * Whether a finding is a policy block an `allow` entry may lift: an env file only when its
 * content was read and showed no real-looking value (a leak is never allowed away).
 */
export function isAllowable(finding: Finding): boolean {
  if (finding.severity !== 'block') return false
  return finding.category !== 'env' || finding.detail?.realValue === false
}
