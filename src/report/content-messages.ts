import type { Finding } from '../types.js'

/** Wording for content findings in JSON messages (issue 5); values are never part of it. */

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`
}

/** Why an ambiguous credential name was flagged: its staged content was looked at. */
const GATED_MESSAGES: Record<string, string> = {
  'credential:*.pem': 'the staged file holds a private key (a certificate alone would pass)',
  'credential:*.key': 'the staged file holds a private key',
  'credential:.npmrc':
    'holds a literal auth token; untrack it, or commit `_authToken=${NPM_TOKEN}` and keep the token in the environment',
  'credential:.pypirc':
    'holds a password or token; untrack it, or use a keyring or the TWINE_PASSWORD environment variable',
}

/** The clause appended to a content finding's JSON message. */
export function contentMessage(finding: Finding): string | undefined {
  const gated = GATED_MESSAGES[finding.ruleId]
  if (gated) return gated
  const detail = finding.detail
  if (!detail) return undefined
  switch (finding.category) {
    case 'env-template':
      return `${detail.key} on line ${detail.line} looks like a real ${detail.kind}; put a placeholder there instead (${detail.fix?.[0] ?? ''}) and stage the file again`
    case 'env-drift':
      return `the local env file has ${detail.keys?.join(', ')}, which the template lacks; add: ${detail.fix?.join(' | ')}`
    case 'large-file':
      return `${formatBytes(detail.bytes ?? 0)} staged; track it with Git LFS (git lfs track), or leave it out of git`
    default:
      return undefined
  }
}
