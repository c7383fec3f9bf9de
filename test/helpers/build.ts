import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** `npm run build` (tsc, then the bundle): dist/cli.js is what the git tests run. */
function build(): void {
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.error?.message ?? `exit ${result.status}`})`)
  }
}

/**
 * Global setup of the `git` project: build once before its first test, and again before each
 * re-run in watch mode, so that no test runs a dist/ older than src/.
 */
export default function setup(project: TestProject): void {
  build()
  project.onTestsRerun(() => build())
}
