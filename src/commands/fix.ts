import { accessSync, constants, lstatSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GitError, GuardError } from '../errors.js'
import { runGit, type GitContext } from '../git/exec.js'
import { openRepo } from '../git/repo.js'
import { shellQuote } from '../recovery/quote.js'
import type { FixResult, Report } from '../types.js'
import { runCheck, type CheckOptions } from './check.js'

/**
 * `--fix`: check, apply the printed recovery, and check again, so the report shows what is
 * left. Content advice (templates, drift, big files) has no commands: --fix never edits files.
 */
export async function runFix(
  options: CheckOptions,
): Promise<{ result: FixResult | undefined; report: Report }> {
  let report = await runCheck(options)
  let checked = options
  if (nothingToDo(report) && options.mode === 'staged' && !options.paths?.length) {
    // After a blocked `git commit -a` the offenders are tracked files whose changes only
    // `commit -a` stages (the hook saw its temporary index): nothing is staged in the real
    // index, so judge what that commit would hold instead.
    const commitAll = { ...options, commitAll: true }
    const wouldCommit = await runCheck(commitAll)
    if (!nothingToDo(wouldCommit)) [report, checked] = [wouldCommit, commitAll]
  }
  if (nothingToDo(report)) return { result: undefined, report }
  const repo = await openRepo(options.ctx)
  const result = await applyRecovery(report, { ctx: options.ctx, top: repo.top })
  if (checked.commitAll) result.commitAll = true
  return { result, report: await runCheck(checked) }
}

const nothingToDo = (report: Report) =>
  report.commands.length === 0 && report.gitignore.length === 0

/**
 * `--fix`: run exactly the printed commands, then append the printed lines to the root
 * `.gitignore`. Touches the index and `.gitignore` only; existing bytes are kept.
 */
export async function applyRecovery(
  report: Report,
  where: { ctx: GitContext; top: string },
): Promise<FixResult> {
  const { ctx, top } = where
  const gitignorePath = join(top, '.gitignore')
  // Check the .gitignore before touching the index, so a refusal leaves everything as it was.
  const existing = report.gitignore.length > 0 ? readWritableGitignore(gitignorePath) : ''
  const ran: string[] = []
  for (const command of report.commands) {
    try {
      await runGit(ctx, command.args)
    } catch (error) {
      throw stoppedAt(error, command.text, ran.length, report.commands.length)
    }
    ran.push(command.text)
  }
  if (report.gitignore.length > 0) {
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n'
    try {
      writeFileSync(gitignorePath, `${existing}${separator}${report.gitignore.join('\n')}\n`)
    } catch (error) {
      throw new GuardError(
        `cannot write .gitignore (${(error as NodeJS.ErrnoException).code ?? 'error'}); the index was already updated`,
        'append the printed lines by hand',
      )
    }
  }
  return { ran, appended: report.gitignore }
}

// git's words when another process holds the index: `Unable to create '<path>/index.lock': File exists.`
const HELD_LOCK = /Unable to create '(.+\.lock)': File exists/

/**
 * A command of --fix failed: say which one and how far it got (the index keeps what the
 * earlier ones did), and for a held index lock, how to tell a running git from a stale lock.
 */
function stoppedAt(error: unknown, command: string, done: number, total: number): unknown {
  if (!(error instanceof GitError)) return error
  const progress =
    done === 0 ? 'nothing was changed' : `${done} of ${total} commands done, the index keeps them`
  const where = `--fix stopped at \`${command}\` (${progress})`
  const lock = HELD_LOCK.exec(error.stderr)?.[1]
  if (lock !== undefined) {
    return new GuardError(
      `${where}: another git process holds the index lock ${shellQuote(lock)}`,
      `wait for it to finish (an editor, a git GUI, a commit or rebase in another terminal) and run --fix again; if no git process is running, the lock is stale: rm -f ${shellQuote(lock)}`,
    )
  }
  return new GuardError(`${where}: ${error.message}`, error.hint)
}

function readWritableGitignore(path: string): string {
  const stat = lstatSync(path, { throwIfNoEntry: false })
  if (!stat) return ''
  if (stat.isSymbolicLink()) {
    throw new GuardError(
      '.gitignore is a symbolic link; not writing through it',
      'append the printed lines by hand',
    )
  }
  if (!stat.isFile()) {
    throw new GuardError(
      '.gitignore is not a regular file',
      'replace it with a file, then run --fix again',
    )
  }
  // No write bit at all is a deliberate choice (root could still write): respect it. Either
  // way, refuse before the index is touched rather than fail half-way.
  if ((stat.mode & 0o222) === 0 || !canWrite(path)) {
    throw new GuardError(
      '.gitignore is read-only; not changing it',
      'make it writable (chmod u+w .gitignore) and run --fix again, or append the printed lines by hand',
    )
  }
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new GuardError(`cannot read .gitignore: ${(error as Error).message}`)
  }
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}
