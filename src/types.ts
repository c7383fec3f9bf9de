/** Shared data shapes. Findings are data; wording is produced only in report/messages.ts. */

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

export interface Finding {
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
  /** Lines to put in the file, or commands to run, printed bare (never run by --fix). */
  fix?: string[]
}

export type Mode = 'staged' | 'all' | 'range' | 'pre-receive'
