import { shellQuote, visible } from '../recovery/quote.js'
import type { DoctorResult, DoctorRoute } from '../types.js'

const ROUTES: Record<DoctorRoute, string> = {
  husky: 'husky',
  'lint-staged': 'husky running lint-staged',
  'pre-commit': 'the pre-commit framework',
  'plain-hook': 'a plain git hook',
}

const inDir = (dir: string, command: string) =>
  dir === '' ? command : `cd ${shellQuote(dir)} && ${command}`

/** `doctor`'s answer: active or not, through what, and what to run when it is not. */
export function renderDoctor(result: DoctorResult): string {
  const out: string[] = [
    result.active
      ? 'precommit-guard is active in this clone'
      : 'precommit-guard is NOT active in this clone: commits here are not checked',
  ]
  const hooksPath = result.hooksPath
    ? `core.hooksPath = ${visible(result.hooksPath)}`
    : '.git/hooks'
  if (result.wiring) {
    const { route, source, runsGuard } = result.wiring
    out.push(
      `  route: ${ROUTES[route]} (${hooksPath}; ${visible(source)} ${runsGuard ? 'runs' : 'does not run'} precommit-guard)`,
    )
  } else {
    out.push(`  route: none (no pre-commit hook installed in ${hooksPath})`)
  }
  if (result.guard) {
    out.push(
      `  guard: ${result.guard.version ?? 'unknown version'} (${visible(result.guard.where)})`,
    )
  } else if (result.wiring) {
    out.push('  guard: not found (not in node_modules/.bin, not on PATH)')
  }
  out.push(
    `  merge commits (git merge): ${result.mergeJudged ? 'judged (pre-merge-commit)' : 'not judged: no pre-merge-commit hook runs the guard'}`,
  )
  const config = result.configuration
  out.push(
    `  configuration: ${config.error ? `error: ${visible(config.error)}` : config.file ? visible(config.file) : 'defaults (no configuration file)'}`,
  )
  if (result.huskyOff) out.push('  HUSKY=0 is set in this environment: husky skips every hook')
  const huskyRoute = result.wiring?.route === 'husky' || result.wiring?.route === 'lint-staged'
  if (!result.active) {
    if (result.huskyOff && huskyRoute && result.wiring?.runsGuard) {
      out.push(
        'to activate it, unset HUSKY (or set HUSKY=1) in the environment your commits run in',
      )
    } else if (result.dormant.length > 0) {
      out.push('to activate it, run (from the top of the repository):')
      for (const setup of result.dormant) {
        out.push(
          `  ${inDir(setup.packageDir, setup.run)}   # ${ROUTES[setup.route]}, set up in ${visible(setup.source)}`,
        )
      }
    } else if (result.wiring?.runsGuard && !result.guard) {
      out.push(
        'to activate it, install the guard where the hook finds it: npm install --save-dev precommit-guard',
      )
    } else {
      out.push('this repository has no precommit-guard set-up: run precommit-guard init')
    }
  }
  return `${out.join('\n')}\n`
}
