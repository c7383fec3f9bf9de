import type { FixResult } from '../types.js'
import { FIX_TEXT } from './messages.js'
import type { Style } from './style.js'

/** What `--fix` did, command by command. */
export function renderFixed(result: FixResult, style: Style): string {
  const lines = [style.bold('precommit-guard --fix:')]
  if (result.commitAll) lines.push(`  ${FIX_TEXT.commitAll}`)
  for (const command of result.ran) lines.push(`  ran ${command}`)
  if (result.appended.length > 0) {
    lines.push('  appended to .gitignore:', ...result.appended.map((line) => `    ${line}`))
    lines.push('  stage it when you are ready: git add .gitignore')
  }
  return `${lines.join('\n')}\n`
}
