/**
 * Two families, one handler in `cli.ts`:
 * - `GuardError` and its subclasses: the user's input or environment is wrong (usage,
 *   configuration, not a repository, git failing). One line and a hint on stderr, exit 2.
 * - `InternalError` (and anything else thrown): a bug in the guard. It fails closed: the
 *   commit stops, and the message says how to get past it on purpose and where to report it.
 */
export class GuardError extends Error {
  readonly exitCode: number = 2
  /** What the user can do about it, appended to the one-line message. */
  readonly hint: string | undefined
  constructor(message: string, hint?: string) {
    super(message)
    this.name = new.target.name
    this.hint = hint
  }
}

export class UsageError extends GuardError {}

/** A configuration file that cannot be read, parsed or validated; one line names file and key. */
export class ConfigError extends GuardError {}

export class NotARepoError extends GuardError {
  constructor(cwd: string) {
    super(
      `not inside a git repository (${cwd})`,
      'run it from a repository, or create one with `git init`',
    )
  }
}

export class GitMissingError extends GuardError {
  constructor() {
    super('git was not found on PATH', 'install git, or add it to PATH for this shell or hook')
  }
}

export class GitError extends GuardError {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly code: number | null,
  ) {
    const firstLine = stderr.trim().split('\n')[0] ?? ''
    super(
      `\`git ${args.slice(0, 3).join(' ')}\` failed (exit ${code}): ${firstLine || 'no message'}`,
    )
  }
}

/** A file name that is not valid UTF-8: no exact command can be printed for it, so stop. */
export class UndecodableNameError extends GuardError {
  /** The name as decoded lossily, for the message. */
  readonly shown: string
  constructor(shown: string) {
    super(
      `a file name is not valid UTF-8 (${JSON.stringify(shown)}), so no exact recovery command can be printed for it`,
      'rename it to UTF-8 (git mv) or unstage it (git rm --cached), then commit again; to commit it anyway: git commit --no-verify',
    )
    this.shown = shown
  }
}

/**
 * A bug in the guard, or output from git it does not understand. Deliberately not a
 * GuardError: it is reported as an internal error, never as a mistake of the user's.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InternalError'
  }
}

/**
 * What a terminal may act on instead of showing: C0 and C1 controls, DEL, and the Unicode
 * format characters that reorder or hide text (bidi overrides and isolates, zero-width marks,
 * line and paragraph separators, the byte-order mark).
 */
export const UNSAFE_FOR_TERMINAL =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/

const UNSHOWABLE = new RegExp(UNSAFE_FOR_TERMINAL.source, 'gu')

/**
 * Text that is shown, not run (a name or argument in an error, a commit subject, a rule's
 * pattern): every character a terminal could act on is written as a visible `\xNN` or `\uNNNN`.
 */
export function printable(text: string): string {
  return text.replace(UNSHOWABLE, (char) => {
    const code = char.codePointAt(0)!
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`
  })
}
