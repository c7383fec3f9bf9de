import ignore, { type Ignore } from 'ignore'
import type { Finding, RecoveryUnit } from '../types.js'
import { CONTENT_GATED, ENV_TEMPLATE_SUFFIXES } from '../rules/categories.js'
import { allowNegations, compileAllow, samplePathOf } from '../rules/allow.js'
import { baseName } from '../rules/repo-path.js'

export interface GitignoreInput {
  units: readonly RecoveryUnit[]
  /** The root `.gitignore` as it is now ('' when missing). */
  rootGitignore: string
  /** Offenders that git's own rules already ignore (from `git check-ignore`). */
  alreadyIgnored: ReadonlyMap<string, unknown>
  /** Judged paths that are not offenders: appending our lines must never ignore them. */
  innocentPaths: readonly string[]
  gitignoreOf: (ruleId: string) => readonly string[]
  ignoreCase: boolean
  /** The configured `allow` list: appended lines must not ignore what it keeps. */
  allow?: readonly string[] | undefined
}

/** A path the appended lines must leave unignored, and the negations to try, in order. */
interface KeepTarget {
  path: string
  negations: readonly string[]
}

/** `!pattern` lines of a `.gitignore` (an escaped `\!` is a pattern, not a negation). */
function negationsIn(gitignore: string): string[] {
  return gitignore
    .split(/\r?\n/)
    .map(normalize)
    .filter((line) => line.startsWith('!') && line.length > 1)
}

/**
 * Sample paths a repository's own negation re-includes (`!uploads/.gitkeep`, `!*.keep`),
 * filled in the way `allow` samples are; a name without a slash is tried inside each
 * offending directory too, where a directory line would hide it.
 */
function negationSamples(negation: string, dirs: readonly string[]): string[] {
  const pattern = negation.slice(1)
  const sample = samplePathOf(pattern.endsWith('/') ? pattern.slice(0, -1) : pattern)
  if (sample === undefined) return []
  const anchored = pattern.replace(/\/$/, '').includes('/')
  return anchored ? [sample] : [sample, ...dirs.map((dir) => `${dir}/${sample}`)]
}

/**
 * A directory line (`uploads/`) hides everything below, so no negation can re-include a file
 * there; the same directory's entries (`**\/uploads/*`) ignore the same files and let one be
 * re-included. Undefined for lines that are not a directory line.
 */
function entriesLineOf(line: string): string | undefined {
  if (line.startsWith('!') || !line.endsWith('/')) return undefined
  const body = line.slice(0, -1)
  return body.includes('/') ? `${body}/*` : `**/${body}/*`
}

/**
 * Escape a root-relative path into a `.gitignore` pattern that matches only that path:
 * anchored with `/`, wildcards and backslashes escaped, trailing spaces kept (gitignore(5)).
 * git reads .gitignore line by line, so no pattern can name a path holding a newline: a `?`
 * in its place would also match innocent names. Such a path gets no pattern (`undefined`).
 */
