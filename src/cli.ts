// The only module that touches `process`: argv, streams, environment and the exit code.
import { lstatSync, readFileSync } from 'node:fs'
import { parseCli, renderHelp, type Format, type Request } from './args.js'
import { runCheck, type CheckOptions } from './commands/check.js'
import { GuardError } from './errors.js'
import { formatInternalError } from './report/internal-error.js'
import { renderJson } from './report/json.js'
import { COLOR, forTerminal, PLAIN, useColor, type Style } from './report/style.js'
import { renderText } from './report/text.js'
import type { Report } from './types.js'

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}

async function render(
  report: Report,
  output: { format: Format; quiet: boolean },
  style: Style,
): Promise<string> {
  if (output.format === 'json') return renderJson(report)
  if (output.format === 'sarif') {
    const { renderSarif } = await import('./report/sarif.js')
    return renderSarif(report, version())
  }
  if (output.quiet && !report.blocked) return ''
  return renderText(report, style)
}

// Whether the guard's own colour codes may reach stdout; set where the style is chosen.
let colourOn = false
// stdout closed (`| head`) or failing (a full disk): later writes are dropped, never thrown.
let stdoutFailed = false

function stdoutFailure(error: NodeJS.ErrnoException): void {
  if (stdoutFailed) return
  stdoutFailed = true
  // A reader that went away has seen what it wanted; the exit code still carries the verdict.
  if (error.code === 'EPIPE') return
  process.stderr.write(
    `precommit-guard: could not write the report to stdout (${error.code ?? error.message})\n`,
  )
  // Fails closed: an unwritten report never reads as a pass.
  process.exitCode = Math.max(Number(process.exitCode ?? 0), 2)
}
process.stdout.on('error', stdoutFailure)

/** Every byte of stdout goes through here: no raw control character from a name or subject. */
function write(text: string): void {
  if (stdoutFailed) return
  try {
    process.stdout.write(forTerminal(text, colourOn))
  } catch (error) {
    stdoutFailure(error as NodeJS.ErrnoException)
  }
}

const writeError = (text: string) => process.stderr.write(forTerminal(text, false))

/** Runs the request; returns the exit code. */
async function run(request: Request): Promise<number> {
  const ctx = { cwd: process.cwd(), env: process.env }
  switch (request.command) {
    case 'help':
      write(renderHelp(version()))
      return 0
    case 'version':
      write(`${version()}\n`)
      return 0
    case 'demo': {
      const { runDemo } = await import('./commands/demo.js')
      await runDemo(write, styleFor(request.noColor), process.env)
      return 0
    }
    case 'init': {
      const { runInit } = await import('./commands/init.js')
      const { renderInit } = await import('./report/init.js')
      const result = await runInit({
        ctx,
        lintStaged: request.lintStaged,
        dryRun: request.dryRun,
        version: version(),
        shippedHooks: new URL('../hooks/', import.meta.url),
      })
      write(renderInit(result))
      return 0
    }
    case 'doctor': {
      const { runDoctor } = await import('./commands/doctor.js')
      const { renderDoctor } = await import('./report/doctor.js')
      const result = await runDoctor({ ctx })
      write(renderDoctor(result))
      return result.active ? 0 : 1
    }
    case 'explain': {
      const { explainPath } = await import('./commands/explain.js')
      const { renderExplanation, renderExplanationJson } = await import('./report/explain.js')
      const explanation = await explainPath({ ctx, path: request.path, config: request.config })
      write(
        request.format === 'json'
          ? renderExplanationJson(explanation)
          : renderExplanation(explanation),
      )
      return 0
    }
    case 'history': {
      const { runHistory } = await import('./commands/history.js')
      const { renderHistoryJson, renderHistoryText } = await import('./report/history.js')
      const history = await runHistory({ ctx, config: request.config })
      write(
        request.format === 'json'
          ? renderHistoryJson(history)
          : renderHistoryText(history, styleFor(request.noColor)),
      )
      return history.leaks.length > 0 ? 1 : 0
    }
    case 'commits': {
      const { runCommitsCheck } = await import('./commands/commits.js')
      const source =
        request.source.kind === 'range'
          ? request.source
          : { kind: request.source.kind, updates: await readStdin() }
      const report = await runCommitsCheck({ ctx, source, config: request.config })
      write(await render(report, request, styleFor(request.noColor)))
      return report.blocked ? 1 : 0
    }
    case 'check': {
      const style = styleFor(request.noColor)
      const options: CheckOptions = {
        ctx,
        mode: request.selection.kind === 'all' ? 'all' : 'staged',
        paths: request.selection.kind === 'paths' ? request.selection.paths : [],
        config: request.config,
      }
      let report: Report
      if (request.fix) {
        const { runFix } = await import('./commands/fix.js')
        const { renderFixed } = await import('./report/fix.js')
        const fixed = await runFix(options)
        // A JSON or SARIF document owns stdout: what --fix did goes to stderr then.
        const log = request.format === 'text' ? write : writeError
        if (fixed.result && !request.quiet) log(renderFixed(fixed.result, style))
        report = fixed.report
      } else {
        report = await runCheck(options)
      }
      write(await render(report, request, style))
      return report.blocked ? 1 : 0
    }
  }
}

function styleFor(noColorFlag: boolean): Style {
  colourOn = useColor(process.env, process.stdout.isTTY === true, noColorFlag)
  return colourOn ? COLOR : PLAIN
}

/** `--pre-receive` and `--pre-push`: git writes one line per pushed ref on stdin. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Whether a word typed on the command line names something in the cwd (a dangling link too). */
function nameExists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/** The one handler: a user error is one line with its hint; anything else fails closed. */
function reportError(error: unknown): number {
  const debug = Boolean(process.env.DEBUG)
  if (error instanceof GuardError) {
    const hint = error.hint ? `: ${error.hint}` : ''
    writeError(`precommit-guard: ${error.message}${hint}\n`)
    if (debug && error.stack) writeError(`${error.stack}\n`)
    return error.exitCode
  }
  // Fail closed: an unexpected error stops the commit and says how to get past it.
  writeError(formatInternalError(error, debug))
  return 2
}

// parseCli throws synchronously: inside the chain, so its error reaches the one handler.
Promise.resolve()
  .then(() => run(parseCli(process.argv.slice(2), { exists: nameExists })))
  .then(
    (code) => {
      process.exitCode = stdoutFailed ? Math.max(code, Number(process.exitCode ?? 0)) : code
    },
    (error: unknown) => {
      process.exitCode = reportError(error)
    },
  )
