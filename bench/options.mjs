import { parseArgs } from 'node:util'

/** Repository sizes and run counts: the full benchmark, or a smoke run for CI (< 1 min). */
const FULL = { committed: 100_000, staged: 100_000, venv: 3_000, pycache: 1_000, stage: 1_000 }
const QUICK = { committed: 5_000, staged: 5_000, venv: 300, pycache: 100, stage: 1_000 }

const HELP = `Usage: npm run bench -- [--quick] [--runs N] [--no-peers] [--keep]

  --quick      small repositories and 3 runs: a smoke test (< 1 min)
  --runs N     timed runs per tool and scenario, after one warm-up (default 7, quick 3)
  --no-peers   measure the floor and the guard only
  --keep       keep the generated repositories (their folder is printed)
`

export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) return { help: HELP }
  const runs = values.runs === undefined ? (values.quick ? 3 : 7) : Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer`)
  return {
    quick: values.quick,
    runs,
    peers: !values['no-peers'],
    keep: values.keep,
    sizes: values.quick ? QUICK : FULL,
    // A peer that has not finished by then is reported as timed out, not waited for.
    peerTimeoutMs: values.quick ? 8_000 : 120_000,
  }
}
