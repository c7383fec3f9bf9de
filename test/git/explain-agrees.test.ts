import { spawn } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, createRepo, type RunResult, type TestRepo } from '../helpers/repo.js'

/**
 * `explain` and the check run the same judging code; this drives both over one table, through
 * real git and the built CLI, and holds every path to one verdict: the file only on disk
 * (explain reads the disk) and the same file staged (explain reads the index entry) must both
 * say what the check says once the file is staged.
 */

const CASES = (
  JSON.parse(readFileSync(new URL('../../fixtures/rule-cases.json', import.meta.url), 'utf8')) as {
    cases: [string, string | null][]
  }
).cases

/** Built at run time, so this repository never holds a string that looks like a real key. */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const random = (length: number) =>
  [...randomBytes(length)].map((byte) => ALNUM[byte % ALNUM.length]).join('')
const DASHES = '-'.repeat(5)

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const PKCS8_KEY = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
const SEC1_KEY = pair.privateKey.export({ format: 'pem', type: 'sec1' }) as string
const PUBLIC_KEY = pair.publicKey.export({ format: 'pem', type: 'spki' }) as string
const CERTIFICATE = `${DASHES}BEGIN CERTIFICATE${DASHES}\n${randomBytes(300).toString('base64')}\n${DASHES}END CERTIFICATE${DASHES}\n`
const NPM_TOKEN = `npm_${random(36)}`
const OPENAI_KEY = ['sk', 'proj', random(48)].join('-')
const PYPI_TOKEN = `pypi-${random(60)}`

/** Sizes above the configured threshold (1 KiB); every other file of the table is smaller. */
const BIG = randomBytes(1536).toString('base64') // 2,048 bytes

const CONFIG = {
  largeFile: { threshold: '1KB' },
  allow: ['vendor/**'],
  rules: [{ id: 'secrets-dir', pattern: 'secrets/**', severity: 'block' }],
}

/** What the check says of a path: its top verdict as `severity category code`, or `pass`. */
type Label = string

interface Row {
  path: string
  content: string
  /** A symlink to this target instead of a file holding `content`. */
  link?: string
  /** The check's verdict once staged; a pattern for the fixture rows, which name only a category. */
  expected: Label | RegExp
}

