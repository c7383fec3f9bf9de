import { resolve } from 'node:path'
import { NotARepoError, GitError } from '../errors.js'
import { runGit, type GitContext } from './exec.js'

export interface Repo {
  ctx: GitContext
  /** Absolute path of the working tree's top level. */
  top: string
  /** The cwd relative to `top`, `/`-terminated, '' at the top (git's `--show-prefix`). */
  prefix: string
  /** The index file git reads (GIT_INDEX_FILE in a `commit -a` hook), absolute. */
  indexFile: string
  /** `core.ignorecase`: matching and ignore rules become case-insensitive. */
  ignoreCase: boolean
  /** A bare repository (no working tree): `top` is then its git directory. */
  bare?: boolean
}

/**
 * Locate the repository the way git does from `ctx` (honouring GIT_DIR and GIT_WORK_TREE).
 * The two questions are independent, so both git processes run at once.
 */
export async function openRepo(ctx: GitContext): Promise<Repo> {
  const [location, ignoreCase] = await Promise.all([
    runGit(ctx, ['rev-parse', '--show-toplevel', '--show-prefix', '--git-path', 'index']).catch(
      (error: unknown) => {
        if (error instanceof GitError && /not a git repository/i.test(error.stderr)) {
          throw new NotARepoError(ctx.cwd)
        }
        throw error
      },
    ),
    runGit(ctx, ['config', '--type=bool', '--get', 'core.ignorecase'], { okCodes: [1] }),
  ])
  const [top = '', prefix = '', indexFile = ''] = location.stdout.split('\n')
  return {
    ctx,
    top,
    prefix,
    indexFile: resolve(ctx.cwd, indexFile),
    ignoreCase: ignoreCase.stdout.trim() === 'true',
  }
}

/**
 * Like `openRepo`, but a bare repository (a server running `--pre-receive`) is accepted: it
 * has no working tree, so its git directory stands in for the top (config is looked for there).
 */
export async function openAnyRepo(ctx: GitContext): Promise<Repo> {
  try {
    return await openRepo(ctx)
  } catch (error) {
    if (!(error instanceof GitError && /work tree/i.test(error.stderr))) throw error
    const [gitDir, ignoreCase] = await Promise.all([
      runGit(ctx, ['rev-parse', '--absolute-git-dir']),
      runGit(ctx, ['config', '--type=bool', '--get', 'core.ignorecase'], { okCodes: [1] }),
    ])
    return {
      ctx,
      top: gitDir.stdout.trim(),
      prefix: '',
      indexFile: resolve(gitDir.stdout.trim(), 'index'),
      ignoreCase: ignoreCase.stdout.trim() === 'true',
      bare: true,
    }
  }
}
