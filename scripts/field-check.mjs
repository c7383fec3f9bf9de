// The field check: the built CLI over real public repositories, each at a recorded commit
// (fixtures/field-repos.json; how to repeat it and the last results: docs/field-check.md).
//
//   node scripts/field-check.mjs [--mirrors DIR] [--only owner/name,...] [--keep] [--record]
//
// Each repository is cloned into a scratch folder (from https://github.com/<repo>, or from
// DIR/<owner>+<name>/repo, DIR/<owner>+<name> or DIR/<owner>/<name> when --mirrors is given),
// its recorded commit's tree is read into the index and checked out as far as its blobs go,
// and `precommit-guard --all` runs in it, as JSON and as text. Checked, per repository:
// - every finding matches the list's entries, and every entry matches what it says it does;
// - no block is labelled `wrong`;
// - every blocking finding that an `allow` entry may keep is kept by the printed entries: they
//   are pasted into the configuration file the output names, and the run repeated;
// - rotate/purge advice only on a finding whose detail says a real-looking value was seen (an
//   env file), or whose content was not judged, or a credential file; and on every committed env
//   file that holds such a value.
// Prints a table; exits 1 on any mismatch, 2 on bad input. `--record` rewrites the list from
// this run, keeping the labels it already has (new findings get `unlabelled`, to be read).
// Nothing fetched is kept: the scratch folders are removed unless --keep.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const LIST = join(root, 'fixtures', 'field-repos.json')
const CLI = join(root, 'dist', 'cli.js')

/** The clause the guard adds to a committed secret's message, and the text report's heading. */
const ROTATE_CLAUSE = 'treat the secret as leaked, rotate it, then purge history'
const ROTATE_HEADING = 'Already committed, so the secrets in these files must be treated as leaked'
const ALLOW_HEADING = 'If the team keeps them in git on purpose, '
const LABELS = new Set(['real', 'policy', 'wrong', 'unlabelled'])

function fail(message) {
  process.stderr.write(`field-check: ${message}\n`)
  process.exit(2)
}

function parseArgs(argv) {
  const options = { mirrors: undefined, only: undefined, keep: false, record: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--mirrors') options.mirrors = resolve(argv[++i] ?? fail('--mirrors needs a DIR'))
    else if (arg === '--only') options.only = new Set((argv[++i] ?? '').split(',').filter(Boolean))
    else if (arg === '--keep') options.keep = true
    else if (arg === '--record') options.record = true
    else
      fail(
        `unknown option ${JSON.stringify(arg)} (use --mirrors DIR, --only a/b,c/d, --keep, --record)`,
      )
  }
  return options
}

/** git with no global or system configuration, and output as bytes-safe text. */
function git(args, cwd, { allowFail = false } = {}) {
  const result = spawnSync('git', args, {
    cwd,
    env: isolatedEnv(),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  })
  if (result.status !== 0 && !allowFail) {
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim()}`)
  }
  return result
}

let home
function isolatedEnv() {
  home ??= mkdtempSync(join(tmpdir(), 'field-home-'))
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^GIT_/i.test(key)))
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    NO_COLOR: '1',
  }
}

function sourceOf(repo, mirrors) {
  if (!mirrors) return `https://github.com/${repo}`
  const [owner, name] = repo.split('/')
  const candidates = [
    join(mirrors, `${owner}+${name}`, 'repo'),
    join(mirrors, `${owner}+${name}`),
    join(mirrors, owner, name),
  ]
  const found = candidates.find((dir) => existsSync(dir))
  if (!found) fail(`no local copy of ${repo} under ${mirrors}`)
  return found
}

/**
 * A scratch clone at `commit`: HEAD detached there, its tree in the index, and the work tree
 * written as far as the blobs go (a snapshot may lack its biggest files). Returns the folder and
 * how many files could not be written.
 */
function cloneAt(repo, commit, mirrors) {
  const dir = mkdtempSync(join(tmpdir(), 'field-repo-'))
  git(
    ['clone', '-q', '--no-checkout', '--no-hardlinks', sourceOf(repo, mirrors), join(dir, 'w')],
    dir,
  )
  const work = join(dir, 'w')
  if (git(['cat-file', '-e', `${commit}^{commit}`], work, { allowFail: true }).status !== 0) {
    git(['fetch', '-q', 'origin', commit], work)
  }
  git(['update-ref', '--no-deref', 'HEAD', commit], work)
  git(['read-tree', commit], work)
  const written = git(['checkout-index', '-a', '-f'], work, { allowFail: true })
  const missing = (written.stderr.match(/^error: unable to read sha1 file/gm) ?? []).length
  return { dir, work, missing }
}

