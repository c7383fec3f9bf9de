// `node bench/history-memory.mjs [commits]`: peak memory of `precommit-guard history` on a
// generated repository of many commits (60,000 by default), built in seconds with
// `git fast-import`. Prints the peak resident set size of the guard's Node process, read from
// `/usr/bin/time -v` (Linux). Measures the BUILT CLI: run `npm run build` first.
import { Buffer } from 'node:buffer'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CLI = join(ROOT, 'dist', 'cli.js')
const COMMITS = Number(process.argv[2] ?? 60000)
const FILES_PER_COMMIT = 4
const PATHS = 6000
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  LC_ALL: 'C',
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 28, ...options })
  if (result.status !== 0 && !options.okCodes?.includes(result.status)) {
    throw new Error(`${cmd} ${args.join(' ')}: exit ${result.status}\n${result.stderr}`)
  }
  return result
}

/** A fast-import stream: COMMITS commits on main, each changing a few of PATHS files. */
function fastImportStream() {
  const parts = []
  const when = 1_600_000_000
  for (let c = 1; c <= COMMITS; c++) {
    const message = `Change ${c}: adjust the handling of module ${c % 997} and its tests\n`
    parts.push(
      'commit refs/heads/main\n',
      `committer Bench <bench@example.com> ${when + c * 60} +0000\n`,
      `data ${Buffer.byteLength(message)}\n${message}`,
    )
    for (let f = 0; f < FILES_PER_COMMIT; f++) {
      const n = (c * 7 + f * 1013) % PATHS
      const path = `src/package_${n % 40}/subpackage_${n % 13}/module_${n}.py`
      const body = `value = ${c * 10 + f}\n`
      parts.push(`M 100644 inline ${path}\ndata ${body.length}\n${body}`)
    }
    // A secret committed now and then, so `history` has leaks to report.
    if (c % 5000 === 0) {
      const secret = `API_KEY=bench-${c}\n`
      parts.push(`M 100644 inline services/s${c}/.env\ndata ${secret.length}\n${secret}`)
    }
    parts.push('\n')
  }
  return parts.join('')
}

const repo = join(tmpdir(), `precommit-guard-history-bench-${COMMITS}`)
if (!existsSync(join(repo, '.git', 'refs', 'heads', 'main'))) {
  mkdirSync(repo, { recursive: true })
  run('git', ['init', '-q', '-b', 'main', repo])
  const started = Date.now()
  run('git', ['fast-import', '--quiet'], { cwd: repo, input: fastImportStream() })
  run('git', ['reset', '-q', '--hard', 'main'], { cwd: repo })
  process.stderr.write(`built ${COMMITS} commits in ${Date.now() - started} ms: ${repo}\n`)
}

// The guard's own process reports its peak at exit; `time -v` gives the largest process of the
// run, which is the guard or the `git log` it streams from.
const preload = join(tmpdir(), 'precommit-guard-maxrss.mjs')
writeFileSync(
  preload,
  "import { writeSync } from 'node:fs'\n" +
    "process.on('exit', () => writeSync(2, `guard-max-rss-kb ${process.resourceUsage().maxRSS}\\n`))\n",
)
const timed = run(
  '/usr/bin/time',
  ['-v', process.execPath, '--import', preload, CLI, 'history', '--format', 'json'],
  { cwd: repo, okCodes: [1] },
)
const mb = (pattern) => Math.round(Number(pattern.exec(timed.stderr)?.[1]) / 1024)
const report = {
  commits: COMMITS,
  leaks: JSON.parse(timed.stdout).leaks.length,
  guardPeakRssMb: mb(/guard-max-rss-kb (\d+)/),
  largestProcessPeakRssMb: mb(/Maximum resident set size \(kbytes\): (\d+)/),
  elapsed: /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.+)/.exec(timed.stderr)?.[1],
}
writeFileSync(process.stdout.fd, `${JSON.stringify(report)}\n`)
