import {
  bfgCommands,
  localPurgeCommands,
  mirrorPurgeCommands,
  untrackAnywhere,
} from '../recovery/commands.js'
import { shellQuote, visible } from '../recovery/quote.js'
import type { HistoryReport, LeakedFile } from '../types.js'
import type { Style } from './style.js'

/**
 * Rotate first — the secret is compromised the moment it is pushed — then purge history.
 */
const ROTATION_CHECKLIST = [
  'API keys (OpenAI, Groq, Anthropic, cloud, payment): regenerate them in the provider dashboard and revoke the old ones.',
  'Database passwords: change them.',
  'JWT and session signing secrets: rotate them (existing tokens stop working; users sign in again).',
  'Private keys: create a new key pair, and remove the old public key wherever it is authorised.',
  'Put the new values where the app runs (CI, servers, teammates’ .env files), never in git.',
] as const

/** The purge commands for every leaked path: filter-repo, and BFG as the alternative. */
const pathsOf = (leaks: readonly LeakedFile[]) => leaks.map((leak) => leak.path)
const bfgOf = (leaks: readonly LeakedFile[]) => bfgCommands(pathsOf(leaks))
const untrackCommands = (history: HistoryReport) =>
  history.bare
    ? []
    : history.leaks.filter((leak) => leak.tracked).map((leak) => untrackAnywhere(leak.path))
const UNTRACK_COMMIT = "git commit -q -m 'Stop tracking secret files'"

/**
 * The purge, pasteable as it is: from a mirror clone of each remote that holds a leaked
 * commit, or in place when none was pushed.
 */
function purgeCommands(history: HistoryReport): string[] {
  const paths = pathsOf(history.leaks)
  if (history.remotes.length === 0) return localPurgeCommands(paths, history.bare)
  return history.remotes.flatMap((remote) => mirrorPurgeCommands(paths, remote, history.bare))
}

/** The filter-repo line the purge runs (JSON's `filterRepo`, for tools that run their own). */
function filterRepoLine(history: HistoryReport): string {
  return purgeCommands(history).find((line) => line.startsWith('git filter-repo')) ?? ''
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)

/** What a shallow clone did not let `history` search. */
function shallowNote(history: HistoryReport): string[] {
  const n = history.shallowEdges.length
  if (n === 0) return []
  return [
    `! This is a shallow clone: history before its ${n} edge ${plural(n, 'commit', 'commits')} (${history.shallowEdges
      .map((id) => id.slice(0, 12))
      .sort()
      .join(', ')}) was not fetched, so it was not searched.`,
    '  A secret committed only there is not listed, and a commit marked "shallow edge" shows every file it holds as added: the file may have been committed earlier.',
    '  Fetch the whole history (git fetch --unshallow) and run precommit-guard history again.',
  ]
}

/** Text: nothing at all for a clean history (but what a shallow clone left unsearched). */
export function renderHistoryText(history: HistoryReport, style: Style): string {
  const { leaks } = history
  const shallow = shallowNote(history).map((line, i) => (i === 0 ? style.red(line) : line))
  if (leaks.length === 0) return shallow.length > 0 ? `${shallow.join('\n')}\n` : ''
  const out: string[] = [
    style.red(
      `✖ ${leaks.length} secret file${leaks.length === 1 ? ' was' : 's were'} committed to this repository's history:`,
    ),
  ]
  for (const leak of leaks) {
    const notes = [
      leak.category,
      leak.pushed ? style.red('pushed') : 'not pushed',
      ...(history.bare ? [] : [leak.tracked ? 'still tracked' : 'deleted since']),
    ]
    out.push(`  ${shellQuote(leak.path)} (${notes.join(', ')})`)
    for (const commit of leak.commits) {
      const where = `${commit.pushed ? 'pushed' : 'local'}${commit.shallowEdge ? ', shallow edge' : ''}`
      out.push(
        `    ${commit.commit.slice(0, 12)} ${commit.date} ${where}: ${visible(commit.subject)}`,
      )
    }
  }
  if (shallow.length > 0) out.push('', ...shallow)
  const anyPushed = leaks.some((leak) => leak.pushed)
  out.push(
    '',
    style.bold(
      anyPushed
        ? '1. Rotate first: a pushed secret is compromised (bots scrape public remotes within minutes).'
        : '1. Rotate first: anyone with a copy of this repository holds these secrets.',
    ),
    ...ROTATION_CHECKLIST.map((line) => `   - ${line}`),
  )
  const untrack = untrackCommands(history)
  if (untrack.length > 0) {
    out.push('', style.bold('2. Stop tracking them (your files stay on disk), then commit:'))
    out.push(...untrack, UNTRACK_COMMIT)
  }
  const step = untrack.length > 0 ? 3 : 2
  const remotes = history.remotes.map(shellQuote).join(', ')
  out.push(
    '',
    style.bold(
      history.remotes.length > 0
        ? `${step}. Purge them from every branch and tag of ${remotes} (rewrites history: coordinate with your team). Paste as it is, from anywhere in this clone: it filters a fresh mirror clone in a temporary directory and force-pushes every ref back:`
        : `${step}. Purge them from every commit of this repository (nothing was pushed; rewrites history). Commit or stash your other changes first: git filter-repo resets the working tree (untracked files stay):`,
    ),
    ...purgeCommands(history),
    '',
    style.dim(
      'Or with BFG Repo-Cleaner (by file name at any depth; it keeps the current commit, so untrack first):',
    ),
    ...bfgOf(leaks),
    'git reflog expire --expire=now --all',
    'git gc --prune=now --aggressive',
    '',
    style.dim(
      history.remotes.length > 0
        ? 'This clone still holds the old commits: clone again afterwards (copy your untracked .env files across first), and so must every teammate; forks and hosting caches may keep old commits. precommit-guard never rewrites history itself.'
        : 'Other copies of this repository keep the old commits. precommit-guard never rewrites history itself.',
    ),
  )
  return `${out.join('\n')}\n`
}

/** JSON: the same facts and commands; `leaks` is empty for a clean history. */
export function renderHistoryJson(history: HistoryReport): string {
  const { leaks } = history
  const document = {
    version: 1,
    mode: 'history',
    leaks,
    shallowEdges: history.shallowEdges,
    remotes: history.remotes,
    bare: history.bare,
    rotate: ROTATION_CHECKLIST,
    recovery:
      leaks.length === 0
        ? { untrack: [], filterRepo: null, purge: [], bfg: [] }
        : {
            untrack: [
              ...untrackCommands(history),
              ...(untrackCommands(history).length > 0 ? [UNTRACK_COMMIT] : []),
            ],
            filterRepo: filterRepoLine(history),
            purge: purgeCommands(history),
            bfg: bfgOf(leaks),
          },
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
