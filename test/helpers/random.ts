import { createHash, createPrivateKey } from 'node:crypto'
import { beforeEach } from 'vitest'

/**
 * Random test inputs (keys that look real, certificates, big blobs) come from a seeded
 * generator, so that a failure can be replayed: a failing test prints the seed it ran with,
 * and PG_TEST_SEED=<n> runs with that seed instead of the fixed default.
 */
const SEED_VARIABLE = 'PG_TEST_SEED'
const TEST_SEED = parseSeed(process.env[SEED_VARIABLE])

function parseSeed(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 20261123
  const seed = Number(text)
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new Error(`${SEED_VARIABLE} must be an integer from 0 to 2^32-1, not ${text}`)
  }
  return seed
}

export interface Random {
  bytes(length: number): Buffer
  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet?: string): string
  /** A PKCS #8 PEM Ed25519 private key made from 32 of these bytes. */
  ed25519Pem(): string
  /** A PEM block labelled CERTIFICATE around 300 of these bytes (not a parseable one). */
  certificatePem(): string
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/**
 * A seeded generator for one test file; call it at the top level of the file. Values drawn
 * while the file is collected (tables, constants) follow from the seed and `scope`; before
 * each test the generator restarts from the seed and the test's full name, so a test draws the
 * same values however many others run before it (`-t`, `.only`). A failing test prints
 * `PG_TEST_SEED=<seed>`.
 */
export function seededRandom(scope: string, seed = TEST_SEED): Random {
  let next = sfc32(`${seed}\0${scope}`)
  beforeEach((context) => {
    next = sfc32(`${seed}\0${context.task.fullName}`)
    context.onTestFailed(() => {
      console.error(`random inputs: replay with ${SEED_VARIABLE}=${seed}`)
    })
  })
  const bytes = (length: number) => {
    const buffer = Buffer.alloc(length + 3)
    for (let i = 0; i < length; i += 4) buffer.writeUInt32LE(next(), i)
    return buffer.subarray(0, length)
  }
  return {
    bytes,
    string: (length, alphabet = ALNUM) => {
      let text = ''
      for (let i = 0; i < length; i++)
        text += alphabet[Math.floor((next() / 2 ** 32) * alphabet.length)]
      return text
    },
    ed25519Pem: () =>
      createPrivateKey({
        // The fixed PKCS #8 prefix of an Ed25519 key, then its 32-byte seed.
        key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), bytes(32)]),
        format: 'der',
        type: 'pkcs8',
      })
        .export({ format: 'pem', type: 'pkcs8' })
        .toString(),
    certificatePem: () =>
      `-----BEGIN CERTIFICATE-----\n${bytes(300).toString('base64')}\n-----END CERTIFICATE-----\n`,
  }
}

/** sfc32, a small fast generator of 32-bit integers, keyed by a SHA-256 of `key`. */
function sfc32(key: string): () => number {
  const digest = createHash('sha256').update(key).digest()
  let a = digest.readUInt32LE(0)
  let b = digest.readUInt32LE(4)
  let c = digest.readUInt32LE(8)
  let d = digest.readUInt32LE(12)
  return () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
}
