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
      ...finding.detail,
    })),
    recovery: {
      commands: report.commands.map((command) => command.text),
      gitignore: report.gitignore,
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