function guard(work, args) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: work,
    env: isolatedEnv(),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  })
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(
      `precommit-guard ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`,
    )
  }
  return result
}

/** The list entry a finding falls under: its exact path first, then the deepest `under` folder. */
function entryFor(entries, finding) {
  const same = (entry) => entry.category === finding.category && entry.severity === finding.severity
  const exact = entries.find((entry) => same(entry) && entry.path === finding.path)
  if (exact) return exact
  let best
  for (const entry of entries) {
    if (!same(entry) || entry.under === undefined) continue
    const prefix = entry.under === '' ? '' : `${entry.under.replace(/\/$/, '')}/`
    if (finding.path.startsWith(prefix) && (!best || entry.under.length > best.under.length))
      best = entry
  }
  return best
}

/** Whether the finding may carry rotate/purge advice: a real-looking value, or content not judged. */
function rotateAllowed(finding) {
  if (finding.category === 'credential') return true
  if (finding.category !== 'env') return false
  return finding.realValue !== false
}

/** Whether an allow entry may lift the block (the guard never offers one for a leak). */
function allowable(finding) {
  return finding.severity === 'block' && (finding.category !== 'env' || finding.realValue === false)
}

/** Write the printed allow snippet where the output says, as a person pasting it would. */
function pasteAllow(work, allow, text) {
  const lines = text.split('\n')
  const at = lines.findIndex((line) => line.startsWith(ALLOW_HEADING))
  if (at === -1) return 'the text report prints no allow heading'
  const printed = lines
    .slice(at + 1, lines.indexOf('', at))
    .filter((line) => !line.startsWith('(and '))
  if (
    JSON.stringify(printed) !==
    JSON.stringify(allow.lines.filter((line) => !line.startsWith('(and ')))
  ) {
    return 'the text and JSON allow lines differ'
  }
  if (!allow.create) return `the repository has ${allow.file} already: paste by hand`
  writeFileSync(join(work, allow.file), `${printed.join('\n')}\n`)
  return undefined
}

function checkRepo(item, options) {
  const problems = []
  const { dir, work, missing } = cloneAt(item.repo, item.commit, options.mirrors)
  try {
    const json = JSON.parse(guard(work, ['--all', '--format', 'json']).stdout)
    const text = guard(work, ['--all']).stdout
    const findings = json.findings
    const blocks = findings.filter((finding) => finding.severity === 'block')

    // The labels: every finding under exactly the entry the list has for it, counts included.
    const entries = item.findings ?? []
    const counts = new Map(entries.map((entry) => [entry, 0]))
    const unmatched = []
    for (const finding of findings) {
      const entry = entryFor(entries, finding)
      if (entry) counts.set(entry, counts.get(entry) + 1)
      else unmatched.push(finding)
    }
    for (const finding of unmatched.slice(0, 5)) {
      problems.push(
        `not in the list: ${finding.severity} ${finding.category} ${JSON.stringify(finding.path)}`,
      )
    }
    if (unmatched.length > 5)
      problems.push(`… and ${unmatched.length - 5} more findings not in the list`)
    for (const [entry, count] of counts) {
      const want = entry.path !== undefined ? 1 : entry.count
      if (count !== want) {
        problems.push(
          `${entry.category} ${JSON.stringify(entry.path ?? `${entry.under}…`)}: ${count} findings, the list says ${want}`,
        )
      }
    }
    const labelOf = (finding) => entryFor(entries, finding)?.label ?? 'unlabelled'
    for (const finding of blocks) {
      if (labelOf(finding) === 'wrong')
        problems.push(`a plainly wrong block: ${finding.category} ${JSON.stringify(finding.path)}`)
    }

    // Rotate advice only where a real-looking value is (or content could not be judged).
    const rotated = findings.filter((finding) => finding.message.includes(ROTATE_CLAUSE))
    for (const finding of rotated) {
      if (!rotateAllowed(finding))
        problems.push(`rotate advice without a real-looking value: ${JSON.stringify(finding.path)}`)
    }
    for (const finding of findings) {
      if (finding.category === 'env' && finding.realValue === true && !rotated.includes(finding)) {
        problems.push(
          `a committed real-looking value without rotate advice: ${JSON.stringify(finding.path)}`,
        )
      }
    }
    if (text.includes(ROTATE_HEADING) !== rotated.length > 0) {
      problems.push('the text report and the JSON disagree on rotate advice')
    }

    // Every policy block shows its allow entry: paste what was printed, and run again.
    const liftable = blocks.filter(allowable)
    let allowShown = 0
    if (liftable.length > 0) {
      const allow = json.recovery.allow
      const pasted = allow ? pasteAllow(work, allow, text) : 'no allow entry printed'
      if (pasted) problems.push(`allow: ${pasted}`)
      else {
        const after = JSON.parse(guard(work, ['--all', '--format', 'json']).stdout)
        const still = new Set(
          after.findings.filter((f) => f.severity === 'block').map((f) => f.path),
        )
        for (const finding of liftable) {
          if (still.has(finding.path))
            problems.push(`allow entry missing for ${JSON.stringify(finding.path)}`)
          else allowShown++
        }
        const kept = blocks.filter((finding) => !allowable(finding) && !still.has(finding.path))
        for (const finding of kept)
          problems.push(`the allow entries let a leak pass: ${JSON.stringify(finding.path)}`)
      }
    }

    const tally = (label) => blocks.filter((finding) => labelOf(finding) === label).length
    return {
      repo: item.repo,
      kind: item.kind,
      missing,
      findings,
      blocks: blocks.length,
      warnings: findings.length - blocks.length,
      real: tally('real'),
      policy: tally('policy'),
      wrong: tally('wrong'),
      unlabelled: tally('unlabelled'),
      liftable: liftable.length,
      allowShown,
      rotate: rotated.length,
      problems,
    }
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true })
    else process.stderr.write(`kept ${work}\n`)
  }
}