const CONTENT_ROWS: Row[] = [
  // Content-gated names: they offend only with a key or a literal token in them.
  { path: 'keys/server.pem', content: PKCS8_KEY, expected: 'block credential CREDENTIAL_CONTENT' },
  { path: 'keys/server.key', content: SEC1_KEY, expected: 'block credential CREDENTIAL_CONTENT' },
  { path: 'certs/ca.pem', content: `${PUBLIC_KEY}${CERTIFICATE}`, expected: 'pass' },
  { path: 'certs/site.pem', content: CERTIFICATE, expected: 'pass' },
  { path: 'certs/empty.key', content: '', expected: 'pass' },
  {
    path: 'npm/.npmrc',
    content: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n`,
    expected: 'block credential CREDENTIAL_CONTENT',
  },
  {
    path: 'npm-ci/.npmrc',
    content: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
    expected: 'pass',
  },
  {
    path: 'py/.pypirc',
    content: `[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n`,
    expected: 'block credential CREDENTIAL_CONTENT',
  },
  {
    path: 'py-ci/.pypirc',
    content: '[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n',
    expected: 'pass',
  },
  // A harmless gated name still falls to whatever else matches it.
  { path: 'build/public.pem', content: CERTIFICATE, expected: 'warn build PATH_RULE' },
  { path: 'secrets/public.pem', content: CERTIFICATE, expected: 'block secrets-dir CONFIG_RULE' },
  { path: 'secrets/notes.txt', content: 'local only\n', expected: 'block secrets-dir CONFIG_RULE' },
  // Env templates: placeholders only, or a real-looking value.
  {
    path: 'tpl/.env.example',
    content: `# OpenAI\nDEBUG=true\nOPENAI_API_KEY=${OPENAI_KEY}\n`,
    expected: 'block env-template TEMPLATE_VALUE',
  },
  {
    path: 'tpl-ok/.env.example',
    content: 'DEBUG=true\nOPENAI_API_KEY=your-openai-api-key-here\n',
    expected: 'pass',
  },
  // Not a template by name (`.sample` follows `.local`, not `.env`), nor an env file.
  {
    path: 'odd/my.env.local.sample',
    content: `OPENAI_API_KEY=${OPENAI_KEY}\n`,
    expected: 'pass',
  },
  // A template that lacks a key of the local `.env` beside it drifts (a warning).
  {
    path: 'drift/.env.example',
    content: 'A=your-a-here\n',
    expected: 'warn env-drift TEMPLATE_DRIFT',
  },
  { path: 'drift/.env', content: 'A=1\nB=2\n', expected: 'block env PATH_RULE' },
  // Sizes: above the threshold warns, unless allowed; a blocked name stays blocked.
  { path: 'assets/big.txt', content: BIG, expected: 'warn large-file LARGE_FILE' },
  { path: 'assets/small.txt', content: BIG.slice(0, 1000), expected: 'pass' },
  { path: 'docs/big.pdf', content: BIG, expected: 'block upload PATH_RULE' },
  { path: 'vendor/big.txt', content: BIG, expected: 'pass' },
  // Clean filters: what is staged is not what is on disk (like git-crypt and Git LFS).
  {
    path: '.gitattributes',
    content: 'crypt/* filter=rot13\nlfs/* filter=pointer\n',
    expected: 'pass',
  },
  { path: 'crypt/server.key', content: PKCS8_KEY, expected: 'pass' },
  { path: 'lfs/big.bin', content: BIG, expected: 'pass' },
  // A venv whose marker is staged, then deleted from disk before the check runs.
  { path: 'gone/venv1/pyvenv.cfg', content: 'home = /usr\n', expected: 'block venv VENV_MARKER' },
  { path: 'gone/venv1/share/doc.txt', content: 'doc\n', expected: 'block venv VENV_MARKER' },
  // Symlinks are staged as their target's name, never the target's content.
  { path: 'links/key.pem', content: '', link: '../keys/server.pem', expected: 'pass' },
  { path: 'links/.env.example', content: '', link: '../tpl/.env.example', expected: 'pass' },
  { path: 'links/big.txt', content: '', link: '../assets/big.txt', expected: 'pass' },
]

/** Staged, then deleted from disk: the check finds the venv by the staged marker alone. */
const GONE_AFTER_ADD = 'gone/venv1/pyvenv.cfg'

/** rot13 stands for encryption; `pointer` stages what Git LFS stages, a small pointer. */
const FILTERS = {
  'filter.rot13.clean': 'tr A-Za-z N-ZA-Mn-za-m',
  'filter.rot13.smudge': 'tr A-Za-z N-ZA-Mn-za-m',
  'filter.pointer.clean':
    'cat >/dev/null && printf "version https://git-lfs.github.com/spec/v1\\nsize 2048\\n"',
  'filter.pointer.smudge': 'cat',
}

const CONFIG_ROW: Row = {
  path: '.precommit-guard.json',
  content: JSON.stringify(CONFIG),
  expected: 'pass',
}

/** Every rule example in a folder of its own, with what its venv needs on disk. */
function fixtureRows(): Row[] {
  return CASES.flatMap(([path, category], i): Row[] => {
    const row: Row = {
      path: `c${i}/deep/${path}`,
      content: `${path}\n`,
      expected: category === null ? 'pass' : new RegExp(`^(block|warn) ${category} `),
    }
    if (!path.startsWith('tools/myenv/') || path.endsWith('/pyvenv.cfg')) return [row]
    const marker = `c${i}/deep/tools/myenv/pyvenv.cfg`
    return [row, { path: marker, content: 'home = /usr\n', expected: 'block venv VENV_MARKER' }]
  })
}

interface CheckFinding {
  path: string
  category: string
  severity: 'block' | 'warn'
  code: string
}

interface ExplainJson {
  path: string
  verdict: 'block' | 'warn' | 'pass' | 'allowed' | 'template' | 'off'
  category?: string
  code?: string
}

const PASSING = new Set(['pass', 'allowed', 'template', 'off'])

/** The top verdicts of the check for each path: block findings, else warn findings. */
function checkLabels(findings: readonly CheckFinding[]): Map<string, Label[]> {
  const byPath = new Map<string, CheckFinding[]>()
  for (const finding of findings)
    byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding])
  const labels = new Map<string, Label[]>()
  for (const [path, list] of byPath) {
    const blocks = list.filter((finding) => finding.severity === 'block')
    const top = blocks.length > 0 ? blocks : list
    labels.set(path, [...new Set(top.map((f) => `${f.severity} ${f.category} ${f.code}`))].sort())
  }
  return labels
}

