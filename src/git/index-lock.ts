import { randomBytes } from 'node:crypto'
import { closeSync, copyFileSync, existsSync, openSync, renameSync, unlinkSync } from 'node:fs'
import type { GitContext } from './exec.js'

/** `<index>.lock` exists: another git process is writing the index, or one crashed. */
export class IndexLockHeld extends Error {
  constructor(readonly lock: string) {
    super(`${lock} exists`)
  }
}

/**
 * Change the index the way git does, under its lock: `<index>.lock` is created exclusively
 * (any other git process that would write the index now refuses), `verify` confirms the index
 * is still the one the plan was made on, `work` runs git against a private copy, `commit` does
 * whatever must succeed too (the `.gitignore`), and only then does the copy become the index,
 * renamed through the lock as git commits it. Any failure leaves the index as it was.
 */
export async function changeIndexLocked(
  ctx: GitContext,
  indexFile: string,
  steps: {
    verify: () => Promise<void>
    work: (copy: GitContext) => Promise<void>
    commit: () => void
  },
): Promise<void> {
  const lock = `${indexFile}.lock`
  let fd: number
  try {
    fd = openSync(lock, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    throw new IndexLockHeld(lock)
  }
  const copy = `${indexFile}.precommit-guard-${process.pid}-${randomBytes(4).toString('hex')}`
  let open = true
  let committed = false
  try {
    await steps.verify()
    if (existsSync(indexFile)) copyFileSync(indexFile, copy)
    await steps.work({ ...ctx, env: { ...ctx.env, GIT_INDEX_FILE: copy } })
    steps.commit()
    closeSync(fd)
    open = false
    renameSync(copy, lock)
    renameSync(lock, indexFile)
    committed = true
  } finally {
    if (!committed) {
      if (open) closeSync(fd)
      for (const leftover of [copy, lock]) {
        try {
          unlinkSync(leftover)
        } catch {
          // Not created, or already renamed.
        }
      }
    }
  }
}
