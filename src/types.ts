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

export type Mode = 'staged' | 'all' | 'range' | 'pre-receive'

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
  stops: { commit: string; commands: GitCommand[] }[]
}

/** What the recovery planner returns: the units, the printed commands and .gitignore lines. */
export interface Recovery {
  units: RecoveryUnit[]
  commands: GitCommand[]
  gitignore: string[]
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
  /** The `message` of each configuration rule that has one, by rule id. */
  customMessages: ReadonlyMap<string, string>
  /** The configuration file in use, where printed `allow` entries go; undefined: none yet. */
  configFile?: ConfigFile | undefined
  /** Whether that configuration already has an `allow` list. */
  hasAllow?: boolean
}

/** One commit as `git log --raw` lists it: what it added or modified. */
export interface LoggedCommit {
  id: string
  parents: string[]
  /** Committer date (YYYY-MM-DD) and subject: read only when asked for. */
  date?: string
  subject?: string
  entries: StagedEntry[]
}

/** A path added or modified by commits of a range, with the commits that did it. */
export interface CommittedEntry extends StagedEntry {
  /** Full ids of the commits that added or modified the path, oldest first. */
  commits: string[]
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
  subject: string
  pushed: boolean
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

/** What `--fix` did. */
export interface FixResult {
  ran: string[]
  appended: string[]
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
  | 'hook-runs-guard'
  | 'hook-runs-lint-staged'
  | 'gitignore-block'
  | 'env-example'

/** What `init` leaves the user to do. */
export type InitNote =
  | { code: 'lint-staged-not-json'; file: string }
  | { code: 'install-guard' | 'install-lint-staged' | 'install-husky' | 'no-package-json' }

/** What `init` changed (or, in a dry run, would change). */
export interface InitResult {
  dryRun: boolean
  changes: { path: string; why: InitReason }[]
  /** `core.hooksPath` was pointed at husky's hooks. */
  huskyActivated: boolean
  notes: InitNote[]
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
  /** The directory the commands are run from, relative to the top (`Repo.prefix`). */
  prefix: string
  /** `core.sparseCheckout`: `git rm` needs `--sparse` (plain removals and rewrites alike). */
  sparseCheckout: boolean
  /**
   * `--range`/`--pre-receive`: the offenders are in commits, not (only) in the index; they
   * are taken out by amending the tip or by a rebase instead of a plain `git rm --cached`.
   */
  commits?: { walked: readonly LoggedCommit[]; amendable: readonly string[] }
}
