#!/usr/bin/env node
// The only module that touches `process`: argv, streams, environment and the exit code.
import { readFileSync } from 'node:fs'
import { parseCli, renderHelp, type CliOptions } from './args.js'
import { runCheck, type Report } from './commands/check.js'
import { GuardError } from './errors.js'
import { formatInternalError } from './report/internal-error.js'
import { renderJson } from './report/json.js'
import { COLOR, PLAIN, useColor, type Style } from './report/style.js'
import { renderText } from './report/text.js'

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}

async function render(report: Report, options: CliOptions, style: Style): Promise<string> {
  if (options.format === 'json') return renderJson(report)
  if (options.format === 'sarif') {
    const { renderSarif } = await import('./report/sarif.js')
    return renderSarif(report, version())
  }
  if (options.quiet && !report.blocked) return ''
  return renderText(report, style)
}

async function main(): Promise<number> {
  const options = parseCli(process.argv.slice(2))
  if (options.command === 'help') {
    process.stdout.write(renderHelp(version()))
    return 0
  }
  if (options.command === 'version') {
    process.stdout.write(`${version()}\n`)
    return 0
  }
  const style = useColor(process.env, process.stdout.isTTY === true, options.noColor)
    ? COLOR
    : PLAIN
  if (options.command === 'demo') {
    const { runDemo } = await import('./commands/demo.js')
    await runDemo((text) => process.stdout.write(text), style, process.env)
    return 0
  }
  if (options.command === 'init') {
    const { runInit } = await import('./commands/init.js')
    const ctx = { cwd: process.cwd(), env: process.env }
    process.stdout.write(
      await runInit({ ctx, lintStaged: options.lintStaged, dryRun: options.dryRun }),
    )
    return 0
  }
  if (options.command === 'explain') {
    const { explainPath } = await import('./commands/explain.js')
    const { renderExplanation } = await import('./report/explain.js')
    const ctx = { cwd: process.cwd(), env: process.env }
    const explanation = await explainPath({ ctx, path: options.paths[0]!, config: options.config })
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(explanation, null, 2)}\n`
        : renderExplanation(explanation),
    )
    return 0
  }
  if (options.command === 'history') {
    const { runHistory } = await import('./commands/history.js')
    const { renderHistoryJson, renderHistoryText } = await import('./report/history.js')
    const leaks = await runHistory({
      ctx: { cwd: process.cwd(), env: process.env },
      ...(options.config !== undefined ? { config: options.config } : {}),
    })
    process.stdout.write(
      options.format === 'json' ? renderHistoryJson(leaks) : renderHistoryText(leaks, style),
    )
    return leaks.length > 0 ? 1 : 0
  }
  const checkOptions = {
    ctx: { cwd: process.cwd(), env: process.env },
    mode:
      options.range !== undefined
        ? ('range' as const)
        : options.preReceive
          ? ('pre-receive' as const)
          : options.all
            ? ('all' as const)
            : ('staged' as const),
    paths: options.paths,
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.range !== undefined ? { range: options.range } : {}),
    ...(options.preReceive ? { updates: await readRefUpdates() } : {}),
  }
  let report = await runCheck(checkOptions)
  // Content advice (templates, drift, big files) has no commands: --fix never edits files.
  if (options.fix && (report.commands.length > 0 || report.gitignore.length > 0)) {
    const { applyRecovery } = await import('./commands/fix.js')
    const { renderFixed } = await import('./report/fix.js')
    const fixed = await applyRecovery(report)
    const log = options.format === 'json' ? process.stderr : process.stdout
    if (!options.quiet) log.write(renderFixed(fixed, style))
    report = await runCheck(checkOptions)
  }
  process.stdout.write(await render(report, options, style))
  return report.blocked ? 1 : 0
}

/** `--pre-receive`: git writes one `<old> <new> <ref>` line per pushed ref on stdin. */
async function readRefUpdates() {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const { parseRefUpdates } = await import('./git/push.js')
  return parseRefUpdates(Buffer.concat(chunks).toString('utf8'))
}

function reportError(error: unknown): void {
  const debug = Boolean(process.env.DEBUG)
  if (error instanceof GuardError) {
    const hint = error.hint ? `: ${error.hint}` : ''
    process.stderr.write(`precommit-guard: ${error.message}${hint}\n`)
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`)
  } else {
    // Fail closed: an unexpected error stops the commit and says how to get past it.
    process.stderr.write(formatInternalError(error, debug))
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    reportError(error)
    process.exitCode = 2
  },
)
