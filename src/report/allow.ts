import {
  allowEntryOf,
  blockedDirOf,
  folderEntryOf,
  folderGlobOf,
  isAllowable,
} from '../rules/allow.js'
import { parentOf } from '../rules/repo-path.js'
import type { ConfigFile, Report } from '../types.js'
import { ALLOW_TEXT } from './messages.js'

/**
 * The way out of a policy block: the exact `allow` entries that keep the blocked paths, written
 * for the configuration file the repository already uses, or for the one to create.
 */

/** Entries shown at most; the rest are counted (each is one path, so the list stays short). */
const MAX_ENTRIES = 20

/** A string literal valid in JSON and in TOML alike, with no raw control character in it. */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/**
 * The entry per blocked path, in report order: a path blocked as part of a directory
 * (`uploads/`, `__pycache__/`, a venv) gets one entry for that directory, any other file its own
 * path, so an entry keeps no file beside the blocked ones. Not the unit's folder: a collapsed
 * `src/` holding only `src/__pycache__/` must not become `allow: ["/src/"]`. Two or more files
 * of one folder blocked by the same extension rule share one entry for that folder
 * (`data/*.csv`): a data set of hundreds of CSVs gets one entry, not a list cut short.
 */
export function allowEntriesOf(report: Report): Map<string, string> {
  const findings = report.units.flatMap((unit) => unit.findings).filter(isAllowable)
  const perFolder = new Map<string, number>()
  const folderKey = (path: string, glob: string) => `${parentOf(path)}\0${glob}`
  for (const finding of findings) {
    const glob = folderGlobOf(finding)
    if (glob === undefined || blockedDirOf(finding) !== undefined) continue
    const key = folderKey(finding.path, glob)
    perFolder.set(key, (perFolder.get(key) ?? 0) + 1)
  }
  const byPath = new Map<string, string>()
  for (const finding of findings) {
    const dir = blockedDirOf(finding)
    const glob = folderGlobOf(finding)
    const shared =
      dir === undefined &&
      glob !== undefined &&
      (perFolder.get(folderKey(finding.path, glob)) ?? 0) > 1
    byPath.set(
      finding.path,
      dir !== undefined
        ? allowEntryOf(dir, true)
        : shared
          ? folderEntryOf(parentOf(finding.path), glob)
          : allowEntryOf(finding.path, false),
    )
  }
  return byPath
}

export interface AllowSnippet {
  /** The configuration file the entries go into. */
  file: string
  /** The file does not exist yet. */
  create: boolean
  entries: string[]
  /** What to write: the heading, then lines to paste as they are. */
  heading: string
  lines: string[]
}

/** The snippet for these entries, in the shape the configuration file takes. */
function allowSnippet(
  entries: readonly string[],
  file: ConfigFile | undefined,
  hasAllow: boolean,
): AllowSnippet {
  const shown = entries.slice(0, MAX_ENTRIES)
  const list = shown.map(quoted).join(', ')
  const more = entries.length - shown.length
  const tail = more > 0 ? [ALLOW_TEXT.more(more)] : []
  if (file === undefined) {
    const name = '.precommit-guard.json'
    return {
      file: name,
      create: true,
      entries: shown,
      heading: ALLOW_TEXT.create(name),
      lines: [`{ "allow": [${list}] }`, ...tail],
    }
  }
  const toml = file.kind === 'pyproject' || file.kind === 'toml'
  const heading = hasAllow
    ? ALLOW_TEXT.extend(file.name)
    : file.kind === 'package-json'
      ? ALLOW_TEXT.packageKey(file.name)
      : file.kind === 'pyproject'
        ? ALLOW_TEXT.pyprojectTable(file.name)
        : ALLOW_TEXT.addKey(file.name)
  const line = hasAllow ? list : toml ? `allow = [${list}]` : `"allow": [${list}]`
  return { file: file.name, create: false, entries: shown, heading, lines: [line, ...tail] }
}

/** The snippet for a report's policy blocks, or undefined when there are none. */
export function reportAllowSnippet(report: Report): AllowSnippet | undefined {
  const entries = [...new Set(allowEntriesOf(report).values())]
  if (entries.length === 0) return undefined
  return allowSnippet(entries, report.configFile, report.hasAllow ?? false)
}
