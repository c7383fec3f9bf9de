import { CONTENT_GATED, SECRET_CATEGORIES } from '../rules/categories.js'
import type { Matcher } from '../rules/match.js'
import { InternalError } from '../errors.js'
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

/**
 * Folds `git log` commits (newest first) into what `history` needs, one commit at a time, so
 * nothing grows with the number of commits but the changes of paths that could be secret:
 * every path once (with its newest mode, for the judging), and the changes of every path that
 * the rules would judge secret on its own. Judged together (venv markers among the paths),
 * a path can only lose that verdict, so those changes cover every finding; `findings` checks it.
 */
export class HistoryCollector {
  private readonly modes = new Map<string, string>()
  private readonly candidates = new Set<string>()
  readonly changes: HistoryChange[] = []

  constructor(private readonly matcher: Matcher) {}

  add(commit: LoggedCommit): void {
    for (const entry of commit.entries) {
      if (!this.modes.has(entry.path)) {
        this.modes.set(entry.path, entry.mode)
        const alone = this.matcher.judge([{ path: entry.path, mode: entry.mode, status: 'A' }])
        if (alone.some((finding) => SECRET_CATEGORIES.has(finding.category))) {
          this.candidates.add(entry.path)
        }
      }
      if (!this.candidates.has(entry.path)) continue
      this.changes.push({
        commit: commit.id,
        date: commit.date ?? '',
        subject: commit.subject ?? '',
        path: entry.path,
        oid: entry.oid ?? '',
        mode: entry.mode,
      })
    }
  }

  /** The secret files among every path history ever held, judged like the staged check. */
  findings(): Finding[] {
    const entries = [...this.modes].map(([path, mode]) => ({ path, mode, status: 'A' as const }))
    const findings = this.matcher
      .judge(entries)
      .filter((finding) => SECRET_CATEGORIES.has(finding.category))
    const uncovered = findings.find((finding) => !this.candidates.has(finding.path))
    if (uncovered) {
      throw new InternalError(`history judged ${JSON.stringify(uncovered.path)} only as a whole`)
    }
    return findings
  }
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
  /** Commits at the edge of a shallow clone: they may hold a file their parents added. */
  edges?: ReadonlySet<string>
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
      ...(input.edges?.has(commit) ? { shallowEdge: true as const } : {}),
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
