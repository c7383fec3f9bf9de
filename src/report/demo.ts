import type { Style } from './style.js'

/** The words around `demo`'s steps; the report in between is the real text report. */

export function renderDemoIntro(dir: string, files: readonly string[], style: Style): string {
  return [
    `${style.bold('precommit-guard demo')}: a throwaway repository in ${dir}`,
    `with these files staged: ${files.join(', ')}`,
    '',
    `${style.bold('$ git commit')}  (the pre-commit hook runs precommit-guard)`,
    '',
    '',
  ].join('\n')
}

export function renderDemoVerdict(blocked: boolean, style: Style): string {
  return [
    '',
    `exit code ${blocked ? 1 : 0}: the commit is ${blocked ? 'stopped' : 'allowed'}.`,
    '',
    `${style.bold('$ precommit-guard --fix')} then ${style.bold('git add .gitignore && git commit')}`,
    '',
  ].join('\n')
}

export function renderDemoOutcome(committed: readonly string[]): string {
  return [
    'committed:',
    ...committed.map((path) => `  ${path}`),
    'still on disk, untouched: .env, .venv/, app/__pycache__/, uploads/',
    '',
  ].join('\n')
}
