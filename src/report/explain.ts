import type { Explanation } from '../commands/explain.js'
import { shellQuote } from '../recovery/quote.js'
import { categoryInfo } from './messages.js'

const from = (source: string | undefined) =>
  source ? `from ${source}` : 'built in (no configuration file)'

/** `explain` in words: the verdict on the first line, then why, one reason per line. */
export function renderExplanation(explanation: Explanation): string {
  const path = shellQuote(explanation.path)
  const lines: string[] = []
  switch (explanation.verdict) {
    case 'block':
    case 'warn': {
      const { title, why } = categoryInfo(explanation.category)
      lines.push(
        `${path}: ${explanation.verdict === 'block' ? 'blocked' : 'warning'} by category ${explanation.category} (${title}), rule ${explanation.ruleId}`,
      )
      const reason = explanation.why
      if (reason.kind === 'segment') {
        lines.push(
          `  why: path segment \`${reason.segment}\` matches the directory rule \`${reason.glob}\``,
        )
      } else if (reason.kind === 'name') {
        lines.push(`  why: file name \`${reason.name}\` matches \`${reason.glob}\``)
      } else if (reason.kind === 'venv') {
        lines.push(
          reason.marker
            ? `  why: inside the virtualenv ${reason.dir}/ (venv marker ${reason.marker} found in ${reason.dir}/)`
            : `  why: inside the virtualenv ${reason.dir}/`,
        )
      } else {
        lines.push(`  why: matches the configuration rule pattern \`${reason.pattern}\``)
      }
      if (reason.kind !== 'config-rule') lines.push(`  because: ${why}`)
      else if (reason.message !== undefined) lines.push(`  because: ${reason.message}`)
      lines.push(
        explanation.configured
          ? `  severity: ${explanation.verdict}, set in ${explanation.configSource ?? 'the configuration'}`
          : `  severity: ${explanation.verdict} (default; configuration: ${explanation.configSource ?? 'none'})`,
      )
      break
    }
    case 'allowed':
      lines.push(
        `${path}: passes, allowed by the glob \`${explanation.glob}\` ${from(explanation.configSource)}`,
      )
      if (explanation.otherwise) lines.push(`  without it: category ${explanation.otherwise}`)
      break
    case 'template':
      lines.push(
        `${path}: passes, \`${explanation.name}\` is an env template (\`${explanation.glob}\`${explanation.configSource ? ` ${from(explanation.configSource)}` : ''}): templates hold placeholders, not secrets`,
      )
      break
    case 'off':
      lines.push(
        `${path}: passes, category ${explanation.category} is off ${from(explanation.configSource)}`,
      )
      break
    case 'pass':
      lines.push(
        `${path}: passes, no rule matches (configuration ${from(explanation.configSource)})`,
      )
  }
  return `${lines.join('\n')}\n`
}
