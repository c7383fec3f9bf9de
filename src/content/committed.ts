import { severityOf } from '../rules/categories.js'
import type { CategoryId, CommittedEntry, Finding, Severity } from '../types.js'
import { templateFindings } from './inspect.js'
import { isTemplatePath } from './select.js'

/** Reads files as commits hold them, in input order (undefined: not readable). */
export type CommittedReader = (
  refs: readonly { commit: string; path: string }[],
) => Promise<(Buffer | undefined)[]>

/**
 * `--range` and `--pre-receive`: env templates that the commits added or modified, read as the
 * last of those commits holds them, judged like staged ones. A real-looking value there was
 * committed (perhaps with `--no-verify`): it must be replaced, and the key rotated.
 */
export async function committedTemplateFindings(input: {
  entries: readonly CommittedEntry[]
  read: CommittedReader
  severities?: Partial<Record<CategoryId, Severity>> | undefined
  envTemplates?: readonly string[] | undefined
  ignoreCase: boolean
  isAllowed: (path: string) => boolean
}): Promise<Finding[]> {
  const severity = severityOf('env-template', input.severities)
  if (severity === 'off') return []
  const templates = input.entries.filter(
    (entry) =>
      entry.commits.length > 0 &&
      !input.isAllowed(entry.path) &&
      isTemplatePath(entry, {
        ignoreCase: input.ignoreCase,
        ...(input.envTemplates ? { envTemplates: input.envTemplates } : {}),
      }),
  )
  if (templates.length === 0) return []
  const blobs = await input.read(
    templates.map((entry) => ({
      commit: entry.commits[entry.commits.length - 1]!,
      path: entry.path,
    })),
  )
  return templates.flatMap((entry, i) => {
    const text = blobs[i]?.toString('utf8')
    return text === undefined ? [] : templateFindings(entry, text, severity)
  })
}
