/**
 * The steps a user copies from a text report: the lines under each recovery heading, up to
 * the blank line that ends the block, exactly as printed. Prose is never among them.
 */
const STEP_HEADINGS =
  /^(Take them out of this commit|Untrack them|Keep them out for good|Optional, for the warnings)/

export function printedSteps(output: string, headings = STEP_HEADINGS): string[] {
  const steps: string[] = []
  let inBlock = false
  for (const line of output.split('\n')) {
    if (headings.test(line)) inBlock = true
    else if (line === '') inBlock = false
    else if (inBlock) steps.push(line)
  }
  return steps
}
