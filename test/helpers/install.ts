import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLI, createRepo, type TestRepo } from './repo.js'

// Named one by one, so that tools reading imports and paths (knip) see both used.
const PACKAGES = {
  husky: fileURLToPath(new URL('../../node_modules/husky', import.meta.url)),
  'lint-staged': fileURLToPath(new URL('../../node_modules/lint-staged', import.meta.url)),
}

/**
 * Write an executable sh script at `path` that runs the built CLI with `args` (sh words,
 * default `"$@"`): a git hook, or a project's `node_modules/.bin/precommit-guard`. `prefix`
 * goes before `exec` on the same line (e.g. `PATH="…:$PATH"`).
 */
export function writeGuardScript(
  path: string,
  { args = '"$@"', prefix = '' }: { args?: string; prefix?: string } = {},
): void {
  mkdirSync(dirname(path), { recursive: true })
  const exec = `${prefix ? `${prefix} ` : ''}exec "${process.execPath}" "${CLI}" ${args}`
  writeFileSync(path, `#!/bin/sh\n${exec.trimEnd()}\n`)
  chmodSync(path, 0o755) // also when the file existed, whatever the umask
}

/**
 * Give the temporary project the locally built guard on `node_modules/.bin`, as
 * `npm install --save-dev precommit-guard` would, and optionally this checkout's husky and
 * lint-staged (linked, with their bins).
 */
export function installLocally(
  repo: TestRepo,
  { husky = false, lintStaged = false }: { husky?: boolean; lintStaged?: boolean } = {},
): void {
  const modules = join(repo.dir, 'node_modules')
  writeGuardScript(join(modules, '.bin/precommit-guard'))
  const link = (name: keyof typeof PACKAGES, bin: string) => {
    symlinkSync(PACKAGES[name], join(modules, name))
    symlinkSync(`../${name}/${bin}`, join(modules, '.bin', name))
  }
  if (husky) link('husky', 'bin.js')
  if (lintStaged) link('lint-staged', 'bin/lint-staged.js')
}

const CHECKOUT = fileURLToPath(new URL('../..', import.meta.url))

/** Copy every tracked file of this checkout, as it is on disk, into `dir`: what a clone holds. */
export function copyCheckoutInto(dir: string): void {
  execFileSync('sh', ['-c', `git -C "${CHECKOUT}" ls-files -z | xargs -0 cp --parents -t "${dir}"`])
}

/**
 * A repository of this checkout's tracked files at one commit: what the pre-commit framework
 * clones as the hook repository (so `git add` new source files before running it).
 */
export function snapshotCheckout(): { dir: string; rev: string } {
  const hookRepo = createRepo()
  copyCheckoutInto(hookRepo.dir)
  hookRepo.git(['add', '-A'])
  hookRepo.git(['commit', '-q', '-m', 'snapshot'])
  return { dir: hookRepo.dir, rev: hookRepo.git(['rev-parse', 'HEAD']).trim() }
}
