import picomatch from 'picomatch'
import { CONTENT_GATED, severityOf } from '../rules/categories.js'
import { baseName } from '../rules/repo-path.js'
import type { CategoryId, Finding, Severity, StagedEntry } from '../types.js'

/**
 * Which paths need their staged content read. Cheap and import-light on purpose: on the clean
 * path nothing qualifies, and the content inspection (dotenv, the secret detector) is never
 * loaded.
 */

/**
 * Env templates by the built-in convention: `.env.*` and `*.env` files whose last suffix is
 * .example, .sample, .template, .dist or .defaults (`.env.example`, `.env.production.sample`,
 * `prod.env.template`, `.env.dist`), the same words joined by `-` or `_` or without the dot
 * (`.env-example`, `.env_example`, `env.example`), and `example.env`, `sample.env`,
 * `template.env`, with or without a leading dot (`.example.env`).
 */
const TEMPLATE_NAME =
  /^(?:\.env\.(?:.+\.)?|.+\.env\.)(?:example|sample|template|dist|defaults)$|^\.?env[-_.](?:example|sample|template)$|^\.?(?:example|sample|template)\.env$/
const TEMPLATE_SUFFIX = /\.(?:example|sample|template|dist|defaults)$/
/** Templates whose name does not end in the local file's name plus a suffix. */
const JOINED_TEMPLATE =
  /(?:^|\/)(?:\.?env[-_](?:example|sample|template)|env\.(?:example|sample|template)|\.?(?:example|sample|template)\.env)$/

export function isTemplateName(base: string): boolean {
  return TEMPLATE_NAME.test(base)
}

/**
 * The local env file a template stands for: `.env.example` -> `.env`,
 * `api/.env.production.sample` -> `api/.env.production`, `env.example` or `example.env` ->
 * `.env`; undefined for other names.
 */
export function envFileOf(templatePath: string): string | undefined {
  const joined = JOINED_TEMPLATE.exec(templatePath)
  if (joined)
    return `${templatePath.slice(0, joined.index)}${joined[0].startsWith('/') ? '/' : ''}.env`
  return TEMPLATE_SUFFIX.test(templatePath) ? templatePath.replace(TEMPLATE_SUFFIX, '') : undefined
}

const REGULAR = new Set(['100644', '100755'])

/**
 * Whether an entry is an env template: a regular file named by the convention or by a configured
 * `envTemplates` glob (tested against the base name and the whole path).
 */
export function isTemplatePath(
  entry: StagedEntry,
  options: { envTemplates?: readonly string[]; ignoreCase?: boolean },
): boolean {
  const configured = options.envTemplates?.length ? templateGlob(options) : undefined
  // Most paths never mention `env`: one substring test keeps a 100,000-path stage cheap.
  if (!configured && !entry.path.includes('env')) return false
  if (!REGULAR.has(entry.mode)) return false
  const base = baseName(entry.path)
  return (
    isTemplateName(base) || (configured?.(base) ?? false) || (configured?.(entry.path) ?? false)
  )
}

/**
 * Why an entry is an env template: the glob that names it, and whether it comes from the
 * configured `envTemplates`; undefined when `isTemplatePath` says it is none.
 */
export function templateReason(
  entry: StagedEntry,
  options: { envTemplates?: readonly string[]; ignoreCase?: boolean },
): { glob: string; configured: boolean } | undefined {
  if (!isTemplatePath(entry, options)) return undefined
  const base = baseName(entry.path)
  // Built-in names: the glob is the suffix (`*.example`), or the whole name (`env.example`).
  if (isTemplateName(base)) {
    const glob =
      TEMPLATE_SUFFIX.test(base) && base.includes('env.')
        ? `*${base.slice(base.lastIndexOf('.'))}`
        : base
    return { glob: JOINED_TEMPLATE.test(base) ? base : glob, configured: false }
  }
  const glob = options.envTemplates?.find((pattern) => {
    const test = picomatch(pattern, {
      dot: true,
      nocase: options.ignoreCase ?? false,
      windows: false,
    })
    return test(base) || test(entry.path)
  })
  return glob === undefined ? undefined : { glob, configured: true }
}

const globCache = new WeakMap<readonly string[], (path: string) => boolean>()

function templateGlob(options: {
  envTemplates?: readonly string[]
  ignoreCase?: boolean
}): (path: string) => boolean {
  const globs = options.envTemplates!
  let test = globCache.get(globs)
  if (!test) {
    test = picomatch([...globs], { dot: true, nocase: options.ignoreCase ?? false, windows: false })
    globCache.set(globs, test)
  }
  return test
}

export interface ContentCandidates {
  /** Path findings that stand only if their blob holds a key or token. */
  gated: Finding[]
  /** Env files blocked by path: their content says whether a real-looking value is there. */
  envFiles: Finding[]
  /** Staged env templates (regular files; a symlink's blob is its target, not a template). */
  templates: StagedEntry[]
}

export function contentCandidates(
  entries: readonly StagedEntry[],
  findings: readonly Finding[],
  options: {
    severities?: Partial<Record<CategoryId, Severity>>
    envTemplates?: readonly string[]
    ignoreCase?: boolean
    /** The configured allow-list: allowed paths are never flagged, content included. */
    isAllowed?: (path: string) => boolean
  },
): ContentCandidates {
  const gated = findings.filter((finding) => CONTENT_GATED.has(finding.ruleId))
  const envFiles = findings.filter(
    (finding) => finding.category === 'env' && finding.code === 'PATH_RULE',
  )
  const wanted =
    severityOf('env-template', options.severities) !== 'off' ||
    severityOf('env-drift', options.severities) !== 'off'
  if (!wanted) return { gated, envFiles, templates: [] }
  const templates = entries.filter(
    (entry) => !!entry.oid && isTemplatePath(entry, options) && !options.isAllowed?.(entry.path),
  )
  return { gated, envFiles, templates }
}

/** dotenv-vault's file name, `.env.vault` in any folder. */
export const isVaultPath = (path: string) => /(?:^|\/)\.env\.vault$/.test(path)
