/** Every data shape that crosses a folder. Findings are data; report/ words them. */

export type Severity = 'block' | 'warn' | 'off'

export type CategoryId =
  | 'env'
  | 'bytecode'
  | 'venv'
  | 'upload'
  | 'log'
  | 'test-cache'
  | 'lint-cache'
  | 'editor'
  | 'build'
  | 'docker'
  | 'node'
  | 'credential'
  | 'env-template'
  | 'env-drift'
  | 'large-file'

/**
 * Status letters as `git diff --raw` prints them (A added, M modified, T type change,
 * C copied, U unmerged). `=` marks an index entry identical to HEAD (only seen with --all).
 */
export type EntryStatus = 'A' | 'M' | 'T' | 'C' | 'U' | '='

/** One path that is about to be committed, as read from git. */
export interface StagedEntry {
  /** Repository-relative path with `/` separators, exactly as git stores it. */
  path: string
  status: EntryStatus
  /** Octal mode of the index entry: 100644, 100755, 120000 (symlink), 160000 (gitlink). */
  mode: string
  /** Object id of the staged blob (absent when unknown): content is read from it, never the disk. */
  oid?: string
}

/**
 * What kind of finding it is; stable across releases (JSON and SARIF carry it), and the key
 * report/messages.ts words it by.
 */
export type FindingCode =
  | 'PATH_RULE'
  | 'VENV_MARKER'
  | 'CONFIG_RULE'
  | 'CREDENTIAL_CONTENT'
  | 'TEMPLATE_VALUE'
  | 'TEMPLATE_DRIFT'
  | 'LARGE_FILE'

export interface Finding {
  code: FindingCode
  path: string
  /** A CategoryId, or the id of a rule from configuration. */
  category: string
  severity: Exclude<Severity, 'off'>
  status: EntryStatus
  /** Which row of the rule table matched, e.g. `bytecode:__pycache__/` or `venv:markers`. */
  ruleId: string
  /** For detected virtualenvs of any name: the venv directory (repo-relative). */
  venvDir?: string
  /** `--range`/`--pre-receive`: the commits that added or modified the path, oldest first. */
  commits?: string[]
  /** A push: the refs that point at a tree holding the path (no commit holds it). */
  refs?: string[]
  /** Content findings (templates, drift, large files): where and what, never a secret value. */
  detail?: FindingDetail
}

export interface FindingDetail {
  /** env-template: the variable whose value looks real, and its 1-based line. */
  key?: string
  line?: number
  /** What it looks like, e.g. `OpenAI API key`. */
  kind?: string
  /** env-drift: keys of `.env` that the template lacks. */
  keys?: string[]
  /** large-file: the staged blob's size. */
  bytes?: number
  /**
   * env: whether the file's content was read and a real-looking value seen in it (`key`, `line`
   * and `kind` then say where and what, never the value); absent when it could not be read.
   */
  realValue?: boolean
  /** Lines to put in the file, or commands to run, printed bare (never run by --fix). */
  fix?: string[]
}

export type Mode = 'staged' | 'all' | 'range' | 'pre-receive' | 'pre-push'

/** The rule git applies to ignore a path: `source:line:pattern`, as `check-ignore -v` says. */
export interface IgnoreRule {
  source: string
  line: number
  pattern: string
}

/** A git command the recovery prints and `--fix` may run. */
export interface GitCommand {
  /** Arguments after `git`, exactly as `--fix` runs them. */
  args: string[]
  /** The same command, shell-quoted, for printing. */
  text: string
}

/** One thing to take out of the index: a file, or a directory whose entries all offend. */
export interface RecoveryUnit {
  /** Root-relative path; a directory has no trailing slash. */
  path: string
  isDir: boolean
  /** `git rm --cached` would refuse without -f (staged content differs from HEAD and file). */
  force: boolean
  findings: Finding[]
}

/**
 * How to take offenders out of commits that already exist (`--range`, `--pre-receive`).
 * - `amend`: every offender came in with one tip commit: untrack, then amend that commit.
 * - `rebase`: older commits too: an interactive rebase from before the oldest one, stopping
 *   (`edit`) at each offending commit to untrack its offenders and amend it.
 */
export interface RewritePlan {
  kind: 'amend' | 'rebase'
  /** `rebase`: the command that starts it; `amend`: undefined. */
  start?: GitCommand
  /** Per offending commit, oldest first: the commands to run at it (amend: the tip only). */
  stops: {
    commit: string
    commands: GitCommand[]
    /** The commit held only offenders: it is dropped (reset away), not amended empty. */
    drop: boolean
  }[]
}

