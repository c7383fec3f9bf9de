import { createHash } from 'node:crypto'
import type { Report } from '../types.js'
import { CATEGORIES } from '../rules/categories.js'
import type { Finding } from '../types.js'
import { allowEntriesOf } from './allow.js'
import { categoryInfo, findingMessage } from './messages.js'

/** SARIF 2.1.0 for code-scanning uploads (GitHub `upload-sarif`, GitLab, IDE viewers). */

const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'
const INFORMATION_URI = 'https://github.com/precommit-guard/precommit-guard'

/** A repository-relative path as a relative URI: every segment percent-encoded. */
function pathUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/')
}

/** The .gitignore lines that keep a category's paths out, from the category table. */
function gitignoreLinesOf(category: string): string[] {
  const row = CATEGORIES.find((c) => c.id === category)
  return row ? [...new Set(row.rules.flatMap((rule) => [...rule.gitignore]))] : []
}

/** Rule help: why, then how to recover (the text output prints the exact commands). */
function helpText(category: string, title: string, why: string): string {
  const lines = [
    `${title}: ${why}.`,
    '',
    'Recovery (your files stay on disk): take the path out of the commit with',
    '`git rm --cached -- <path>` (`git rm -r --cached -- <dir>` for a directory); for commits',
    'already made, amend the tip (`git commit --amend --no-edit`) or rewrite older commits with',
    '`git rebase -i <commit>^`, marking them `edit`. `precommit-guard --range <A..B>` prints the',
    'exact, shell-quoted commands for each commit.',
  ]
  const ignore = gitignoreLinesOf(category)
  if (ignore.length > 0) {
    lines.push('', 'Keep it out for good: append to .gitignore:', ...ignore)
  }
  if (category === 'env') {
    lines.push(
      '',
      'A committed secret is leaked: rotate every credential in the file first, then purge it',
      'from history: `git filter-repo --invert-paths --path <path>`, force-push, and ask',
      'teammates to re-clone.',
    )
  }
  return lines.join('\n')
}

function ruleOf(category: string, report: Report, severity: Finding['severity']) {
  const { title, why } = categoryInfo(category, report.customMessages)
  return {
    id: category,
    name: category,
    shortDescription: { text: title },
    fullDescription: { text: `${title}: ${why}` },
    help: { text: helpText(category, title, why) },
    defaultConfiguration: { level: severity === 'block' ? 'error' : 'warning' },
    properties: { tags: ['precommit-guard'] },
  }
}

/**
 * One run; rules are the categories (and configuration rules) that matched, results one per
 * matched path. A finding is about a whole file, so its region is line 1; the fingerprint is
 * rule and path, stable across runs and computable for binary or deleted files too.
 */
export function renderSarif(report: Report, version: string): string {
  const ruleIndex = new Map<string, number>()
  const rules: ReturnType<typeof ruleOf>[] = []
  for (const finding of report.findings) {
    if (ruleIndex.has(finding.category)) continue
    ruleIndex.set(finding.category, rules.length)
    rules.push(ruleOf(finding.category, report, finding.severity))
  }
  const allowEntries = allowEntriesOf(report)
  const results = report.findings.map((finding) => ({
    ruleId: finding.category,
    ruleIndex: ruleIndex.get(finding.category)!,
    level: finding.severity === 'block' ? 'error' : 'warning',
    message: { text: `${finding.path}: ${findingMessage(finding, report, report.customMessages)}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathUri(finding.path), uriBaseId: '%SRCROOT%' },
          // env-template findings point at the assignment (the value itself is never shown).
          region: { startLine: finding.detail?.line || 1 },
        },
      },
    ],
    partialFingerprints: {
      'precommitGuard/v1': createHash('sha256')
        .update(
          `${finding.category}\0${finding.path}${finding.detail?.key ? `\0${finding.detail.key}` : ''}`,
        )
        .digest('hex'),
    },
    properties: {
      code: finding.code,
      matchedRule: finding.ruleId,
      ...(allowEntries.has(finding.path) ? { allowEntry: allowEntries.get(finding.path) } : {}),
      ...(finding.commits ? { commits: finding.commits } : {}),
    },
  }))
  const document = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'precommit-guard', version, informationUri: INFORMATION_URI, rules },
        },
        results,
        columnKind: 'utf16CodeUnits',
        properties: { mode: report.mode, blocked: report.blocked },
      },
    ],
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
