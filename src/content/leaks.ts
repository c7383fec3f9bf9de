import { contentOffends } from './credential.js'
import { CONTENT_GATED } from './select.js'
import { SECRET_CATEGORIES } from '../rules/categories.js'
import type { Matcher } from '../rules/match.js'
import type { Finding } from '../types.js'
import type { HistoryChange } from '../git/history-log.js'

export interface LeakedCommit {
  commit: string
  date: string
  subject: string
  pushed: boolean
}

/** One secret file found in history. */
export interface LeakedFile {
  path: string
  category: string
  /** Newest first, as `git log` lists them. */
  commits: LeakedCommit[]
  /** Some commit holding it is reachable from a remote-tracking ref. */
  pushed: boolean
  /** Still in the index (tracked): untrack it before purging. */
  tracked: boolean
}

/** The secret files among every path history ever held, judged like the staged check. */
export function judgeHistory(changes: readonly HistoryChange[], matcher: Matcher): Finding[] {
  const seen = new Map<string, string>()
  for (const change of changes) if (!seen.has(change.path)) seen.set(change.path, change.mode)
  const entries = [...seen].map(([path, mode]) => ({ path, mode, status: 'A' as const }))
  return matcher.judge(entries).filter((finding) => SECRET_CATEGORIES.has(finding.category))
}

/** Blob ids whose content decides a finding (ambiguous names such as `*.pem`, `.npmrc`). */
export function gatedOids(
  changes: readonly HistoryChange[],
  findings: readonly Finding[],
): string[] {
  const gated = new Set(
    findings.filter((finding) => CONTENT_GATED.has(finding.ruleId)).map((finding) => finding.path),
  )
  return changes.filter((change) => gated.has(change.path)).map((change) => change.oid)
}

/**
 * Group the findings' commits per path. An ambiguous name counts only through the versions
 * that hold a key or token. Pure: blobs, pushed commits and tracked paths come in as data.
 */
export function findLeaks(input: {
  changes: readonly HistoryChange[]
  findings: readonly Finding[]
  blobs: ReadonlyMap<string, Buffer>
  pushed: ReadonlySet<string>
  tracked: ReadonlySet<string>
}): LeakedFile[] {
  const byPath = new Map<string, HistoryChange[]>()
  for (const change of input.changes) {
    const list = byPath.get(change.path) ?? []
    list.push(change)
    byPath.set(change.path, list)
  }
  const leaks: LeakedFile[] = []
  for (const finding of input.findings) {
    let list = byPath.get(finding.path) ?? []
    const check = CONTENT_GATED.get(finding.ruleId)
    if (check) {
      list = list.filter((change) => {
        const blob = input.blobs.get(change.oid)
        return blob !== undefined && contentOffends(check, blob.toString('latin1'))
      })
    }
    if (list.length === 0) continue
    const commits = list.map(({ commit, date, subject }) => ({
      commit,
      date,
      subject,
      pushed: input.pushed.has(commit),
    }))
    leaks.push({
      path: finding.path,
      category: finding.category,
      commits,
      pushed: commits.some((commit) => commit.pushed),
      tracked: input.tracked.has(finding.path),
    })
  }
  return leaks.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
