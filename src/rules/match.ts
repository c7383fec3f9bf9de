import picomatch from 'picomatch'
import type { CategoryId, Finding, MatchOptions, Severity, StagedEntry } from '../types.js'
import { allowedBy, compileAllow } from './allow.js'
import { BUILTIN_GLOB_SOURCES } from './builtin-globs.js'
import { CATEGORIES, VENV_MARKER_RULE_ID, ruleIdOf, type RuleRow } from './categories.js'
import { findVenvDirs, venvLookup, type DiskProbe } from './venv.js'

interface CompiledRow {
  category: CategoryId
  severity: Exclude<Severity, 'off'>
  /** Lower wins: severity first, then table order. */
  rank: number
  ruleId: string
  glob: string
  test: (name: string) => boolean
  /** `test` as a `.gitignore` line would match (folded under core.ignorecase). */
  ignoreTest: (name: string) => boolean
  except?: (rest: string) => boolean
}

interface DirHit {
  row: CompiledRow
  /** The matched directory, repository-relative. */
  dir: string
}

export interface Matcher {
  /**
   * `skip`: rule ids left out, e.g. the content-gated credential rows once a blob showed no
   * key, so that whatever else matches the path (a config rule, `build`) still applies.
   * `staged`: the other staged paths, when `entries` is part of a stage (explain judges one
   * path): a venv marker among them makes its directory a venv, as in the check.
   */
  judge(
    entries: readonly StagedEntry[],
    probe?: DiskProbe,
    skip?: ReadonlySet<string>,
    staged?: readonly string[],
  ): Finding[]
  /** The gitignore lines of a rule id (empty for detector and unknown rules). */
  gitignoreOf(ruleId: string): readonly string[]
  isAllowed(path: string): boolean
  /** The allow-list glob that lets `path` pass, if any (for `explain`). */
  allowedBy(path: string): string | undefined
  /** The configured allow-list, as written. */
  readonly allowList: readonly string[]
  /**
   * Whether a category line could ignore `path`: the rules with their exceptions, allow-list
   * and templates set aside. Innocent paths outside this set cannot be caught by our lines.
   */
  couldMatch(path: string): boolean
}

const GITLINK = '160000'

/** Names that only hold a directory's place in git. */
const PLACEHOLDERS: ReadonlySet<string> = new Set(['.gitkeep', '.keep'])

/**
 * git's own per-directory files: an `uploads/.gitignore` holding `*` and `!.gitignore` keeps the
 * folder and its contents out, so it is never an upload, a log or build output. A virtualenv's
 * `.gitignore` (written by `python -m venv`) is part of the venv all the same.
 */
const GIT_FILES: ReadonlySet<string> = new Set(['.gitignore', '.gitattributes'])

/** Categories whose directory rules a Python package (`__init__.py`) is exempt from. */
const PACKAGE_BLIND: ReadonlySet<string> = new Set<CategoryId>(['venv', 'build'])

const PACKAGE_MARKERS = ['__init__.py', '__init__.pyi']

/**
 * Which directories are Python packages: an `__init__.py` or `__init__.pyi` among the judged or
 * staged paths, or on disk. typeshed's `stdlib/venv/`, pip's `operations/build/` are source.
 */
function packageTest(
  entries: readonly StagedEntry[],
  staged: readonly string[] | undefined,
  probe: DiskProbe | undefined,
  nocase: boolean,
): (dir: string) => boolean {
  const fold = nocase ? (text: string) => text.toLowerCase() : (text: string) => text
  const inits = new Set<string>()
  for (const path of [...entries.map((entry) => entry.path), ...(staged ?? [])]) {
    const slash = path.lastIndexOf('/')
    if (slash !== -1 && PACKAGE_MARKERS.includes(fold(path.slice(slash + 1)))) {
      inits.add(fold(path.slice(0, slash)))
    }
  }
  return (dir) =>
    inits.has(fold(dir)) ||
    (probe !== undefined && PACKAGE_MARKERS.some((marker) => probe.isFile(`${dir}/${marker}`)))
}

