import { PINNED_LS_FILES_OPTIONS, runGit, splitNul, type GitContext } from './exec.js'

/**
 * Every file of the work tree whose last segment is `name` (tracked, untracked or ignored),
 * top-relative and sorted. Ignored folders (`node_modules/`, `.venv/`) are not descended
 * into: git lists them as one `dir/` entry, which is dropped.
 */
export async function listFilesNamed(ctx: GitContext, name: string): Promise<string[]> {
  const pathspec = `:(top,glob)**/${name.replace(/[*?[\]\\]/g, '\\$&')}`
  const [visible, ignored] = await Promise.all([
    runGit(
      ctx,
      [
        'ls-files',
        '-z',
        ...PINNED_LS_FILES_OPTIONS,
        '-c',
        '-o',
        '--exclude-standard',
        '--',
        pathspec,
      ],
      { exactNames: true },
    ),
    runGit(
      ctx,
      [
        'ls-files',
        '-z',
        ...PINNED_LS_FILES_OPTIONS,
        '-o',
        '-i',
        '--exclude-standard',
        '--directory',
        '--',
        pathspec,
      ],
      { exactNames: true },
    ),
  ])
  const paths = new Set([...splitNul(visible.stdout), ...splitNul(ignored.stdout)])
  return [...paths].filter((path) => !path.endsWith('/')).sort()
}
