import { runGit, splitNul, type GitContext } from './exec.js'

/** One path added or changed by one commit, as `git log --raw` reports it. */
export interface HistoryChange {
  commit: string
  /** Committer date, YYYY-MM-DD. */
  date: string
  subject: string
  path: string
  /** The blob the commit stored at `path` (content checks for `*.pem` and the like). */
  oid: string
  mode: string
}

/** Starts a commit header among the NUL-separated records (raw records start with `:`). */
const HEADER = '\u0001'

/**
 * Every path ever added or modified on any ref, in one pass: `git log --all --raw -z`. Renames
 * are split into delete + add so the old name is seen too; deletions are skipped (they are not
 * where a secret entered history). Merges are read with `-c`: what a merge itself introduced (a
 * file that differs from every parent, e.g. added while resolving) is listed, as for `--range`.
 */
export async function readHistory(ctx: GitContext): Promise<HistoryChange[]> {
  const { stdout } = await runGit(
    ctx,
    [
      'log',
      '--all',
      // The root commit's files too, whatever `log.showRoot` says.
      '--root',
      '-z',
      '--raw',
      '-c',
      '--no-renames',
      '--no-abbrev',
      '--no-relative',
      '--no-show-signature',
      '--no-color',
      `--format=${HEADER}%H %cs %s`,
    ],
    { exactNames: true },
  )
  const changes: HistoryChange[] = []
  const fields = splitNul(stdout)
  let commit = ''
  let date = ''
  let subject = ''
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!.replace(/^\n/, '')
    if (field === '') continue // a merge's header is followed by an empty field under -c
    if (field.startsWith(HEADER)) {
      const header = field.slice(1)
      const firstSpace = header.indexOf(' ')
      const secondSpace = header.indexOf(' ', firstSpace + 1)
      commit = header.slice(0, firstSpace)
      date = header.slice(firstSpace + 1, secondSpace === -1 ? undefined : secondSpace)
      subject = secondSpace === -1 ? '' : header.slice(secondSpace + 1)
      continue
    }
    // `:srcmode dstmode srcoid dstoid STATUS`, then the path as the next field; a merge of
    // n parents starts with n colons and lists n source modes and oids (`-c`).
    const path = fields[++i] ?? ''
    const colons = field.length - field.replace(/^:+/, '').length
    const parts = field.slice(colons).split(' ')
    const mode = parts[colons] ?? ''
    const oid = parts[2 * colons + 1] ?? ''
    const status = parts[2 * colons + 2] ?? ''
    if (/^D+$/.test(status)) continue
    changes.push({ commit, date, subject, path, oid, mode })
  }
  return changes
}

/** Commits reachable from a remote-tracking ref: already pushed (one `rev-list`). */
export async function pushedCommits(ctx: GitContext): Promise<Set<string>> {
  const { stdout } = await runGit(ctx, ['rev-list', '--remotes'])
  return new Set(stdout.split('\n').filter((line) => line !== ''))
}
