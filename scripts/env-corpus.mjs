// The env-template corpus: real `.env.example`-style files from public repositories, each
// labelled by reading it (`clean` or `secret`), judged through the built CLI as a user hits it.
//
//   npm run build && npm run corpus [-- --cache DIR] [manifest.json ...]
//
// The repository keeps only the list (fixtures/env-corpus/*.json: repo, path, commit, sha256,
// label, why); the files' text stays out of commits. Each file is taken from the cache
// (default .cache/env-corpus, one file per sha256) or downloaded from raw.githubusercontent.com
// at its commit, and its sha256 checked. Each is then staged at its original path in a scratch
// repository and judged by `dist/cli.js --format json`: it counts as blocked when an `env` or
// `env-template` finding blocks it.
//
// Prints the figures and every disagreement (repo, path, label, the finding's kinds; never a
// value). Exit 1 when more than 1 % of clean files are blocked, a secret file passes, or there
// are fewer than 150 distinct repositories; exit 2 on bad input.
import { execFileSync, spawn } from 'node:child_process'
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const MIN_REPOSITORIES = 150
const MAX_CLEAN_BLOCKED = 0.01
const PARALLEL = 2

/** Bad input: one clear line and exit 2 (see the end of the file), never a silent pass. */
class BadInput extends Error {}
function fail(message) {
  throw new BadInput(message)
}

