import ignore from 'ignore'
import { gitignoreSectionHeader } from '../report/messages.js'
import { CATEGORIES } from '../rules/categories.js'

/** One commented section per category: its heading, then its lines. */
function recommendedSections(): { header: string; lines: string[] }[] {
  return CATEGORIES.map((category) => {
    const lines: string[] = []
    for (const row of category.rules) {
      for (const line of row.gitignore) if (!lines.includes(line)) lines.push(line)
    }
    return { header: gitignoreSectionHeader(category.id), lines }
  })
}

const normalize = (line: string) => line.replace(/(?<!\\)\s+$/, '')

/**
 * Merge the recommended block into an existing .gitignore: existing bytes and order kept,
 * only missing lines added (under their section comment), and `!.env.example` placed where
 * it takes effect. Returns the new content, or the same string when nothing is missing.
 */
export function mergeGitignore(existing: string): string {
  const present = new Set(existing.split(/\r?\n/).map(normalize))
  const added: string[] = []
  for (const section of recommendedSections()) {
    const missing = section.lines.filter((line) => !present.has(line))
    if (missing.length === 0) continue
    added.push('', section.header, ...missing)
    for (const line of missing) present.add(line)
  }
  let merged = existing
  if (added.length > 0) {
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n'
    const body = existing === '' ? added.slice(1) : added
    merged = `${existing}${separator}${body.join('\n')}\n`
  }
  // An older `!.env.example` above `.env.*` does not take effect: repeat it at the end.
  if (ignore({ ignorecase: false }).add(merged).ignores('.env.example')) {
    merged = `${merged}${merged.endsWith('\n') ? '' : '\n'}!.env.example\n`
  }
  return merged
}
