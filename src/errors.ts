/**
 * One error family; `cli.ts` is the only place that turns these into a message and an exit
 * code. Every subclass here exits 2 (usage, configuration or environment).
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

/** A bug in the guard itself. Fails closed: the commit is stopped, never silently passed. */
export class InternalError extends GuardError {}

/** A configuration file that cannot be read, parsed or validated; one line names file and key. */
export class ConfigError extends GuardError {}

/** A file name that is not valid UTF-8: no exact command can be printed for it, so stop. */
export class UndecodableNameError extends GuardError {
  constructor(shown: string) {
    super(
      `a file name is not valid UTF-8 (${JSON.stringify(shown)}), so no exact recovery command can be printed for it`,
      'rename it to UTF-8 (git mv) or unstage it (git rm --cached), then commit again; to commit it anyway: git commit --no-verify',
    )
  }
}
