import { accessSync, constants, lstatSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GuardError } from '../errors.js'
import { runGit, type GitContext } from '../git/exec.js'
import { openRepo } from '../git/repo.js'
import { indexFingerprint } from '../git/staged.js'
import type { FixResult, GitCommand, Report } from '../types.js'
import { replaceFile } from '../worktree/replace-file.js'
import { runCheck, type CheckOptions } from './check.js'

/**
 * `--fix`: check, apply the printed recovery, and check again, so the report shows what is
 * left. Content advice (templates, drift, big files) has no commands: --fix never edits files.
 */
export async function runFix(
  options: CheckOptions,
): Promise<{ result: FixResult | undefined; report: Report }> {
  // What the index held before it was judged: the recovery is applied only to that index.
  const judged = await indexFingerprint(options.ctx)
  const report = await runCheck(options)
  if (report.commands.length === 0 && report.gitignore.length === 0) {
    return { result: undefined, report }
  }
  const repo = await openRepo(options.ctx)
  const result = await applyRecovery(report, {
    ctx: options.ctx,
    top: repo.top,
    indexFingerprint: judged,
  })
  return { result, report: await runCheck(options) }
}

/**
 * `--fix`: append the printed lines to the root `.gitignore`, then run the printed commands.
 * Touches `.gitignore` and the index only; existing bytes are kept. Everything that can refuse
 * is checked before anything changes, and the `.gitignore` is replaced all or nothing, so a
 * failure leaves both as they were. `indexFingerprint`, when given, is the index the plan was
 * made on: another git process that staged something meanwhile stops the fix.
 */
export async function applyRecovery(
  report: Report,
  where: { ctx: GitContext; top: string; indexFingerprint?: string },
): Promise<FixResult> {
  const { ctx, top } = where
  const gitignorePath = join(top, '.gitignore')
  const existing = report.gitignore.length > 0 ? readWritableGitignore(gitignorePath) : undefined
  if (
    where.indexFingerprint !== undefined &&
    report.commands.length > 0 &&
    (await indexFingerprint(ctx)) !== where.indexFingerprint
  ) {
    throw new GuardError(
      'the index changed while --fix was checking it (another git process staged or removed something); nothing was changed',
      'run --fix again',
    )
  }
  if (existing !== undefined) {
    const separator = existing.length === 0 || existing[existing.length - 1] === 0x0a ? '' : '\n'
    const added = Buffer.from(`${separator}${report.gitignore.join('\n')}\n`, 'utf8')
    try {
      replaceFile(gitignorePath, Buffer.concat([existing, added]))
    } catch (error) {
      throw new GuardError(
        `cannot write .gitignore (${(error as NodeJS.ErrnoException).code ?? 'error'}); it was left as it was and the index was not changed`,
        'free some disk space (or raise the file size limit), then run --fix again',
      )
    }
  }
  for (const batch of batchRemovals(report.commands)) {
    await runGit(ctx, batch.args, { input: batch.input })
  }
  return { ran: report.commands.map((command) => command.text), appended: report.gitignore }
}

/**
 * The printed commands as few git processes as they allow: every `git rm … -- <pathspec>` with
 * the same options becomes one `git rm … --pathspec-from-file=-` reading the pathspecs,
 * NUL-separated, on stdin (20,000 offenders are one process, and no argument list grows).
 * Each removal touches its own entries, so their order does not matter; any other command
 * runs as printed, in place.
 */
export function batchRemovals(
  commands: readonly GitCommand[],
): { args: string[]; input?: string }[] {
  const batches: { args: string[]; pathspecs?: string[] }[] = []
  const byOptions = new Map<string, string[]>()
  for (const command of commands) {
    const dashes = command.args.indexOf('--')
    if (command.args[0] !== 'rm' || dashes === -1) {
      batches.push({ args: command.args })
      continue
    }
    const options = command.args.slice(0, dashes)
    const key = options.join('\0')
    let pathspecs = byOptions.get(key)
    if (!pathspecs) {
      pathspecs = []
      byOptions.set(key, pathspecs)
      batches.push({
        args: [...options, '--pathspec-from-file=-', '--pathspec-file-nul'],
        pathspecs,
      })
    }
    pathspecs.push(...command.args.slice(dashes + 1))
  }
  return batches.map(({ args, pathspecs }) =>
    pathspecs ? { args, input: pathspecs.map((p) => `${p}\0`).join('') } : { args },
  )
}

/** The root `.gitignore`'s bytes (empty when there is none), or why --fix must not change it. */
function readWritableGitignore(path: string): Buffer {
  const stat = lstatSync(path, { throwIfNoEntry: false })
  if (!stat) return Buffer.alloc(0)
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
    return readFileSync(path)
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
