import { InternalError } from '../errors.js'
import { PINNED_LS_FILES_OPTIONS, runGit, type GitContext } from './exec.js'
import { OBJECT_ID, OBJECT_ID_DIGITS } from './ids.js'

/** The empty blob in SHA-1 and SHA-256 repositories: nothing to read, size 0. */
export const EMPTY_BLOBS: ReadonlySet<string> = new Set([
  'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
  '473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813',
])

function oidInput(oids: Iterable<string>): string {
  let input = ''
  for (const oid of new Set(oids)) {
    // Only object ids go to stdin: a name there would be resolved as a revision.
    if (!OBJECT_ID.test(oid)) throw new InternalError(`not an object id: ${JSON.stringify(oid)}`)
    input += `${oid}\n`
  }
  return input
}

/**
 * The content of staged blobs, by object id: one `git cat-file --batch` process, ids on stdin
 * (never on the command line). This is the index's content, not the working copy's.
 */
export async function readBlobs(
  ctx: GitContext,
  oids: Iterable<string>,
): Promise<Map<string, Buffer>> {
  const input = oidInput(oids)
  const blobs = new Map<string, Buffer>()
  if (input === '') return blobs
  const { bytes } = await runGit(ctx, ['cat-file', '--batch'], { input })
  const names = input.slice(0, -1).split('\n')
  parseBatch(bytes, names).forEach((answer, i) => {
    if (!answer) return
    // Asked by id, the answer names the same id: anything else is not our question's answer.
    if (answer.oid !== names[i]) {
      throw new InternalError(
        `\`git cat-file --batch\` answered ${answer.oid} for ${JSON.stringify(names[i])}`,
      )
    }
    blobs.set(answer.oid, answer.content)
  })
  return blobs
}

/** One answer of `git cat-file --batch`: the object found for a name. */
interface BatchAnswer {
  oid: string
  type: string
  content: Buffer
}

const BATCH_HEADER = new RegExp(`^(${OBJECT_ID_DIGITS}) ([a-z]+) (\\d+)$`)
const SUBMODULE = new RegExp(`^${OBJECT_ID_DIGITS} submodule$`)

/**
 * Parse `git cat-file --batch` output for the `names` sent on its stdin, one answer per name
 * in input order: `<oid> <type> <size>\n<size bytes>\n`, or no object, undefined here (`<name>
 * missing`, or `<oid> submodule` for a gitlink named by path: git keeps no object for it). A
 * missing object is an answer (a partial clone, an index entry written by hand); anything
 * else, a truncated record or output left over, throws (fail closed).
 * @example parseBatch(Buffer.from(`${oid} blob 2\nhi\n`), [oid])
 */
export function parseBatch(bytes: Buffer, names: readonly string[]): (BatchAnswer | undefined)[] {
  const answers: (BatchAnswer | undefined)[] = []
  let pos = 0
  for (const name of names) {
    const eol = bytes.indexOf(10, pos)
    const header = bytes.subarray(pos, eol === -1 ? bytes.length : eol).toString('utf8')
    const match = eol === -1 ? null : BATCH_HEADER.exec(header)
    const end = match ? eol + 1 + Number(match[3]) : -1
    if (match && bytes[end] === 10) {
      answers.push({ oid: match[1]!, type: match[2]!, content: bytes.subarray(eol + 1, end) })
      pos = end + 1
    } else if (eol !== -1 && (header === `${name} missing` || SUBMODULE.test(header))) {
      answers.push(undefined)
      pos = eol + 1
    } else {
      throw new InternalError(
        `unexpected \`git cat-file --batch\` answer ${JSON.stringify(header.slice(0, 120))} for ${JSON.stringify(name)}`,
      )
    }
  }
  if (pos !== bytes.length) {
    throw new InternalError(
      `unexpected \`git cat-file --batch\` output after ${names.length} answers: ${JSON.stringify(bytes.subarray(pos, pos + 80).toString('utf8'))}`,
    )
  }
  return answers
}

/**
 * Sizes of blobs by object id, from one `git cat-file --batch-check --buffer` process (ids on
 * stdin). Only the object headers are read.
 */
export async function readBlobSizes(
  ctx: GitContext,
  oids: Iterable<string>,
): Promise<Map<string, number>> {
  const input = oidInput(oids)
  const sizes = new Map<string, number>()
  if (input === '') return sizes
  const { stdout } = await runGit(ctx, ['cat-file', '--batch-check', '--buffer'], { input })
  for (const line of stdout.split('\n')) {
    const [oid = '', type = '', size = ''] = line.split(' ')
    if (type === 'blob') sizes.set(oid, Number(size))
  }
  return sizes
}

/**
 * The size git recorded in the index for every entry (the file's size when it was staged), from
 * one `git ls-files --debug -z`: no object is opened. Used to pick the few entries worth a
 * `cat-file` look on a huge stage. Each record is `path\0` and five `\n`-ended debug lines,
 * the last `  size: N\tflags: F`. The index keeps 32 bits of the size, so a file of 4 GiB or more
 * may look small here: the caller trusts a small size only where the file on disk agrees.
 */
export async function readIndexSizes(ctx: GitContext): Promise<Map<string, number>> {
  const { stdout } = await runGit(ctx, [
    'ls-files',
    '--debug',
    '-z',
    ...PINNED_LS_FILES_OPTIONS,
    '--',
    ':(top)',
  ])
  const sizes = new Map<string, number>()
  let pos = 0
  while (pos < stdout.length) {
    const nul = stdout.indexOf('\0', pos)
    if (nul === -1) break
    let eol = nul
    for (let line = 0; line < 4 && eol !== -1; line++) eol = stdout.indexOf('\n', eol + 1)
    const end = eol === -1 ? -1 : stdout.indexOf('\n', eol + 1)
    if (end === -1) break
    const match = /size: (\d+)/.exec(stdout.slice(eol + 1, end))
    sizes.set(stdout.slice(pos, nul), match ? Number(match[1]) : 0)
    pos = end + 1
  }
  return sizes
}

/**
 * Blobs named `<commit>:<path>` (a file as a commit holds it), in input order, from one
 * `git cat-file --batch`. A name holding a newline cannot be sent on stdin: it comes back
 * undefined, as does a missing object, and the caller keeps its finding as it is.
 */
export async function readBlobsAt(
  ctx: GitContext,
  refs: readonly { commit: string; path: string }[],
): Promise<(Buffer | undefined)[]> {
  const sendable = refs.map(({ commit, path }) => OBJECT_ID.test(commit) && !path.includes('\n'))
  const input = refs
    .filter((_, i) => sendable[i])
    .map(({ commit, path }) => `${commit}:${path}\n`)
    .join('')
  const out: (Buffer | undefined)[] = refs.map(() => undefined)
  if (input === '') return out
  const { bytes } = await runGit(ctx, ['cat-file', '--batch'], { input })
  const answers = parseBatch(bytes, input.slice(0, -1).split('\n'))
  let next = 0
  for (let i = 0; i < refs.length; i++) {
    if (!sendable[i]) continue
    const answer = answers[next++]
    if (answer?.type === 'blob') out[i] = answer.content
  }
  return out
}
