import type { Report } from '../commands/check.js'
import { findingMessage } from './messages.js'

/** SPEC "Output": one JSON document, `findings` uncollapsed, commands as printed in text. */
export function renderJson(report: Report): string {
  const document = {
    version: 1,
    mode: report.mode,
    blocked: report.blocked,
    findings: report.findings.map((finding) => ({
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
    },
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
