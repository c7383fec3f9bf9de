import { bfgCommands, filterRepoCommand, untrackAnywhere } from '../recovery/commands.js'
import { shellQuote, visible } from '../recovery/quote.js'
import type { LeakedFile } from '../types.js'
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
const filterRepoOf = (leaks: readonly LeakedFile[]) => filterRepoCommand(leaks.map((l) => l.path))
const bfgOf = (leaks: readonly LeakedFile[]) => bfgCommands(leaks.map((l) => l.path))
const untrackCommands = (leaks: readonly LeakedFile[]) =>
  leaks.filter((leak) => leak.tracked).map((leak) => untrackAnywhere(leak.path))

/** Text: nothing at all for a clean history. */
export function renderHistoryText(leaks: readonly LeakedFile[], style: Style): string {
  if (leaks.length === 0) return ''
  const out: string[] = [
    style.red(
      `✖ ${leaks.length} secret file${leaks.length === 1 ? ' was' : 's were'} committed to this repository's history:`,
    ),
  ]
  for (const leak of leaks) {
    const notes = [
      leak.category,
      leak.pushed ? style.red('pushed') : 'not pushed',
      leak.tracked ? 'still tracked' : 'deleted since',
    ]
    out.push(`  ${shellQuote(leak.path)} (${notes.join(', ')})`)
    for (const commit of leak.commits) {
      const where = commit.pushed ? 'pushed' : 'local'
      out.push(
        `    ${commit.commit.slice(0, 12)} ${commit.date} ${where}: ${visible(commit.subject)}`,
      )
    }
  }
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
  const untrack = untrackCommands(leaks)
  if (untrack.length > 0) {
    out.push('', style.bold('2. Stop tracking them (your files stay on disk), then commit:'))
    out.push(...untrack)
  }
  out.push(
    '',
    style.bold(
      `${untrack.length > 0 ? 3 : 2}. Purge them from every commit, from the repository root (rewrites history: coordinate with your team; git filter-repo wants a fresh clone):`,
    ),
    filterRepoOf(leaks),
    'git push --force --all',
    'git push --force --tags',
    '',
    style.dim(
      'Or with BFG Repo-Cleaner (by file name at any depth; it keeps the current commit, so untrack first):',
    ),
    ...bfgOf(leaks),
    'git reflog expire --expire=now --all',
    'git gc --prune=now --aggressive',
    '',
    style.dim(
      'Teammates must re-clone afterwards; forks and hosting caches may keep old commits. precommit-guard never rewrites history itself.',
    ),
  )
  return `${out.join('\n')}\n`
}

/** JSON: the same facts and commands; `leaks` is empty for a clean history. */
export function renderHistoryJson(leaks: readonly LeakedFile[]): string {
  const document = {
    version: 1,
    mode: 'history',
    leaks,
    rotate: ROTATION_CHECKLIST,
    recovery:
      leaks.length === 0
        ? { untrack: [], filterRepo: null, bfg: [] }
        : {
            untrack: untrackCommands(leaks),
            filterRepo: filterRepoOf(leaks),
            bfg: bfgOf(leaks),
          },
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
