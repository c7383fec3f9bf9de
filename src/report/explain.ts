import type { Explanation } from '../types.js'
import { shellQuote, visible } from '../recovery/quote.js'
import { quoted } from './allow.js'
import { ALLOW_TEXT, categoryInfo, formatBytes } from './messages.js'

const CONTENT_WORDS: Record<string, string> = {
  'private-key': 'a private key',
  'openpgp-secret-key': 'an OpenPGP secret key',
  'npm-auth': 'a literal npm auth token',
  'pypi-password': 'a literal PyPI password or token',
}

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
      } else if (reason.kind === 'config-rule') {
        lines.push(`  why: matches the configuration rule pattern \`${reason.pattern}\``)
      } else if (reason.kind === 'template-value') {
        lines.push(
          `  why: ${reason.key} on line ${reason.line} looks like a real ${reason.what} (the value is not shown)`,
        )
      } else if (reason.kind === 'template-drift') {
        lines.push(
          `  why: the local env file has ${reason.keys.join(', ')}, which the template lacks`,
        )
      } else {
        lines.push(`  why: ${formatBytes(reason.bytes)} staged`)
      }
      if (reason.kind === 'name' && reason.content !== undefined) {
        lines.push(`  content: the file holds ${CONTENT_WORDS[reason.content] ?? reason.content}`)
      }
      if (reason.kind !== 'config-rule') lines.push(`  because: ${why}`)
      else if (reason.message !== undefined) lines.push(`  because: ${reason.message}`)
      lines.push(
        explanation.configured
          ? `  severity: ${explanation.verdict}, set in ${explanation.configSource ?? 'the configuration'}`
          : `  severity: ${explanation.verdict} (default; configuration: ${explanation.configSource ?? 'none'})`,
      )
      if (explanation.allow) {
        const { entry, file, create } = explanation.allow
        const say = create ? ALLOW_TEXT.explainCreate : ALLOW_TEXT.explain
        lines.push(`  ${say(quoted(entry), file)}`)
      }
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
      lines.push(
        explanation.contentChecked
          ? '  content: read, and every value looks like a placeholder'
          : '  content: not read (neither staged nor on disk); a real-looking value in it would block',
      )
      break
    case 'preset':
      lines.push(
        `${path}: passes, the ${explanation.preset} preset applies: the framework commits .env and .env.<mode> with defaults and keeps secrets in *.local, so this file is judged by its content like a template`,
      )
      lines.push(
        explanation.contentChecked
          ? '  content: read, and no value looks real'
          : '  content: not read (neither staged nor on disk); a real-looking value in it would block',
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
  // Names, globs and keys come from the repository: nothing in them may reach the terminal raw.
  return `${lines.map(visible).join('\n')}\n`
}

/** `explain --format json`: the explanation as it is, one document. */
export function renderExplanationJson(explanation: Explanation): string {
  return `${JSON.stringify(explanation, null, 2)}\n`
}
