import { runGit, type GitContext } from './exec.js'
import { OBJECT_ID } from './ids.js'

/**
 * For each remote, which of the `wanted` commits its remote-tracking refs reach (already
 * pushed there). One `for-each-ref`, then one `rev-list --stdin` per remote that has refs;
 * only the wanted ids are kept, however long the history.
 */
export async function commitsOnRemotes(
  ctx: GitContext,
  wanted: ReadonlySet<string>,
): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>()
  if (wanted.size === 0) return held
  const [names, refs] = await Promise.all([
    runGit(ctx, ['remote']),
    runGit(ctx, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/remotes/']),
  ])
  // Longest name first: remote `a/b` owns `refs/remotes/a/b/x`, not remote `a`.
  const remotes = names.stdout
    .split('\n')
    .filter((name) => name !== '')
    .sort((a, b) => b.length - a.length)
  const tips = new Map<string, string[]>()
  for (const line of refs.stdout.split('\n')) {
    const space = line.indexOf(' ')
    const [oid, ref] = [line.slice(0, space), line.slice(space + 1)]
    if (!OBJECT_ID.test(oid)) continue
    const remote = remotes.find((name) => ref.startsWith(`refs/remotes/${name}/`))
    if (remote !== undefined) tips.set(remote, [...(tips.get(remote) ?? []), oid])
  }
  await Promise.all(
    [...tips].map(async ([remote, oids]) => {
      const { stdout } = await runGit(ctx, ['rev-list', '--stdin'], {
        input: `${oids.join('\n')}\n`,
      })
      const reached = new Set<string>()
      for (const id of stdout.split('\n')) if (wanted.has(id)) reached.add(id)
      if (reached.size > 0) held.set(remote, reached)
    }),
  )
  return held
}
