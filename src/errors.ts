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
 * Text typed by the user or read from a file, safe to put in a one-line message: control
 * characters (a newline, an escape sequence) are shown as `\u001b`, never sent to the terminal.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
}