function parseArgs(argv) {
  let cache = join(root, '.cache', 'env-corpus')
  const manifests = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--cache') {
      const dir = argv[++i]
      if (dir === undefined || dir === '') fail('--cache needs a directory')
      cache = resolve(dir)
    } else if (arg.startsWith('--cache=')) {
      cache = resolve(arg.slice('--cache='.length))
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${JSON.stringify(arg)} (use --cache DIR and manifest files)`)
    } else manifests.push(resolve(arg))
  }
  if (manifests.length === 0) {
    const dir = join(root, 'fixtures', 'env-corpus')
    if (!existsSync(dir)) fail(`no manifests: ${dir} does not exist`)
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.json')) manifests.push(join(dir, name))
    }
  }
  return { cache, manifests }
}

const ENTRY_KEYS = ['repo', 'path', 'commit', 'sha256', 'label', 'why']

/** The manifest's entries, or exit 2 naming the first thing wrong with it. */
function readManifest(file) {
  let entries
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    fail(`${file}: not readable JSON (${error.message})`)
  }
  if (!Array.isArray(entries)) fail(`${file}: expected a JSON array of entries`)
  entries.forEach((entry, index) => {
    const where = `${file}: entry ${index}`
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      fail(`${where}: not an object`)
    }
    const keys = Object.keys(entry).sort()
    if (keys.join() !== [...ENTRY_KEYS].sort().join()) {
      fail(`${where}: expected exactly the keys ${ENTRY_KEYS.join(', ')}`)
    }
    const { repo, path, commit, sha256, label, why } = entry
    if (typeof repo !== 'string' || !/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(repo)) {
      fail(`${where}: repo must be owner/name`)
    }
    if (
      typeof path !== 'string' ||
      path === '' ||
      path.startsWith('/') ||
      path.split('/').some((part) => part === '' || part === '.' || part === '..') ||
      /[\\]/.test(path) ||
      [...path].some((char) => char.charCodeAt(0) < 0x20)
    ) {
      fail(`${where}: path must be a plain relative path inside the repository`)
    }
    if (typeof commit !== 'string' || !/^[0-9a-f]{40}$/.test(commit)) {
      fail(`${where}: commit must be 40 lowercase hex digits`)
    }
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
      fail(`${where}: sha256 must be 64 lowercase hex digits`)
    }
    if (label !== 'clean' && label !== 'secret') fail(`${where}: label must be clean or secret`)
    if (typeof why !== 'string' || why.trim() === '') fail(`${where}: why must say why`)
  })
  return entries
}

const sha256Of = (bytes) => createHash('sha256').update(bytes).digest('hex')

/** The file's bytes from the cache, or downloaded into it; checked against its sha256. */
async function contentOf(entry, cache) {
  const cached = join(cache, entry.sha256)
  let bytes
  if (existsSync(cached)) {
    bytes = readFileSync(cached)
  } else {
    const url = `https://raw.githubusercontent.com/${entry.repo}/${entry.commit}/${entry.path
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`
    let response
    try {
      response = await globalThis.fetch(url)
    } catch (error) {
      fail(`${entry.repo} ${entry.path}: not in the cache and not downloadable (${error.message})`)
    }
    if (!response.ok) fail(`${entry.repo} ${entry.path}: download answered ${response.status}`)
    bytes = Buffer.from(await response.arrayBuffer())
    // The look-up tools that listed the file hand out its text with CRLF line ends as LF.
    const lf = Buffer.from(bytes.toString('utf8').replace(/\r\n/g, '\n'), 'utf8')
    if (sha256Of(bytes) !== entry.sha256 && sha256Of(lf) === entry.sha256) bytes = lf
    if (sha256Of(bytes) === entry.sha256) {
      mkdirSync(cache, { recursive: true })
      writeFileSync(cached, bytes)
    }
  }
  if (sha256Of(bytes) !== entry.sha256) {
    fail(`${entry.repo} ${entry.path}: sha256 mismatch (the file is not the one labelled)`)
  }
  return bytes
}

function run(command, args, options) {
  return new Promise((done) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    const out = []
    const err = []
    child.stdout.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    child.on('close', (code) =>
      done({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    )
  })
}

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
}

/** Stage the file at its original path in a fresh repository and ask the built CLI. */
async function judge(entry, bytes, scratch, cli) {
  const repo = mkdtempSync(join(scratch, 'repo-'))
  try {
    execFileSync('git', ['init', '-q', repo], { env: GIT_ENV })
    const file = join(repo, ...entry.path.split('/'))
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, bytes)
    execFileSync('git', ['add', '--', entry.path], { cwd: repo, env: GIT_ENV })
    const result = await run(process.execPath, [cli, '--format', 'json'], {
      cwd: repo,
      env: GIT_ENV,
    })
    if (result.code !== 0 && result.code !== 1) {
      fail(`${entry.repo} ${entry.path}: the CLI exited ${result.code}: ${result.stderr.trim()}`)
    }
    let report
    try {
      report = JSON.parse(result.stdout)
    } catch {
      fail(`${entry.repo} ${entry.path}: the CLI printed no JSON report`)
    }
    const findings = report.findings.filter(
      (finding) =>
        finding.path === entry.path &&
        finding.severity === 'block' &&
        (finding.category === 'env-template' || finding.category === 'env'),
    )
    return {
      blocked: findings.length > 0,
      kinds: findings.map((finding) =>
        [finding.kind ?? finding.code, finding.key].filter(Boolean).join(' at '),
      ),
    }
  } finally {
    rmSync(repo, { recursive: true, force: true })
  }
}

async function main() {
  const { cache, manifests } = parseArgs(process.argv.slice(2))
  const cli = join(root, 'dist', 'cli.js')
  if (!existsSync(cli)) fail('dist/cli.js is missing: run `npm run build` first')
  const entries = manifests.flatMap(readManifest)
  const repos = new Set()
  for (const entry of entries) {
    const name = entry.repo.toLowerCase()
    if (repos.has(name)) fail(`${entry.repo} appears twice: one file per repository`)
    repos.add(name)
  }
  const contents = []
  for (const entry of entries) contents.push(await contentOf(entry, cache))

  const scratch = mkdtempSync(join(tmpdir(), 'env-corpus-'))
  const verdicts = new Array(entries.length)
  try {
    let next = 0
    const worker = async () => {
      while (next < entries.length) {
        const index = next++
        verdicts[index] = await judge(entries[index], contents[index], scratch, cli)
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, worker))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }

  const clean = entries.filter((entry) => entry.label === 'clean').length
  const secrets = entries.length - clean
  let cleanBlocked = 0
  let caught = 0
  const disagreements = []
  entries.forEach((entry, index) => {
    const { blocked, kinds } = verdicts[index]
    if (entry.label === 'clean' && blocked) cleanBlocked++
    if (entry.label === 'secret' && blocked) caught++
    if ((entry.label === 'secret') !== blocked) disagreements.push({ entry, kinds })
  })
  const share = clean === 0 ? 0 : cleanBlocked / clean
  const percent = (share * 100).toFixed(1)
  const lines = [
    `files: ${entries.length}`,
    `distinct repositories: ${repos.size}`,
    `clean files blocked: ${cleanBlocked} of ${clean} (${percent} %)`,
    `secrets caught: ${caught} of ${secrets}, missed: ${secrets - caught}`,
  ]
  for (const { entry, kinds } of disagreements) {
    const verdict = entry.label === 'clean' ? 'false alarm' : 'missed'
    const what = kinds.length > 0 ? ` (${[...new Set(kinds)].join('; ')})` : ''
    lines.push(`${verdict}: ${entry.repo} ${entry.path} [${entry.label}: ${entry.why}]${what}`)
  }
  const problems = []
  if (share > MAX_CLEAN_BLOCKED) problems.push(`more than 1 % of clean files blocked`)
  if (caught < secrets) problems.push(`${secrets - caught} secret file(s) missed`)
  if (repos.size < MIN_REPOSITORIES) {
    problems.push(`fewer than ${MIN_REPOSITORIES} distinct repositories (${repos.size})`)
  }
  for (const problem of problems) lines.push(`FAIL: ${problem}`)
  process.stdout.write(`${lines.join('\n')}\n`)
  process.exit(problems.length > 0 ? 1 : 0)
}

try {
  await main()
} catch (error) {
  if (!(error instanceof BadInput)) throw error
  process.stderr.write(`env-corpus: ${error.message}\n`)
  process.exit(2)
}
