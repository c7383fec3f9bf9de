import { CONTENT_GATED, SECRET_CATEGORIES } from '../rules/categories.js'
import type { Matcher } from '../rules/match.js'
import type { Finding, LeakedFile, LoggedCommit } from '../types.js'
import { contentOffends } from './credential.js'

/** One path added or changed by one commit, with the blob the commit stored there. */
export interface HistoryChange {
  commit: string
  /** Committer date, YYYY-MM-DD. */
  date: string
  subject: string
  path: string
  oid: string
  mode: string
}

/** Flatten `git log` commits (newest first) into one change per path and commit. */
export function changesOf(commits: readonly LoggedCommit[]): HistoryChange[] {
  return commits.flatMap((commit) =>
    commit.entries.map((entry) => ({
      commit: commit.id,
      date: commit.date ?? '',
      subject: commit.subject ?? '',
      path: entry.path,
      oid: entry.oid ?? '',
      mode: entry.mode,
    })),
  )
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
