import { basename } from 'node:path'
import { checkIgnoreRules, isRepositoryGitignore } from '../git/check-ignore.js'
import type { Repo } from '../git/repo.js'
import type { GitContext } from '../git/exec.js'
import { listChanged, listIndexPaths, listScopedIndex } from '../git/staged.js'
import type { Matcher } from '../rules/match.js'
import { topDirsOf } from '../rules/repo-path.js'
import type { Finding, IgnoreRule, RecoveryFacts, StagedEntry } from '../types.js'
import { beyondSymlink, isOnDisk } from '../worktree/files.js'
import { repositoryFacts } from './shared.js'

/**
 * What planning the staged recovery needs from git and the disk: what else the index holds
 * below the offenders, which offenders `git rm --cached` would refuse without -f, which git
 * already ignores or a deeper `.gitignore` re-includes, and the root `.gitignore`.
 */
export async function gatherStagedFacts(input: {
  repo: Repo
  matcher: Matcher
  entries: readonly StagedEntry[]
  removable: readonly Finding[]
  temporaryIndex: boolean
  haveWholeIndex: boolean
}): Promise<{
  facts: RecoveryFacts
  ignored: Map<string, IgnoreRule>
  reincluded: Map<string, IgnoreRule>
}> {
  const { repo, matcher, removable } = input
  const { ctx } = repo
  const offenderPaths = removable.map((finding) => finding.path)
  const topDirs = topDirsOf(offenderPaths)
  // Scope the working-tree diff to the offenders' top folders and files, so that a 100,000-path
  // stage does not make git stat every file of the working tree (at most 64 pathspecs).
  const topFiles = offenderPaths.filter((p) => !p.includes('/'))
  const scope = [...topDirs, ...topFiles]
  // The printed commands are pasted after the commit stopped, so they run against the real
  // index, not the temporary one git made for `commit -a` or `commit <paths>`: a folder is
  // removed whole only when neither index holds anything else in it, and -f is given only
  // where the real index would refuse without it.
  const real = input.temporaryIndex ? realIndexContext(ctx) : undefined
  // One `ls-files -v` of the index the user returns to lists what it holds below the offenders
  // and their bits; the temporary index, when there is one, is listed on its own.
  const [ownPaths, bits, worktreeChanged, realStaged, ignoreRules] = await Promise.all([
    input.haveWholeIndex
      ? input.entries.map((entry) => entry.path)
      : real && topDirs.length > 0
        ? listIndexPaths(ctx, topDirs)
        : [],
    listScopedIndex(real ?? ctx, scope),
    listChanged(real ?? ctx, scope, 'disk'),
    real ? listChanged(real, scope, 'head') : undefined,
    // git refuses a path beyond a symbolic link even to check-ignore, and never reads a
    // .gitignore there: such offenders are simply not ignored yet.
    checkIgnoreRules(ctx, repo.prefix, offenderPaths.filter(notBeyondSymlink(repo.top))),
  ])
  const knownPaths = input.haveWholeIndex && !real ? ownPaths : [...ownPaths, ...bits.paths]
  // `git rm --cached` refuses when the staged content differs from both HEAD and the file.
  // Beyond a symbolic link `git diff` sees the file as removed, yet `git rm` stats it through
  // the link and compares another file's stat with the entry: whether it refuses then depends
  // on inode reuse. Such an offender gets -f, so the printed line always runs (the working
  // tree is not touched either way).
  const beyond = beyondSymlink(repo.top)
  const needsForce = new Set(
    removable
      .filter((f) =>
        realStaged
          ? realStaged.has(f.path) && (worktreeChanged.has(f.path) || beyond(f.path))
          : f.status !== '=' && (worktreeChanged.has(f.path) || beyond(f.path)),
      )
      .map((f) => f.path),
  )
  // git rm refuses a skip-worktree entry unless given --sparse, and with either bit it does
  // not look at the disk: an offender missing there with staged content HEAD lacks would be
  // lost, so it is written out first.
  const restoreFirst = removable
    .filter(
      (f) =>
        (bits.skipWorktree.has(f.path) || bits.assumeUnchanged.has(f.path)) &&
        f.status !== '=' &&
        !isOnDisk(repo.top, f.path),
    )
    .map((f) => f.path)
  const base = repositoryFacts(
    repo,
    matcher,
    input.entries.map((entry) => entry.path),
    new Set(offenderPaths),
  )
  return {
    facts: {
      findings: removable,
      knownPaths,
      needsForce,
      // Only the repository's own .gitignore files protect a teammate's clone: an offender that
      // only info/exclude or a personal core.excludesFile ignores still gets its lines.
      alreadyIgnored: new Map(
        [...ignoreRules.ignored].filter(([, rule]) => isRepositoryGitignore(rule.source)),
      ),
      ...base,
      sparseCheckout: base.sparseCheckout || bits.skipWorktree.size > 0,
      ...(restoreFirst.length > 0 ? { restoreFirst } : {}),
    },
    ignored: ignoreRules.ignored,
    reincluded: ignoreRules.reincluded,
  }
}

function notBeyondSymlink(top: string): (path: string) => boolean {
  const beyond = beyondSymlink(top)
  return (path) => !beyond(path)
}

/**
 * Where git keeps the index the user returns to once a commit with a temporary index stops:
 * `commit -a` stages into `<index>.lock`, `commit <paths>` into `next-index-<pid>.lock` beside
 * the default index, which is used when GIT_INDEX_FILE is left out.
 */
function realIndexContext(ctx: GitContext): GitContext {
  const { GIT_INDEX_FILE: file = '', ...rest } = ctx.env
  const name = basename(file)
  if (name.endsWith('.lock') && !name.startsWith('next-index-')) {
    return { ...ctx, env: { ...rest, GIT_INDEX_FILE: file.slice(0, -'.lock'.length) } }
  }
  return { ...ctx, env: rest }
}
