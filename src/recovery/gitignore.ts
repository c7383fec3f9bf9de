import ignore, { type Ignore } from 'ignore'
import type { Finding, RecoveryUnit } from '../types.js'
import { CONTENT_GATED, ENV_TEMPLATE_SUFFIXES } from '../rules/categories.js'
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

  // Innocent paths our lines would catch get a negation; re-include `.env.example` by name.
  for (const path of input.innocentPaths) {
    if (!after.ignores(path) || before.ignores(path)) continue
    const base = baseName(path)
    const pattern =
      TEMPLATE_TAIL.test(base) && base.startsWith('.env.')
        ? anchoredPattern(base, false)?.slice(1)
        : anchoredPattern(path, false)
    if (pattern !== undefined) {
      lines.push(`!${pattern}`)
      after = compile(lines)
    }
    if (pattern === undefined || after.ignores(path)) {
      // A directory line excludes the parent, and git cannot re-include below an excluded
      // directory (nor can a negation name a newline): drop the broad lines that catch this
      // path and anchor their offenders.
      if (pattern !== undefined) lines.pop()
      const culprits = lines.filter(
        (line) => !line.startsWith('!') && compile([line]).ignores(path),
      )
      for (const line of culprits) lines.splice(lines.indexOf(line), 1)
      after = compile(lines)
      anchorMissed()
    }
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
