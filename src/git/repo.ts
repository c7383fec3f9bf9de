import { NotARepoError, GitError } from '../errors.js'
import { runGit, type GitContext } from './exec.js'

export interface Repo {
  ctx: GitContext
  /** Absolute path of the working tree's top level. */
  top: string
  /** The cwd relative to `top`, `/`-terminated, '' at the top (git's `--show-prefix`). */
  prefix: string
  /** `core.ignorecase`: matching and ignore rules become case-insensitive. */
  ignoreCase: boolean
}

/**
 * Locate the repository the way git does from `ctx` (honouring GIT_DIR and GIT_WORK_TREE).
 * The two questions are independent, so both git processes run at once.
 */
export async function openRepo(ctx: GitContext): Promise<Repo> {
  const [location, ignoreCase] = await Promise.all([
    runGit(ctx, ['rev-parse', '--show-toplevel', '--show-prefix']).catch((error: unknown) => {
      if (error instanceof GitError && /not a git repository/i.test(error.stderr)) {
        throw new NotARepoError(ctx.cwd)
      }
      throw error
    }),
    runGit(ctx, ['config', '--type=bool', '--get', 'core.ignorecase'], { okCodes: [1] }),
  ])
  // `top\nprefix\n`; a newline inside either gives more lines, so then ask one by one.
  const lines = location.stdout.split('\n')
  const [top = '', prefix = ''] =
    lines.length === 3
      ? lines
      : await Promise.all([askPath(ctx, '--show-toplevel'), askPath(ctx, '--show-prefix')])
  return { ctx, top, prefix, ignoreCase: ignoreCase.stdout.trim() === 'true' }
}

/** One `rev-parse` path answer, without the newline git ends it with (and nothing more). */
async function askPath(ctx: GitContext, flag: string): Promise<string> {
  const { stdout } = await runGit(ctx, ['rev-parse', flag])
  return stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout
}

/** `core.sparseCheckout`: asked only when there is something to recover (see removalCommand). */
export async function isSparseCheckout(ctx: GitContext): Promise<boolean> {
  const { stdout } = await runGit(ctx, ['config', '--type=bool', '--get', 'core.sparseCheckout'], {
    okCodes: [1],
  })
  return stdout.trim() === 'true'
}