/** What the recovery planner returns: the units, the printed commands and .gitignore lines. */
export interface Recovery {
  units: RecoveryUnit[]
  /** What must be done for the blocked findings; `--fix` runs exactly these. */
  commands: GitCommand[]
  gitignore: string[]
  /** For warned findings only: printed as optional, never run by `--fix`. */
  optionalCommands: GitCommand[]
  optionalGitignore: string[]
  /** Offenders no `.gitignore` line can name (a newline in the name): to be renamed instead. */
  unignorable: string[]
  /** `--range`/`--pre-receive` only: how to take the offenders out of the commits. */
  rewrite?: RewritePlan
}

/** The outcome of a check: findings and their recovery, data only (renderers word it). */
export interface Report extends Recovery {
  mode: Mode
  blocked: boolean
  findings: Finding[]
  /** Offenders that are ignored yet staged (`git add -f`, or tracked before the rule). */
  forceAdded: Map<string, IgnoreRule>
  /** Offenders a negation in a deeper `.gitignore` re-includes: root lines cannot ignore them. */
  reincluded: Map<string, IgnoreRule>
  /** Secret offenders (`env`, `credential`) already in a commit: rotate, then purge. */
  envInHead: string[]
  /** The hook runs on a temporary index (`git commit -a`, `git commit <paths>`). */
  temporaryIndex: boolean
  /** Run by the pre-commit framework (it sets `PRE_COMMIT=1`): its users skip a hook by id. */
  preCommitFramework: boolean
  /** The `message` of each configuration rule that has one, by rule id. */
  customMessages: ReadonlyMap<string, string>
  /** `--range`: where the configuration was read, and the range's own changes to it. */
  configuration?: RangeConfiguration
  /** A push: refs naming a blob (always refused) or a tree that holds findings. */
  objectRefs?: JudgedObjectRef[]
  /** The configuration file in use, where printed `allow` entries go; undefined: none yet. */
  configFile?: ConfigFile | undefined
  /** Whether that configuration already has an `allow` list. */
  hasAllow?: boolean
}

/** `--range` reads its configuration at the base of the range, never from the range itself. */
export interface RangeConfiguration {
  /** The file read; undefined: none there, so the built-in rules apply. */
  source?: string
  /** The base commit it was read at; undefined: the range has none (built-in rules). */
  at?: string
  /** Configuration files the range adds, changes or deletes: not applied to this run. */
  changed: string[]
}

/** A pushed ref that names a tree or a blob, as judged: a blob has no name to judge. */
export interface JudgedObjectRef extends ObjectRef {
  /** The tree's paths that have findings; empty for a blob. */
  paths: string[]
  /** Refused: every blob, and a tree holding a blocked path. */
  blocked: boolean
}

/** One commit as `git log --raw` lists it: what it added or modified. */
export interface LoggedCommit {
  id: string
  parents: string[]
  /** Committer date (YYYY-MM-DD) and subject: read only when asked for. */
  date?: string
  subject?: string
  entries: StagedEntry[]
  /** It deleted a path too: a change that taking offenders out of it must keep. */
  deletes?: boolean
}

/** A path added or modified by commits of a range, with the commits that did it. */
export interface CommittedEntry extends StagedEntry {
  /** Full ids of the commits that added or modified the path, oldest first. */
  commits: string[]
}

/** A pushed ref whose object, peeled through annotated tags, is a tree or a blob. */
export interface ObjectRef {
  ref: string
  kind: 'tree' | 'blob'
  /** The tree or blob itself (not the tag that may point at it). */
  oid: string
}

/** One line of a pre-receive hook's stdin: `<old> <new> <ref>` (githooks(5)). */
export interface RefUpdate {
  old: string
  new: string
  ref: string
}

interface LeakedCommit {
  commit: string
  date: string
  /** Undecodable bytes of the message are shown as `\xNN`. */
  subject: string
  pushed: boolean
  /**
   * At the edge of a shallow clone: its parents were not fetched, so it shows every file it
   * holds as added; the file may have been committed earlier.
   */
  shallowEdge?: true
}