export function anchoredPattern(path: string, isDir: boolean): string | undefined {
  if (path.includes('\n')) return undefined
  const escaped = path
    .replace(/[\\*?[]/g, (c) => `\\${c}`)
    .replace(/ +$/, (spaces) => spaces.replace(/ /g, '\\ '))
  return `/${escaped}${isDir ? '/' : ''}`
}

const TEMPLATE_TAIL = new RegExp(`\\.(${ENV_TEMPLATE_SUFFIXES.map((s) => s.slice(2)).join('|')})$`)

function normalize(line: string): string {
  return line.replace(/(?<!\\)\s+$/, '')
}

/**
 * The `.gitignore` lines to append so that every offender is ignored and no innocent path
 * becomes ignored: the category lines of the rules that matched, minus lines already present
 * and rules whose offenders git already ignores; then anchored lines for any offender the
 * category lines miss, and `!` lines for innocent paths (such as `.env.example`) they catch.
 */
export function planGitignore(input: GitignoreInput): string[] {
  const present = new Set(input.rootGitignore.split(/\r?\n/).map(normalize))
  const lines: string[] = []
  const add = (line: string | undefined) => {
    if (line !== undefined && !present.has(line) && !lines.includes(line)) lines.push(line)
  }

  const byRule = new Map<string, Finding[]>()
  for (const unit of input.units) {
    for (const finding of unit.findings) {
      const list = byRule.get(finding.ruleId) ?? []
      list.push(finding)
      byRule.set(finding.ruleId, list)
    }
  }
  for (const [ruleId, findings] of byRule) {
    if (findings.every((finding) => input.alreadyIgnored.has(finding.path))) continue
    for (const line of input.gitignoreOf(ruleId)) add(line)
    // Virtualenvs of a custom name: the directory itself, anchored.
    for (const finding of findings) {
      if (finding.venvDir !== undefined) add(anchoredPattern(finding.venvDir, true))
    }
  }

  const compile = (extra: readonly string[]): Ignore =>
    ignore({ ignorecase: input.ignoreCase })
      .add(input.rootGitignore)
      .add([...extra])
  const before = compile([])

  // Offenders our lines leave unignored get an anchored line: those the category lines miss
  // (custom venv names, config rules without lines), and those one of our negations
  // re-includes although git ignored them (`!.env.example` for a `dist/.env.example` that
  // the repository's `.env.*` ignored). Appended after the negation, the anchored line wins.
  let after = compile(lines)
  const anchorMissed = () => {
    for (const unit of input.units) {
      const missed = unit.findings.filter(
        (f) =>
          !after.ignores(f.path) &&
          (!input.alreadyIgnored.has(f.path) || after.test(f.path).unignored),
      )
      // A file judged by its content (a `*.pem` holding a key) is anchored by itself: its
      // directory may later hold public certificates or an innocent `.npmrc`.
      if (unit.isDir && missed.length > 0 && missed.every((f) => CONTENT_GATED.has(f.ruleId))) {
        for (const finding of missed) add(anchoredPattern(finding.path, false))
      } else if (missed.length > 0) add(anchoredPattern(unit.path, unit.isDir))
    }
    after = compile(lines)
  }
  anchorMissed()

  const targets: KeepTarget[] = []
  // What `allow` keeps stays unignored (first: its negation covers the staged ones too): tracked fixtures and the files still to come alike.
  // Samples: the glob filled in, and (for a glob naming a directory) an offender's name below it.
  // A few distinct names are enough: a 3,000-file venv must not make 3,000 samples per glob.
  const leaves = [
    ...new Set(input.units.flatMap((unit) => unit.findings.map((f) => baseName(f.path)))),
  ].slice(0, 50)
  for (const glob of input.allow ?? []) {
    const keeps = compileAllow([glob], input.ignoreCase)
    const negations = allowNegations(glob) ?? []
    const samples = leaves.flatMap((leaf) => {
      const sample = samplePathOf(glob, leaf)
      return sample === undefined ? [] : [sample, `${sample}/${leaf}`]
    })
    for (const path of new Set(samples)) if (keeps(path)) targets.push({ path, negations })
  }
  // The repository's own negations keep working (`!uploads/.gitkeep` under our `uploads/`).
  const dirs = input.units.filter((unit) => unit.isDir).map((unit) => unit.path)
  for (const negation of negationsIn(input.rootGitignore)) {
    for (const path of negationSamples(negation, dirs))
      targets.push({ path, negations: [negation] })
  }

  // Innocent paths our lines would catch get a negation; re-include `.env.example` by name.
  targets.push(
    ...input.innocentPaths.map((path) => {
      const base = baseName(path)
      const pattern =
        TEMPLATE_TAIL.test(base) && base.startsWith('.env.')
          ? anchoredPattern(base, false)?.slice(1)
          : anchoredPattern(path, false)
      // No negation can name a line break: such a path is kept by dropping the broad lines.
      return { path, negations: pattern === undefined ? [] : [`!${pattern}`] }
    }),
  )
  for (const target of targets) {
    const { path } = target
    if (!after.ignores(path) || before.ignores(path)) continue
    const mark = lines.length
    for (const negation of target.negations) {
      if (!after.ignores(path)) break
      lines.push(negation)
      after = compile(lines)
    }
    if (!after.ignores(path)) continue
    lines.splice(mark)
    // A directory line excludes the parent, and git cannot re-include below an excluded
    // directory: ignore the directory's entries instead, then negate again.
    const culprits = lines.filter((line) => !line.startsWith('!') && compile([line]).ignores(path))
    const saved = [...lines]
    for (const line of culprits) {
      const entries = entriesLineOf(line)
      if (entries !== undefined) lines.splice(lines.indexOf(line), 1, entries)
    }
    for (const negation of target.negations) {
      after = compile(lines)
      if (!after.ignores(path)) break
      lines.push(negation)
    }
    after = compile(lines)
    if (!after.ignores(path)) {
      anchorMissed()
      continue
    }
    // Still caught: drop the broad lines that catch this path and anchor their offenders.
    lines.splice(0, lines.length, ...saved)
    for (const line of culprits) lines.splice(lines.indexOf(line), 1)
    after = compile(lines)
    anchorMissed()
  }
  anchorMissed()
  return lines
}

/**
 * Offenders that neither the repository's `.gitignore` nor the planned lines ignore because no
 * pattern can name them (a newline in the name): the report says so instead of a line.
 */
export function unignorableOffenders(input: GitignoreInput, lines: readonly string[]): string[] {
  const after = ignore({ ignorecase: input.ignoreCase })
    .add(input.rootGitignore)
    .add([...lines])
  return input.units
    .flatMap((unit) => unit.findings)
    .filter((finding) => finding.path.includes('\n') && !input.alreadyIgnored.has(finding.path))
    .filter((finding) => !after.ignores(finding.path))
    .map((finding) => finding.path)
}
