import { spawnSync } from 'node:child_process'
import { cpus, loadavg, release, totalmem } from 'node:os'
import process from 'node:process'

function gitVersion() {
  const result = spawnSync('git', ['--version'], { encoding: 'utf8' })
  return result.stdout?.trim().replace(/^git version /, '') ?? 'unknown'
}

/**
 * What the numbers were measured on. `loadBefore` is the 1-minute load average taken before the
 * bench started: other work on the machine. The load during the run is mostly the bench itself.
 */
export function describeMachine(loadBefore) {
  const cpu = cpus()
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    ramGiB: (totalmem() / 2 ** 30).toFixed(1),
    os: `${process.platform} ${release()}`,
    node: process.version,
    git: gitVersion(),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    // Other work on the machine while measuring: ratios cancel some of it, not all.
    loadBefore: loadBefore.toFixed(1),
    load: loadavg()[1].toFixed(1),
  }
}
