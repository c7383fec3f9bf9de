import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import process from 'node:process'

const TIME = '/usr/bin/time'
/** GNU time reports the peak resident set of the child (the largest of it and its waited-for children). */
export const HAVE_TIME = existsSync(TIME)

/**
 * One run of `tool` in `cwd`: wall-clock milliseconds from spawn to exit, and, when the exit
 * code is not one the tool answers with, the failure as it happened (EMFILE, E2BIG, timeout).
 * The floor and the guard (not the peers, whose timeout must kill them, not GNU time) also run
 * under GNU time for their CPU time (user + sys, children included) and peak RSS: on a shared
 * machine CPU time is far less sensitive to other load than wall time.
 */
export function runOnce(tool, cwd, env, timeoutMs, statsFile) {
  const timed = HAVE_TIME && !tool.peer && statsFile
  const [command, args] = timed
    ? [TIME, ['-f', '@@ %e %U %S %M', '-o', statsFile, tool.command, ...tool.args]]
    : [tool.command, tool.args]
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const stats = timed ? /@@ \S+ (\S+) (\S+) (\d+)/.exec(readFileSync(statsFile, 'utf8')) : null
  return {
    ms,
    cpuMs: stats ? (Number(stats[1]) + Number(stats[2])) * 1000 : undefined,
    rssMb: stats ? Number(stats[3]) / 1024 : undefined,
    failure: failureOf(tool, result, ms, timeoutMs),
  }
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
export function measureRounds(tools, cwd, env, runs, timeoutMs, log, statsFile) {
  const results = tools.map((tool) => ({ tool, runs: [], failure: tool.unavailable }))
  for (let round = 0; round <= runs; round++) {
    const order = results.map((_, i) => (i + round) % results.length)
    const done = new Map()
    for (const index of order) {
      const result = results[index]
      if (result.failure) continue
      const limit = result.tool.peer ? timeoutMs : 600_000
      const run = runOnce(result.tool, cwd, env, limit, statsFile)
      if (run.failure) {
        result.failure = run.failure
        log(`  ${result.tool.name}: ${run.failure}`)
        continue
      }
      result.tool.after?.() // untimed clean-up, e.g. undo a measured commit
      done.set(index, run)
    }
    if (round === 0) continue // warm-up: page cache, git's index stat data, node's code cache
    for (const [index, run] of done) results[index].runs.push({ ...run, floor: done.get(0) })
  }
  return results.map(({ tool, runs: done, failure }) => {
    const paired = done.filter((run) => run.floor !== undefined)
    const cpu = paired.filter((run) => run.cpuMs !== undefined && run.floor.cpuMs > 0)
    const rss = done.map((run) => run.rssMb).filter((mb) => mb !== undefined)
    return {
      name: tool.name,
      failure,
      runs: done.length,
      ms: done.length ? median(done.map((run) => run.ms)) : undefined,
      ratio: paired.length ? median(paired.map((run) => run.ms / run.floor.ms)) : undefined,
      cpuMs: cpu.length ? median(cpu.map((run) => run.cpuMs)) : undefined,
      cpuRatio: cpu.length ? median(cpu.map((run) => run.cpuMs / run.floor.cpuMs)) : undefined,
      rssMb: rss.length ? Math.max(...rss) : undefined,
    }
  })
}
