import { simpleGit, type SimpleGit } from 'simple-git'

/**
 * A throwaway repository of the guard's own (the demo), driven through simple-git, whose
 * default of dropping inherited GIT_* variables is right here: inside a hook they point at
 * the user's repository and index.
 */
export interface ScratchRepo {
  /** Stage these paths (`git add`), or every file with `--all`. */
  add(paths: readonly string[]): Promise<void>
  /** Commit what is staged, without running hooks: the guard already judged it. */
  commit(message: string): Promise<void>
  /** The paths the last commit tracks. */
  trackedPaths(): Promise<string[]>
}

/** `git init` in `dir` with the demo's own identity and no signing. */
export async function initScratchRepo(dir: string): Promise<ScratchRepo> {
  const git: SimpleGit = simpleGit({ baseDir: dir })
  await git.init(['--initial-branch=main', '--quiet'])
  await git.addConfig('user.name', 'precommit-guard demo')
  await git.addConfig('user.email', 'demo@example.invalid')
  await git.addConfig('commit.gpgsign', 'false')
  return {
    async add(paths) {
      await git.add([...paths])
    },
    async commit(message) {
      await git.commit(message, undefined, { '--no-verify': null })
    },
    async trackedPaths() {
      const listed = await git.raw(['ls-files', '-z'])
      return listed.split('\0').filter((path) => path !== '')
    },
  }
}
