import type { Report } from '../types.js'
import { reportAllowSnippet } from './allow.js'
import { findingMessage } from './messages.js'

/** One JSON document: `findings` uncollapsed, each with its stable `code`; commands as printed in text. */
export function renderJson(report: Report): string {
  const allow = reportAllowSnippet(report)
  const document = {
    version: 1,
    mode: report.mode,
    blocked: report.blocked,
    findings: report.findings.map((finding) => ({
      code: finding.code,
      path: finding.path,
      category: finding.category,
      severity: finding.severity,
      status: finding.status,
      message: findingMessage(finding, report, report.customMessages),
      ...(finding.commits ? { commits: finding.commits } : {}),
      ...(finding.refs ? { refs: finding.refs } : {}),
      ...finding.detail,
    })),
    ...(report.configuration ? { configuration: report.configuration } : {}),
    ...(report.objectRefs
      ? {
          objectRefs: report.objectRefs.map(({ ref, kind, oid, paths, blocked }) => ({
            ref,
            kind,
            oid,
            paths,
            blocked,
          })),
        }
      : {}),
    recovery: {
      commands: report.commands.map((command) => command.text),
      gitignore: report.gitignore,
      // For warnings only: never run by --fix.
      ...(report.optionalCommands.length > 0 || report.optionalGitignore.length > 0
        ? {
            optional: {
              commands: report.optionalCommands.map((command) => command.text),
              gitignore: report.optionalGitignore,
            },
          }
        : {}),
      // Only when there are some: a name no .gitignore line can hold (a line break in it).
      ...(report.unignorable.length > 0 ? { unignorable: report.unignorable } : {}),
      ...(allow
        ? {
            allow: {
              file: allow.file,
              create: allow.create,
              entries: allow.entries,
              lines: allow.lines,
            },
          }
        : {}),
    },
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