/** The list's entries for this run's findings: one per path, or one per folder of many. */
function recordedEntries(previous, findings) {
  const out = []
  const groups = new Map()
  for (const finding of findings) {
    const old = entryFor(previous, finding)
    if (old?.under !== undefined) {
      const key = `${old.severity}\0${old.category}\0${old.under}`
      const group = groups.get(key) ?? { ...old, count: 0 }
      group.count++
      groups.set(key, group)
      continue
    }
    out.push({
      path: finding.path,
      category: finding.category,
      severity: finding.severity,
      label: old?.label ?? 'unlabelled',
      ...(old?.why ? { why: old.why } : {}),
    })
  }
  return [...out, ...groups.values()]
}

function table(results) {
  const head = [
    'repository',
    'kind',
    'blocks',
    'real',
    'policy',
    'wrong',
    'allow shown',
    'rotate',
    'warnings',
    'result',
  ]
  const rows = results.map((r) => [
    r.repo,
    r.kind,
    String(r.blocks),
    String(r.real),
    String(r.policy),
    String(r.wrong),
    `${r.allowShown}/${r.liftable}`,
    String(r.rotate),
    String(r.warnings),
    r.problems.length === 0
      ? 'ok'
      : `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`,
  ])
  const sum = (key) => results.reduce((total, r) => total + r[key], 0)
  rows.push([
    `total (${results.length})`,
    '',
    String(sum('blocks')),
    String(sum('real')),
    String(sum('policy')),
    String(sum('wrong')),
    `${sum('allowShown')}/${sum('liftable')}`,
    String(sum('rotate')),
    String(sum('warnings')),
    results.every((r) => r.problems.length === 0) ? 'ok' : 'MISMATCH',
  ])
  const widths = head.map((_, i) => Math.max(head[i].length, ...rows.map((row) => row[i].length)))
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

const options = parseArgs(process.argv.slice(2))
if (!existsSync(CLI)) fail('dist/cli.js is missing: run npm run build first (npm run field does)')
let list
try {
  list = JSON.parse(readFileSync(LIST, 'utf8'))
} catch (error) {
  fail(`cannot read ${LIST}: ${error.message}`)
}
for (const item of list.repos) {
  if (!/^[\w.-]+\/[\w.-]+$/.test(item.repo) || !/^[0-9a-f]{40}$/.test(item.commit)) {
    fail(`bad list entry ${JSON.stringify(item.repo)} ${JSON.stringify(item.commit)}`)
  }
  for (const entry of item.findings ?? []) {
    if (!LABELS.has(entry.label)) fail(`${item.repo}: bad label ${JSON.stringify(entry.label)}`)
  }
}

const results = []
for (const item of list.repos) {
  if (options.only && !options.only.has(item.repo)) continue
  process.stderr.write(`${item.repo} …\n`)
  const result = checkRepo(item, options)
  results.push(result)
  if (options.record) item.findings = recordedEntries(item.findings ?? [], result.findings)
}
process.stdout.write(`${table(results)}\n`)
for (const result of results) {
  if (result.missing > 0)
    process.stdout.write(
      `\n${result.repo}: ${result.missing} files absent from the copy (not written to the work tree)`,
    )
  for (const problem of result.problems) process.stdout.write(`\n${result.repo}: ${problem}`)
}
process.stdout.write('\n')
if (options.record) {
  writeFileSync(LIST, `${JSON.stringify(list, null, 2)}\n`)
  process.stdout.write(`recorded ${LIST}\n`)
}
process.exit(results.every((result) => result.problems.length === 0) || options.record ? 0 : 1)
