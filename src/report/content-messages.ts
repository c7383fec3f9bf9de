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

/** The clause appended to a content finding's JSON message. */
export function contentMessage(finding: Finding): string | undefined {
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