/** picomatch's regex source for a glob: precompiled for the built-in table, else compiled. */
function globSource(glob: string): string {
  return BUILTIN_GLOB_SOURCES[glob] ?? picomatch.makeRe(glob, { dot: true, windows: false }).source
}

/**
 * What `picomatch(globs, { dot: true, nocase, windows: false })` returns, built from the
 * precompiled sources: a name equal to a glob matches as written, as picomatch has it.
 */
function builtinMatcher(globs: readonly string[], nocase: boolean): (name: string) => boolean {
  const regex = new RegExp(globs.map(globSource).join('|'), nocase ? 'i' : '')
  return (name) => name !== '' && (globs.includes(name) || regex.test(name))
}

/** Compile the rule table once per run; `judge` is then linear in the number of paths. */
export function compileRules(options: MatchOptions = {}): Matcher {
  const nocase = options.ignoreCase ?? false
  const glob = (pattern: string | readonly string[]) =>
    picomatch(pattern as string | string[], { dot: true, nocase, windows: false })

  const fileRows: CompiledRow[] = []
  const dirRows: CompiledRow[] = []
  const gitignoreById = new Map<string, readonly string[]>()
  let venvRank: number | undefined
  let venvSeverity: Exclude<Severity, 'off'> = 'block'
  const templateTest = options.envTemplates?.length ? glob(options.envTemplates) : undefined

  CATEGORIES.forEach((category, order) => {
    const severity = options.severities?.[category.id] ?? category.severity
    if (severity === 'off') return
    const rank = (severity === 'block' ? 0 : 1000) + order * 10
    if ('detector' in category && category.detector === 'venv-markers') {
      venvRank = rank
      venvSeverity = severity
    }
    for (const row of category.rules as readonly RuleRow[]) {
      const ruleId = ruleIdOf(category.id, row)
      gitignoreById.set(ruleId, row.gitignore)
      const except = row.except ? builtinMatcher(row.except, nocase) : undefined
      const pattern = (row.dir ?? row.file)!
      const ignoreTest = builtinMatcher([pattern], nocase)
      // A venv is named exactly (`ENV`, never an `env/` source folder folded to it): only
      // its markers make a folder of another name a venv, whatever core.ignorecase says.
      const exact = category.id === 'venv' && nocase
      const compiled: CompiledRow = {
        category: category.id,
        severity,
        rank,
        ruleId,
        glob: pattern,
        test: exact ? builtinMatcher([pattern], false) : ignoreTest,
        ignoreTest,
        ...(except ? { except } : {}),
      }
      ;(row.dir !== undefined ? dirRows : fileRows).push(compiled)
    }
  })
  // `judgePath` stops at the first file row that cannot beat the best match so far.
  fileRows.sort((a, b) => a.rank - b.rank)
  // One regex over every file glob rejects most innocent base names in a single test.
  const anyFile = new RegExp(
    fileRows.map((row) => globSource(row.glob)).join('|') || '$^',
    nocase ? 'i' : '',
  )
  for (const rule of options.extraRules ?? []) gitignoreById.set(rule.id, rule.gitignore ?? [])
  const extra = (options.extraRules ?? []).map((rule) => ({ rule, test: glob(rule.pattern) }))
  const allowed = compileAllow(options.allow, nocase)

  /**
   * The best directory rule over a path's directories, memoised per directory, by `test`.
   * `isPackage` tells which directories are Python packages: those are source, never venv or
   * build output.
   */
  const dirHitter = (
    test: (row: CompiledRow, name: string) => boolean,
    isPackage: (dir: string) => boolean,
  ) => {
    const memo = new Map<string, DirHit | null>()
    const dirHit = (dir: string): DirHit | null => {
      if (dir === '') return null
      const known = memo.get(dir)
      if (known !== undefined) return known
      const slash = dir.lastIndexOf('/')
      let best = dirHit(slash === -1 ? '' : dir.slice(0, slash))
      const name = slash === -1 ? dir : dir.slice(slash + 1)
      for (const row of dirRows) {
        if (!test(row, name) || (best && row.rank >= best.row.rank)) continue
        if (PACKAGE_BLIND.has(row.category) && isPackage(dir)) continue
        best = { row, dir }
      }
      memo.set(dir, best)
      return best
    }
    return dirHit
  }
  const exactName = (row: CompiledRow, name: string) => row.test(name)
  // What a category's `.gitignore` line can catch: folded like git's own matching. Any
  // directory may be a package as far as `couldMatch` knows: it errs on the side of a line.
  const ignoredDirHit = dirHitter(
    (row, name) => row.ignoreTest(name),
    () => false,
  )

  const judgePath = (
    entry: StagedEntry,
    venvOf: (path: string) => string | undefined,
    skip: ReadonlySet<string> | undefined,
    dirHit: (dir: string) => DirHit | null,
  ): Finding | null => {
    const { path } = entry
    if (allowed(path)) return null
    const slash = path.lastIndexOf('/')
    const base = slash === -1 ? path : path.slice(slash + 1)
    let best: { row: CompiledRow; venvDir?: string } | null = null
    // `.gitkeep` and `.keep` hold a directory's place in git: never junk, whatever the folder.
    const placeholder = PLACEHOLDERS.has(base)

    const hit = placeholder ? null : dirHit(slash === -1 ? '' : path.slice(0, slash))
    const gitFile = GIT_FILES.has(base) && hit?.row.category !== 'venv'
    if (hit && !gitFile && !hit.row.except?.(path.slice(hit.dir.length + 1))) {
      best = { row: hit.row }
    }
    for (const row of anyFile.test(base) ? fileRows : []) {
      if (best && best.row.rank <= row.rank) break
      if (!row.test(base) || row.except?.(base) || skip?.has(row.ruleId)) continue
      if (row.category === 'env' && templateTest?.(base)) continue
      best = { row }
    }
    if (!placeholder && venvRank !== undefined && (!best || venvRank < best.row.rank)) {
      const venvDir = venvOf(path)
      if (venvDir !== undefined) {
        const row: CompiledRow = {
          category: 'venv',
          severity: venvSeverity,
          rank: venvRank,
          ruleId: VENV_MARKER_RULE_ID,
          glob: '',
          test: () => true,
          ignoreTest: () => true,
        }
        best = { row, venvDir }
      }
    }
    if (best) {
      return {
        code: best.venvDir !== undefined ? 'VENV_MARKER' : 'PATH_RULE',
        path,
        category: best.row.category,
        severity: best.row.severity,
        status: entry.status,
        ruleId: best.row.ruleId,
        ...(best.venvDir !== undefined ? { venvDir: best.venvDir } : {}),
      }
    }
    for (const { rule, test } of extra) {
      if (test(path)) {
        return {
          code: 'CONFIG_RULE',
          path,
          category: rule.id,
          severity: rule.severity,
          status: entry.status,
          ruleId: rule.id,
        }
      }
    }
    return null
  }

  return {
    judge(entries, probe, skip, staged) {
      const candidates = entries.filter((entry) => entry.mode !== GITLINK)
      const venvs =
        venvRank === undefined
          ? new Set<string>()
          : findVenvDirs(
              candidates.map((entry) => entry.path),
              probe,
              nocase,
              staged,
            )
      const findings: Finding[] = []
      const venvOf = venvLookup(venvs)
      const dirHit = dirHitter(exactName, packageTest(candidates, staged, probe, nocase))
      for (const entry of candidates) {
        const finding = judgePath(entry, venvOf, skip, dirHit)
        if (finding) findings.push(finding)
      }
      return findings
    },
    gitignoreOf: (ruleId) => gitignoreById.get(ruleId) ?? [],
    isAllowed: (path) => allowed(path),
    allowedBy: (path) => allowedBy(options.allow, path, nocase),
    allowList: options.allow ?? [],
    couldMatch(path) {
      const slash = path.lastIndexOf('/')
      if (ignoredDirHit(slash === -1 ? '' : path.slice(0, slash))) return true
      if (anyFile.test(slash === -1 ? path : path.slice(slash + 1))) return true
      return extra.some(({ test }) => test(path))
    },
  }
}
