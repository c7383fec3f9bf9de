import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The root `.gitignore` as it is now; '' when there is none (or it cannot be read). */
export function readRootGitignore(top: string): string {
  try {
    return readFileSync(join(top, '.gitignore'), 'utf8')
  } catch {
    // No readable root .gitignore: plan against no rules (the lines are then all new).
    return ''
  }
}

/** A working-tree file's text (e.g. the local `.env` beside a template), or undefined. */
export function readWorktreeFile(top: string, relPath: string): string | undefined {
  try {
    return readFileSync(join(top, relPath), 'utf8')
  } catch {
    // Missing or not a readable file: nothing to compare against.
    return undefined
  }
}

/** A working-tree file's bytes, or undefined when it is missing or not a regular file. */
export function readWorktreeBytes(top: string, relPath: string): Buffer | undefined {
  try {
    return readFileSync(join(top, relPath))
  } catch {
    // Missing, a directory, or unreadable: there is no content to judge.
    return undefined
  }
}
