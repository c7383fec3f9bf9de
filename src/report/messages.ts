import { CATEGORIES } from '../rules/categories.js'
import { contentMessage } from './content-messages.js'
import type { Finding } from '../types.js'
import type { Report } from '../commands/check.js'

/** All user-facing wording about findings lives here; findings themselves are data. */

export function categoryInfo(
  id: string,
  customMessages?: ReadonlyMap<string, string>,
): { title: string; why: string } {
  const category = CATEGORIES.find((c) => c.id === id)
  return (
    category ?? {
      title: `custom rule ${id}`,
      why: customMessages?.get(id) ?? 'matched a rule from your configuration',
    }
  )
}

export function findingMessage(
  finding: Finding,
  report: Report,
  customMessages?: ReadonlyMap<string, string>,
): string {
  const custom = customMessages?.get(finding.category)
  const { title, why } = categoryInfo(finding.category)
  const parts = [custom ?? `${title}: ${why}`]
  if (finding.venvDir !== undefined) parts.push(`inside the virtualenv ${finding.venvDir}/`)
  const content = contentMessage(finding)
  if (content) parts.push(content)
  const rule = report.forceAdded.get(finding.path)
  if (rule) parts.push(`ignored by ${rule.source}:${rule.line} (${rule.pattern}) yet staged`)
  const negation = report.reincluded.get(finding.path)
  if (negation) {
    parts.push(
      `re-included by ${negation.source}:${negation.line} (${negation.pattern}), which no root .gitignore line can override`,
    )
  }
  if (report.envInHead.includes(finding.path)) {
    parts.push('already committed: treat the secret as leaked, rotate it, then purge history')
  }
  return parts.join('; ')
}

export const TEXT = {
  removeHeading: 'Take them out of this commit (your files stay on disk):',
  gitignoreHeading: 'Keep them out for good: append to .gitignore, then `git add .gitignore`:',
  fixHint: 'Or let the guard do both: precommit-guard --fix',
  temporaryIndex:
    'This commit used a temporary index (`git commit -a` or `git commit <paths>`): run the commands, then commit again.',
  forceAdded: (path: string, where: string) =>
    `${path} is ignored by ${where} yet staged: it was force-added (git add -f) or tracked before the rule existed.`,
  reincluded: (path: string, where: string) =>
    `${path} is re-included by ${where}: a deeper .gitignore wins over the root one, so remove or narrow that line to keep it out.`,
  leakedHeading:
    'Already committed, so the secrets in these files must be treated as leaked. Rotate every credential in them first, then purge them from history (from the repository root; the guard never rewrites history):',
  leakedFooter:
    'After a purge, force-push and ask teammates to re-clone. Until the keys are rotated, anyone with a copy of the history holds them.',
  bypass: 'To commit anyway (not recommended): git commit --no-verify',
} as const

/** Wording of the `--range`/`--pre-receive` recovery (report/history-text.ts). */
export const HISTORY_TEXT = {
  amendHeading: (id: string) =>
    `They came in with the tip commit ${id}. Where it is your HEAD, take them out of it (your files stay on disk):`,
  rebaseHeading: (count: number) =>
    `They came in with ${count} commit${count === 1 ? '' : 's'}. On the branch that holds ${count === 1 ? 'it' : 'them'}, take them out with an interactive rebase (your files stay on disk):`,
  rebaseEdit: (ids: readonly string[]) =>
    `In the todo list git opens, change \`pick\` to \`edit\` for ${ids.join(', ')}; then at each stop run its lines:`,
  rebaseStop: (id: string) => `at ${id}:`,
  rebaseConflict:
    'If a later commit changes a removed file, git stops on a conflict: run the `git rm --cached` line again, then `git rebase --continue`.',
  forcePush:
    'Rewritten commits that were already pushed need `git push --force-with-lease`; tell your teammates.',
  commits: (ids: readonly string[]) => `in ${ids.join(', ')}`,
  rejected:
    'Push rejected by precommit-guard: take the offenders out of these commits and push again.',
} as const
