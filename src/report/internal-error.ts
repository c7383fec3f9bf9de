/**
 * The message for a bug in the guard itself (anything thrown that is not a GuardError).
 * Fail closed: the commit is stopped, and the one line says how to get past it on purpose
 * and where to report it. The stack is shown only with DEBUG, so a hook never dumps one.
 */
const ISSUES_URL = 'https://github.com/precommit-guard/precommit-guard/issues'

export function formatInternalError(error: unknown, debug: boolean): string {
  const message = error instanceof Error ? error.message : String(error)
  const firstLine = message.split('\n')[0] || 'no message'
  const line =
    `precommit-guard: internal error (${firstLine}); the commit was stopped to be safe. ` +
    `Report it at ${ISSUES_URL} (security problems: see SECURITY.md), with the output of ` +
    `DEBUG=1 precommit-guard; to commit anyway, deliberately: git commit --no-verify\n`
  const stack = debug && error instanceof Error && error.stack ? `${error.stack}\n` : ''
  return line + stack
}
