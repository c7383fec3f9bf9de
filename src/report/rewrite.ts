import type { RewritePlan } from '../types.js'
import { REWRITE_TEXT } from './messages.js'
import type { Style } from './style.js'

/** Abbreviated commit id for prose; commands always carry the full id. */
export const shortId = (id: string) => id.slice(0, 12)

/**
 * The recovery of `--range`/`--pre-receive`: how to take the offenders out of the commits.
 * Commands are printed bare, each alone on its line; the prose around them is not a command.
 * `refused`: a push the server turned away, so its commits were never pushed.
 */
export function renderRewriteSteps(recovery: RewritePlan, style: Style, refused = false): string[] {
  const out: string[] = []
  if (recovery.kind === 'amend') {
    const stop = recovery.stops[0]!
    const heading = stop.drop ? REWRITE_TEXT.dropHeading : REWRITE_TEXT.amendHeading
    out.push('', style.bold(heading(shortId(stop.commit))))
    out.push(...stop.commands.map((command) => command.text))
  } else {
    const ids = recovery.stops.map((stop) => shortId(stop.commit))
    out.push('', style.bold(REWRITE_TEXT.rebaseHeading(ids.length)))
    if (recovery.start) out.push(recovery.start.text)
    out.push(style.dim(REWRITE_TEXT.rebaseEdit(ids)))
    for (const stop of recovery.stops) {
      const label = stop.drop ? REWRITE_TEXT.rebaseStopDrop : REWRITE_TEXT.rebaseStop
      out.push(style.dim(label(shortId(stop.commit))))
      out.push(...stop.commands.map((command) => command.text))
    }
    out.push(style.dim(REWRITE_TEXT.rebaseConflict))
  }
  if (!refused) out.push(style.dim(REWRITE_TEXT.forcePush))
  return out
}