/** One secret file found in history. */
export interface LeakedFile {
  path: string
  category: string
  /** Newest first, as `git log` lists them. */
  commits: LeakedCommit[]
  /** Some commit holding it is reachable from a remote-tracking ref. */
  pushed: boolean
  /** Still in the index (tracked): untrack it before purging. */
  tracked: boolean
}

/** What `history` found, and what it could search. */
export interface HistoryReport {
  leaks: LeakedFile[]
  /** A shallow clone's edge commits: history before them was not fetched, so not searched. */
  shallowEdges: string[]
  /** Remotes whose remote-tracking refs reach a leaked commit: each is purged from a mirror. */
  remotes: string[]
  /** A bare repository: no working tree, nothing to untrack. */
  bare: boolean
}

/** What `--fix` did. */
export interface FixResult {
  ran: string[]
  appended: string[]
  /** Nothing was staged: it fixed what `git commit -a` would commit (after a blocked one). */
  commitAll?: boolean
}

/** Why a path would be blocked, warned or passed: `explain`'s answer, as data. */
export type Explanation =
  | {
      path: string
      verdict: 'block' | 'warn'
      category: string
      ruleId: string
      code: FindingCode
      /** What matched: a segment, a base name, a venv marker, a configuration rule, or content. */
      why: ExplanationReason
      /** The configuration file in use, if any. */
      configSource: string | undefined
      /** The severity (or the rule itself) comes from that file, not from the defaults. */
      configured: boolean
      /** A block an `allow` entry lifts: the entry, and the file it goes into. */
      allow?: { entry: string; file: string; create: boolean }
    }
  | { path: string; verdict: 'allowed'; glob: string; configSource: string; otherwise?: string }
  | {
      path: string
      verdict: 'template'
      name: string
      glob: string
      configSource?: string
      /** Its content was read (staged or on disk) and holds placeholders only. */
      contentChecked?: boolean
    }
  | { path: string; verdict: 'off'; category: string; configSource: string }
  | {
      path: string
      verdict: 'preset'
      preset: EnvPreset
      /** Its content was read (staged or on disk) and holds no real-looking value. */
      contentChecked: boolean
    }
  | { path: string; verdict: 'pass'; configSource: string | undefined }

export type ExplanationReason =
  | { kind: 'segment'; segment: string; glob: string }
  | { kind: 'name'; name: string; glob: string; content?: string }
  | { kind: 'venv'; dir: string; marker: string | undefined }
  | { kind: 'config-rule'; pattern: string; message?: string }
  | { kind: 'template-value'; key: string; line: number; what: string }
  | { kind: 'template-drift'; keys: string[] }
  | { kind: 'size'; bytes: number }

/** Why `init` changes a file. */
export type InitReason =
  | 'lint-staged-task'
  | 'husky-prepare'
  | 'husky-prepare-and-lint-staged-task'
  | 'hook-runs-guard'
  | 'hook-runs-lint-staged'
  | 'hook-runs-guard-then-lint-staged'
  | 'merge-hook-runs-guard'
  | 'gitignore-block'
  | 'env-example'
  | 'pre-commit-entry'

/** How the hook reaches the guard in this repository. */
export type InitRoute = 'husky' | 'lint-staged' | 'pre-commit' | 'plain-hook'

/** One file `init` looked at: what it did (or, in a dry run, would do) to it. */
export interface InitFile {
  path: string
  why: InitReason
  action: 'create' | 'update' | 'unchanged'
  /** The lines the change adds (shown by a dry run). */
  added: string[]
}

/** What `init` leaves the user to do. */
export type InitNote =
  | { code: 'lint-staged-snippet'; file: string }
  | { code: 'pre-commit-snippet'; file: string }
  | { code: 'install-guard' | 'install-lint-staged' | 'install-husky'; packageDir: string }
  | { code: 'hooks-path-taken'; current: string; wanted: string }
  | { code: 'lint-staged-below-top'; packageDir: string }
  | { code: 'env-not-read'; file: string }

/** What `init` changed (or, in a dry run, would change). */
export interface InitResult {
  dryRun: boolean
  route: InitRoute
  /** The folder of the package.json that runs husky, top-relative ('' at the top). */
  packageDir: string
  files: InitFile[]
  /** `core.hooksPath` was set (by husky or for the plain hook) to this value. */
  activated: string | undefined
  /** The folder the plain hook lives in (plain-hook route). */
  hooksDir: string | undefined
  /** Each env file and the template beside it, after init. */
  templates: { env: string; template: string }[]
  notes: InitNote[]
}

