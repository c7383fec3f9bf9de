import { accessSync, constants, lstatSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { GuardError } from '../errors.js'
import { runGit, type GitContext } from '../git/exec.js'
import { changeIndexLocked, IndexLockHeld } from '../git/index-lock.js'
import { openRepo } from '../git/repo.js'
import { indexFingerprint, listIndexPaths } from '../git/staged.js'
import { shellQuote } from '../recovery/quote.js'
import { parentOf } from '../rules/repo-path.js'
import type { FixResult, RecoveryUnit, Report } from '../types.js'
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
  const result = await applyRecovery(report, {
    ctx: options.ctx,
    top: repo.top,
    prefix: repo.prefix,
    indexFile: repo.indexFile,
    indexFingerprint: judged,
  })
  if (checked.commitAll) result.commitAll = true
  return { result, report: await runCheck(checked) }
}

const nothingToDo = (report: Report) =>
  report.commands.length === 0 && report.gitignore.length === 0

/**
 * `--fix`: do what the printed commands do and append the printed lines to the root
 * `.gitignore`. Touches `.gitignore` and the index only; existing bytes are kept. Everything
 * that can refuse is checked before anything changes; the index is changed under git's own
 * lock, and the `.gitignore` replaced all or nothing before the new index takes effect, so a
 * failure leaves both as they were. `indexFingerprint`, when given, is the index the plan was
 * made on: another git process that staged something meanwhile stops the fix.
 */
export async function applyRecovery(
  report: Report,
  where: {
    ctx: GitContext
    top: string
    prefix?: string
    indexFile?: string
    indexFingerprint?: string
  },
): Promise<FixResult> {
  const { ctx, top } = where
  const gitignorePath = join(top, '.gitignore')
  const existing = report.gitignore.length > 0 ? readWritableGitignore(gitignorePath) : undefined
  const writeGitignore = () => {
    if (existing === undefined) return
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
  const done: FixResult = {
    ran: report.commands.map((command) => command.text),
    appended: report.gitignore,
  }
  if (report.commands.length === 0) {
    writeGitignore()
    return done
  }
  const repo =
    where.prefix !== undefined && where.indexFile !== undefined
      ? { prefix: where.prefix, indexFile: where.indexFile }
      : await openRepo(ctx)
  try {
    await changeIndexLocked(ctx, repo.indexFile, {
      async verify() {
        if (
          where.indexFingerprint !== undefined &&
          (await indexFingerprint(ctx)) !== where.indexFingerprint
        ) {
          throw new GuardError(
            'the index changed while --fix was checking it (another git process staged or removed something); nothing was changed',
            'run --fix again',
          )
        }
      },
      async work(copy) {
        // Other steps (writing a skip-worktree file out first) run as printed, in order, from
        // the top (their paths are root-relative); the removals then run as one git process,
        // for the blocked units only: a warning is never undone by --fix.
        for (const command of report.commands) {
          if (command.args[0] !== 'rm') await runGit({ ...copy, cwd: top }, command.args)
        }
        if (report.commands.some((command) => command.args[0] === 'rm')) {
          const blocked = report.units.filter((unit) =>
            unit.findings.every((finding) => finding.severity === 'block'),
          )
          await removeUnits(copy, repo.prefix, blocked)
        }
      },
      commit: writeGitignore,
    })
  } catch (error) {
    if (error instanceof IndexLockHeld) throw lockHeld(error.lock, report.commands[0]!.text)
    throw error
  }
  return done
}

/** Another git process holds the index: what --fix did not do, and how to tell a stale lock. */
function lockHeld(lock: string, firstCommand: string): GuardError {
  return new GuardError(
    `--fix stopped at \`${firstCommand}\` (nothing was changed): another git process holds the index lock ${shellQuote(lock)}`,
    `wait for it to finish (an editor, a git GUI, a commit or rebase in another terminal) and run --fix again; if no git process is running, the lock is stale: rm -f ${shellQuote(lock)}`,
  )
}

/**
 * What the printed `git rm --cached` commands do, in one git process whatever their number:
 * `git rm` matches every pathspec against every index entry, so 20,000 offenders that do not
 * collapse took minutes as one process and longer as 20,000. The entries are read once and
 * named on `update-index --force-remove`'s stdin. The plan already chose -f only where git rm
 * would refuse without it, and the index was checked unchanged since it was judged.
 */
async function removeUnits(
  ctx: GitContext,
  prefix: string,
  units: readonly RecoveryUnit[],
): Promise<void> {
  const files = new Set(units.filter((unit) => !unit.isDir).map((unit) => unit.path))
  const dirs = new Set(units.filter((unit) => unit.isDir).map((unit) => unit.path))
  const below = (path: string): boolean => {
    for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) if (dirs.has(dir)) return true
    return false
  }
  const targets = (await listIndexPaths(ctx, [])).filter(
    (path) => files.has(path) || (dirs.size > 0 && below(path)),
  )
  // update-index reads names relative to the cwd, as the printed commands are.
  const base = prefix.replace(/\/$/, '')
  const relative = base === '' ? (p: string) => p : (p: string) => posix.relative(base, p)
  await runGit(ctx, ['update-index', '--force-remove', '-z', '--stdin'], {
    input: targets.map((path) => `${relative(path)}\0`).join(''),
  })
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
