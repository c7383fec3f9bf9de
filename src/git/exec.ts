import { isUtf8 } from 'node:buffer'
import { spawn } from 'node:child_process'
import { GitError, GitMissingError, UndecodableNameError } from '../errors.js'

/**
 * Where and how git runs. `env` is passed through (hooks rely on GIT_INDEX_FILE); `runGit`
 * only adds OBJECT_TRUTH_ENV on top of it.
 */
export interface GitContext {
  cwd: string
  env: NodeJS.ProcessEnv
}

/**
 * Output-pinning options for every diff-like command (`diff`, `log --raw`): root-relative,
 * deterministic paths whatever the user's config says (diff.renames, diff.relative, colour,
 * external diff drivers), and full object names: the content checks read blobs by them, and
 * abbreviating makes git search the object store once per path (~130 ms of git's CPU on a
 * 100,000-path stage).
 */
export const PINNED_DIFF_OPTIONS = [
  '--no-renames',
  '--no-relative',
  '--no-ext-diff',
  '--no-color',
  '--no-abbrev',
] as const

/** Output-pinning options for every `ls-files`: paths relative to the top, whatever the cwd. */
export const PINNED_LS_FILES_OPTIONS = ['--full-name'] as const

export interface GitResult {
  stdout: string
  /** The same output as bytes (for `cat-file --batch`, whose sizes count bytes). */
  bytes: Buffer
  code: number
}

export interface RunOptions {
  /** Written to git's stdin (NUL-separated path lists go here, never on the command line). */
  input?: string | Buffer
  /** Exit codes that are answers rather than failures (e.g. 1 from `check-ignore`). */
  okCodes?: readonly number[]
  /** The output lists file names the guard will judge: refuse any that is not valid UTF-8. */
  exactNames?: boolean
}

/**
 * Every git process reads the objects as stored: replace refs (`refs/replace/*`, which anyone
 * may push) and grafts (`info/grafts`) would let one commit stand in for another, so that the
 * commit judged is not the commit kept. `/dev/null` is an empty graft file (also on Windows,
 * where git maps it to `nul`).
 */
const OBJECT_TRUTH_ENV = {
  GIT_NO_REPLACE_OBJECTS: '1',
  GIT_GRAFT_FILE: '/dev/null',
} as const

/**
 * The only function that spawns git. Unlike simple-git's `raw()`, every non-zero exit that
 * is not listed in `okCodes` rejects, whatever stderr says (the guard fails closed).
 */
export function runGit(ctx: GitContext, args: readonly string[], options: RunOptions = {}) {
  return runProcess('git', { ...ctx, env: { ...ctx.env, ...OBJECT_TRUTH_ENV } }, args, options)
}

/**
 * Spawn a program (git, or a project's own tool such as husky during `init`) and collect its
 * output. Non-zero exits not listed in `okCodes` reject with a GitError naming the command.
 */
export function runProcess(
  program: string,
  ctx: GitContext,
  args: readonly string[],
  options: RunOptions = {},
) {
  return new Promise<GitResult>((resolve, reject) => {
    const child = spawn(program, args, { cwd: ctx.cwd, env: ctx.env, stdio: 'pipe' })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' && program === 'git' ? new GitMissingError() : error)
    })
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8')
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) {
        const bytes = Buffer.concat(out)
        const bad = options.exactNames && !isUtf8(bytes) ? firstUndecodable(bytes) : undefined
        if (bad !== undefined) reject(new UndecodableNameError(bad))
        else resolve({ stdout: bytes.toString('utf8'), bytes, code })
      } else {
        reject(new GitError(args, stderr, code))
      }
    })
    // git may exit before reading all of stdin (e.g. a bad pathspec): that is reported by
    // the exit code above, so a broken pipe here carries no extra information.
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}

/**
 * Run git and hand its stdout to `onData` chunk by chunk, never holding all of it: for output
 * that grows with the history (`git log` of every commit). A throw from `onData` stops git
 * and rejects with that error; a non-zero exit rejects with a GitError as in `runGit`.
 * `config` goes before the command as `-c` options (left out of the error's wording); `input`
 * is written to its stdin. Objects are read as stored, as `runGit` reads them.
 */
export function streamGit(
  ctx: GitContext,
  args: readonly string[],
  onData: (chunk: Buffer) => void,
  config: readonly string[] = [],
  input = '',
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const configArgs = config.flatMap((setting) => ['-c', setting])
    const child = spawn('git', [...configArgs, ...args], {
      cwd: ctx.cwd,
      env: { ...ctx.env, ...OBJECT_TRUTH_ENV },
      stdio: 'pipe',
    })
    const err: Buffer[] = []
    let failure: Error | undefined
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return
      try {
        onData(chunk)
      } catch (error) {
        failure = error instanceof Error ? error : new Error(JSON.stringify(error))
        child.kill()
      }
    })
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new GitMissingError() : error)
    })
    child.on('close', (code) => {
      if (failure !== undefined) reject(failure)
      else if (code === 0) resolve()
      else reject(new GitError(args, Buffer.concat(err).toString('utf8'), code))
    })
    child.stdin.on('error', () => {})
    child.stdin.end(input)
  })
}

/**
 * How many git processes a command runs at once when it has one per ref or per tree: a push
 * of thousands of tags must not start thousands of processes (EAGAIN, and no faster on a
 * shared server).
 */
const GIT_CONCURRENCY = 4

/** `fn` over `items`, at most GIT_CONCURRENCY at a time; results in the items' order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(GIT_CONCURRENCY, items.length) }, worker))
  return results
}

/** Split `-z` output into fields; a trailing NUL ends the last field. */
export function splitNul(text: string): string[] {
  if (text === '') return []
  const fields = text.split('\0')
  if (fields[fields.length - 1] === '') fields.pop()
  return fields
}

/**
 * The first NUL-separated field that is not valid UTF-8, decoded lossily for the message.
 * git stores names as bytes; decoded, such a name would turn into U+FFFD and every command
 * printed for it would name a file that does not exist.
 */
function firstUndecodable(bytes: Buffer): string {
  let start = 0
  while (start <= bytes.length) {
    const end = bytes.indexOf(0, start) === -1 ? bytes.length : bytes.indexOf(0, start)
    const field = bytes.subarray(start, end)
    if (!isUtf8(field)) return field.toString('utf8')
    start = end + 1
  }
  return bytes.toString('utf8')
}