/** A route `doctor` recognises: the same ones `init` sets up. */
export type DoctorRoute = InitRoute

/** A set-up the repository carries that is not active in this clone, and how to activate it. */
export interface DoctorFinding {
  route: DoctorRoute
  /** The file that carries it (`frontend/package.json`, `.pre-commit-config.yaml`, …). */
  source: string
  /** Where to run `run` from, top-relative ('' at the top). */
  packageDir: string
  run: string
}

/** Whether the guard is active in this clone, and through what. */
export interface DoctorResult {
  active: boolean
  /** `core.hooksPath` as configured, if set. */
  hooksPath: string | undefined
  /** The installed pre-commit hook: its route, the file naming the guard, whether it does. */
  wiring: { route: DoctorRoute; source: string; runsGuard: boolean } | undefined
  /** A merge commit (`git merge`) is judged too (pre-merge-commit). */
  mergeJudged: boolean
  /** The guard program the hook runs and its version. */
  guard: { where: string; version: string | undefined } | undefined
  configuration: { file: string | undefined; error?: string }
  /** `HUSKY=0` in this environment: husky skips every hook. */
  huskyOff: boolean
  dormant: DoctorFinding[]
}

/** A rule added by configuration (`rules`): a glob over the whole repository-relative path. */
export interface ExtraRule {
  id: string
  pattern: string
  severity: Exclude<Severity, 'off'>
  message?: string
  gitignore?: readonly string[]
}

/** How the path matcher is compiled: severities, the allow-list, extra rules and templates. */
export interface MatchOptions {
  severities?: Partial<Record<CategoryId, Severity>>
  allow?: readonly string[]
  extraRules?: readonly ExtraRule[]
  /** Extra env template names (config `envTemplates`), never flagged as `env`. */
  envTemplates?: readonly string[]
  ignoreCase?: boolean
}

/** Where a configuration was read from: the file a printed `allow` entry goes into. */
export interface ConfigFile {
  /** The name as printed in errors: the `--config` argument, or the root file's name. */
  name: string
  kind: 'json' | 'package-json' | 'pyproject' | 'toml'
}

/** A framework whose committed `.env` / `.env.[mode]` hold defaults by design. */
export type EnvPreset = 'Vite' | 'Symfony'

/** What the configuration file asks for, validated. */
export type ConfigRules = Omit<MatchOptions, 'ignoreCase'> & {
  /** `largeFile.threshold`, in bytes. */
  largeFileBytes?: number
  /** The file it came from (absent for rules handed to the library directly). */
  file?: ConfigFile
}

/**
 * Everything the planner needs to know, gathered beforehand from git and the disk by the
 * command that runs it. Planning itself reads nothing: the same facts give the same plan.
 */
export interface RecoveryFacts {
  /** The offenders to take out (content advice excluded: it is an edit, never a `git rm`). */
  findings: readonly Finding[]
  /** Every path the index (or the commits' trees) holds below the offenders' directories. */
  knownPaths: Iterable<string>
  /** Offenders that `git rm --cached` would refuse without -f. */
  needsForce: ReadonlySet<string>
  /** Offenders that git's own ignore rules already cover. */
  alreadyIgnored: ReadonlyMap<string, IgnoreRule>
  /** The root `.gitignore` as it is now ('' when missing). */
  rootGitignore: string
  /** Judged paths that are not offenders: appending our lines must never ignore them. */
  innocentPaths: readonly string[]
  gitignoreOf: (ruleId: string) => readonly string[]
  ignoreCase: boolean
  /** The configured `allow` list: the printed lines must not ignore what it keeps. */
  allow?: readonly string[]
  /**
   * `core.sparseCheckout`, or an offender with the skip-worktree bit (which git rm refuses
   * alike): `git rm` needs `--sparse` (plain removals and rewrites alike).
   */
  sparseCheckout: boolean
  /**
   * Skip-worktree offenders that are not on disk and whose staged content HEAD lacks: the
   * index holds their only copy, so it is written to disk before the entry is removed.
   */
  restoreFirst?: readonly string[]
  /**
   * `--range`/`--pre-receive`: the offenders are in commits, not (only) in the index; they
   * are taken out by amending the tip or by a rebase instead of a plain `git rm --cached`.
   */
  commits?: { walked: readonly LoggedCommit[]; amendable: readonly string[] }
}