/**
 * How explain's answer compares with the check's: `agrees` when the verdict is `block` exactly
 * when the check blocks the path (then with the category and code of one of its block
 * findings), `warn` exactly when the check only warns, and a passing verdict exactly when the
 * check has no finding; otherwise what explain said instead.
 */
function compare(check: Label[], explained: ExplainJson): string {
  if (PASSING.has(explained.verdict)) {
    return check.length === 0 ? 'agrees' : `says ${explained.verdict}`
  }
  const label = `${explained.verdict} ${explained.category} ${explained.code}`
  return check.includes(label) ? 'agrees' : `says ${label}`
}

/** Run the built CLI without blocking, so that many `explain`s run at once. */
function guardAsync(repo: TestRepo, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: repo.dir, env: repo.env })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** `explain --format json` of every path, a few processes at a time. */
async function explainAll(repo: TestRepo, paths: readonly string[]): Promise<ExplainJson[]> {
  const results: ExplainJson[] = []
  let next = 0
  const worker = async () => {
    while (next < paths.length) {
      const index = next++
      const result = await guardAsync(repo, ['explain', paths[index]!, '--format', 'json'])
      expect([paths[index], result.code, result.stderr]).toEqual([paths[index], 0, ''])
      results[index] = JSON.parse(result.stdout) as ExplainJson
    }
  }
  await Promise.all(Array.from({ length: 2 * availableParallelism() }, worker))
  return results
}

function writeRows(repo: TestRepo, rows: readonly Row[]) {
  for (const row of rows) {
    if (row.link === undefined) {
      repo.write(row.path, row.content)
    } else {
      mkdirSync(dirname(join(repo.dir, row.path)), { recursive: true })
      symlinkSync(row.link, join(repo.dir, row.path))
    }
  }
}

describe('explain says what the check says', () => {
  it('for every rule example and content case, on disk and then staged', async () => {
    const rows = [CONFIG_ROW, ...fixtureRows(), ...CONTENT_ROWS]
    const paths = rows.map((row) => row.path)
    expect(new Set(paths).size).toBe(paths.length)
    const repo = createRepo()
    for (const [key, value] of Object.entries(FILTERS)) repo.git(['config', key, value])
    writeRows(repo, rows)

    // Only on disk: nothing is staged, explain judges the bytes `git add` would stage.
    expect(repo.git(['ls-files'])).toBe('')
    const onDisk = await explainAll(repo, paths)

    repo.git(['add', '-A', '-f'])
    expect(repo.staged().sort()).toEqual([...paths].sort())
    expect(repo.git(['show', ':lfs/big.bin'])).toMatch(/^version https:\/\/git-lfs/)
    rmSync(join(repo.dir, GONE_AFTER_ADD))
    const result = repo.guard(['--format', 'json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    const check = checkLabels((JSON.parse(result.stdout) as { findings: CheckFinding[] }).findings)
    const staged = await explainAll(repo, paths)

    const actual = rows.map((row, i) => {
      const labels = check.get(row.path) ?? []
      return {
        path: row.path,
        check: labels.length === 0 ? 'pass' : labels.join(' | '),
        onDisk: compare(labels, onDisk[i]!),
        staged: compare(labels, staged[i]!),
      }
    })
    expect(actual).toEqual(
      rows.map((row) => ({
        path: row.path,
        check:
          typeof row.expected === 'string'
            ? row.expected
            : (expect.stringMatching(row.expected) as unknown),
        onDisk: 'agrees',
        staged: 'agrees',
      })),
    )
    // Explain answers for the path it was asked about, and passes the way the table says.
    expect(onDisk.map((e) => e.path)).toEqual(paths)
    expect(staged.map((e) => e.path)).toEqual(paths)
    const passedAs = (list: ExplainJson[], path: string) => list[paths.indexOf(path)]?.verdict
    for (const list of [onDisk, staged]) {
      expect(passedAs(list, 'vendor/big.txt')).toBe('allowed')
      expect(passedAs(list, 'tpl-ok/.env.example')).toBe('template')
      expect(passedAs(list, 'certs/ca.pem')).toBe('pass')
    }
  }, 300_000)
})
