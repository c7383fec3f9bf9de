/** The results as one Markdown document: machine, scenario table, commit table, notes. */

const fmtMs = (ms) => (ms === undefined ? '—' : `${Math.round(ms)} ms`)
const fmtRatio = (r) => (r === undefined ? '—' : `${r.toFixed(2)}×`)
const fmtMb = (mb) => (mb === undefined ? 'n/a' : `${Math.round(mb)} MB`)
const mark = (ok) => (ok ? '✅' : '❌')

function peerCell(result) {
  if (result.runs === 0) return result.failure ?? '—'
  const note = result.failure ? `; then ${result.failure}` : ''
  return `${fmtRatio(result.ratio)} (${fmtMs(result.ms)})${note}`
}

export function renderResults({ machine, options, scenarios, commit, peers, repoDir }) {
  const peerNames = peers.map((peer) => peer.name)
  const head = [
    'scenario',
    'floor',
    'guard',
    '**guard / floor**',
    'target',
    'CPU guard / floor',
    'peak RSS guard (floor)',
    ...peerNames.map((name) => `${name} / floor`),
  ]
  const rows = scenarios.map(({ scenario, results }) => {
    const [floor, guard, ...others] = results
    const ok = guard.ratio !== undefined && !guard.failure && guard.ratio <= scenario.target
    const rssOk =
      scenario.rssTarget === undefined || (guard.rssMb ?? Infinity) <= scenario.rssTarget
    const rssNote = scenario.rssTarget ? ` ≤ ${scenario.rssTarget} MB ${mark(rssOk)}` : ''
    return [
      scenario.label,
      floor.failure ?? fmtMs(floor.ms),
      guard.failure ? `${fmtMs(guard.ms)} ${guard.failure}` : fmtMs(guard.ms),
      `**${fmtRatio(guard.ratio)}**`,
      `≤ ${scenario.target} ${mark(ok)}`,
      `${fmtRatio(guard.cpuRatio)} (${fmtMs(guard.cpuMs)} / ${fmtMs(floor.cpuMs)})`,
      `${fmtMb(guard.rssMb)} (${fmtMb(floor.rssMb)})${rssNote}`,
      ...others.map(peerCell),
    ]
  })
  const table = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`)

  const lines = [
    '# precommit-guard benchmark',
    '',
    `Measured ${machine.date} with \`npm run bench${options.quick ? ' -- --quick' : ''}\`` +
      ` (${options.runs} timed runs per tool after one warm-up).`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.os};` +
      ` Node.js ${machine.node}; git ${machine.git}. Repositories in ${repoDir}.` +
      ` Load average before the run (other work): ${machine.loadBefore} on ${machine.cores} cores` +
      `${Number(machine.loadBefore) > machine.cores / 2 ? ' (a shared, busy machine: wall times are noisy)' : ''};` +
      ` over the last 5 minutes of the run (mostly the bench itself): ${machine.load}.`,
    '',
    ...table,
  ]
  if (commit) {
    const added = commit.hook.ms - commit.none.ms
    const ok = !commit.hook.failure && !commit.none.failure && added <= commit.targetMs
    lines.push(
      '',
      `| ${commit.label} | no hook | husky hook → guard | added | target | added CPU | husky → \`true\` (husky's own share) |`,
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| median of ${commit.hook.runs} | ${commit.none.failure ?? fmtMs(commit.none.ms)} |` +
        ` ${commit.hook.failure ?? fmtMs(commit.hook.ms)} |` +
        ` **+${Math.round(added)} ms** (${fmtRatio(commit.hook.ratio)}) |` +
        ` ≤ +${commit.targetMs} ms ${mark(ok)} |` +
        ` +${fmtMs((commit.hook.cpuMs ?? NaN) - (commit.none.cpuMs ?? NaN))} |` +
        ` ${commit.huskyAlone.failure ?? `+${Math.round(commit.huskyAlone.ms - commit.none.ms)} ms`} |`,
    )
  }
  lines.push(
    '',
    '- **floor**: `node` starting, running `git diff --cached --name-status -z` through',
    '  `child_process` and exiting (`bench/floor.mjs`); the least any Node.js hook can cost.',
    '- **guard**: the built CLI as a user runs it, `node_modules/.bin/precommit-guard`.',
    '- Ratios are the median of per-round ratios (tools alternate, floor in every round).',
    '- CPU: user + sys of the process and its children (GNU `time`), median per-round ratio;',
    '  less sensitive than wall time to other load on a shared machine. Peak RSS: GNU `time`',
    '  `%M` (the largest process of the run), the maximum over the timed runs.',
    "- Peers use path rules equivalent to the guard's blocking categories",
    '  (`bench/peer-config.mjs`); a failure is reported as it happened, then the peer is not rerun.',
  )
  return `${lines.join('\n')}\n`
}
