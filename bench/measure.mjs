import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import process from 'node:process'

const TIME = '/usr/bin/time'
/** GNU time reports the peak resident set of the child (the largest of it and its waited-for children). */
export const HAVE_TIME = existsSync(TIME)

/**
 * One run of `tool` in `cwd`: wall-clock milliseconds from spawn to exit, and, when the exit
 * code is not one the tool answers with, the failure as it happened (EMFILE, E2BIG, timeout).
 */
export function runOnce(tool, cwd, env, timeoutMs) {
  const start = process.hrtime.bigint()
  const result = spawnSync(tool.command, tool.args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  return { ms, failure: failureOf(tool, result, ms, timeoutMs) }
}

function failureOf(tool, result, ms, timeoutMs) {
  if (result.error?.code === 'ETIMEDOUT' || (result.signal && ms >= timeoutMs)) {
    return `timed out after ${Math.round(timeoutMs / 1000)} s`
  }
  if (result.error) return `${result.error.code ?? result.error.message}`
  if (result.signal) return `killed by ${result.signal}`
  if (tool.okCodes.includes(result.status)) return undefined
  const output = `${result.stderr}\n${result.stdout}`
  const known = /EMFILE|E2BIG|Argument list too long|ENOMEM|heap out of memory/.exec(output)
  const line = known
    ? known[0]
    : output
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim()
        .slice(0, 80) || ''
  return `exit ${result.status} after ${(ms / 1000).toFixed(1)} s${line ? `: ${line}` : ''}`
}

/** Peak RSS in MB of one run, through GNU time; undefined when it is not installed. */
export function peakRssMb(tool, cwd, env, timeoutMs) {
  if (!HAVE_TIME) return undefined
  const result = spawnSync(TIME, ['-f', '@@rss %M', tool.command, ...tool.args], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  })
  const match = /@@rss (\d+)/.exec(result.stderr ?? '')
  return match ? Number(match[1]) / 1024 : undefined
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Alternate the tools run by run (the order rotates, so none always follows another), after
 * one warm-up round. Each tool's ratio is the median of its per-round ratios to the first
 * tool (the floor) in the same round, so load that comes and goes cancels out. A tool that
 * fails is reported with its failure and not run again.
 */
export function measureRounds(tools, cwd, env, runs, timeoutMs, log) {
  const results = tools.map((tool) => ({ tool, times: [], failure: tool.unavailable }))
  for (let round = 0; round <= runs; round++) {
    const order = results.map((_, i) => (i + round) % results.length)
    const times = new Map()
    for (const index of order) {
      const result = results[index]
      if (result.failure) continue
      const { ms, failure } = runOnce(result.tool, cwd, env, result.tool.peer ? timeoutMs : 600_000)
      if (!failure) result.tool.after?.() // untimed clean-up, e.g. undo a measured commit
      if (failure) {
        result.failure = failure
        log(`  ${result.tool.name}: ${failure}`)
        continue
      }
      times.set(index, ms)
    }
    if (round === 0) continue // warm-up: page cache, git's index stat data, node's code cache
    for (const [index, ms] of times) results[index].times.push({ ms, floor: times.get(0) })
  }
  return results.map((result) => {
    const paired = result.times.filter((t) => t.floor !== undefined)
    return {
      name: result.tool.name,
      failure: result.failure,
      ms: result.times.length ? median(result.times.map((t) => t.ms)) : undefined,
      ratio: paired.length ? median(paired.map((t) => t.ms / t.floor)) : undefined,
      runs: result.times.length,
    }
  })
}
