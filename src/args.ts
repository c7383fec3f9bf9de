import { parseArgs } from 'node:util'
import { UsageError } from './errors.js'

export type Format = 'text' | 'json' | 'sarif'

export interface CliOptions {
  command: 'check' | 'demo' | 'init' | 'explain' | 'history' | 'help' | 'version'
  paths: string[]
  all: boolean
  fix: boolean
  format: Format
  quiet: boolean
  noColor: boolean
  lintStaged: boolean
  dryRun: boolean
  /** `--config <file>`, relative to the cwd. */
  config: string | undefined
  /** `--range A..B`: judge the commits of a range instead of the staged change. */
  range: string | undefined
  /** `--pre-receive`: judge the pushed commits named by `<old> <new> <ref>` lines on stdin. */
  preReceive: boolean
}

/** The option table: parsing and `--help` both come from it. */
const OPTIONS = {
  all: { type: 'boolean', help: 'judge every path in the index, not only the staged change' },
  range: {
    type: 'string',
    help: 'judge what the commits A..B added or modified (CI; a bare rev is one commit)',
    value: '<A..B>',
  },
  'pre-receive': {
    type: 'boolean',
    help: 'server hook: judge the pushed commits named on stdin, reject offenders',
  },
  fix: { type: 'boolean', help: 'apply the recovery: untrack offenders, append .gitignore lines' },
  format: {
    type: 'string',
    help: 'output format: text (default), json or sarif',
    value: '<format>',
  },
  config: { type: 'string', help: 'read the configuration from this file', value: '<file>' },
  quiet: { type: 'boolean', short: 'q', help: 'print nothing unless something is blocked' },
  'no-color': { type: 'boolean', help: 'no colour (NO_COLOR and FORCE_COLOR are honoured too)' },
  'lint-staged': { type: 'boolean', help: 'init: run the guard through lint-staged' },
  'dry-run': { type: 'boolean', help: 'init: show what would change, write nothing' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'v', help: 'show the version' },
} as const

const COMMANDS = ['check', 'demo', 'init', 'explain', 'history'] as const

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(OPTIONS).map(([name, o]) => [
          name,
          { type: o.type, ...('short' in o ? { short: o.short } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!, 'see precommit-guard --help')
  }
  const { values, positionals } = parsed
  const flag = (name: keyof typeof OPTIONS) => values[name] === true
  let command: CliOptions['command'] = 'check'
  const [first, ...rest] = positionals
  let paths = positionals
  if (first !== undefined && (COMMANDS as readonly string[]).includes(first)) {
    command = first as CliOptions['command']
    paths = rest
  }
  if (command === 'explain') {
    if (paths.length !== 1) {
      throw new UsageError('explain takes exactly one path', 'precommit-guard explain <path>')
    }
    if (flag('all') || flag('fix') || values.format === 'sarif') {
      throw new UsageError(
        'explain takes a path, not --all, --fix or --format sarif',
        'precommit-guard explain <path>',
      )
    }
  } else if (command !== 'check' && paths.length > 0) {
    throw new UsageError(`${command} takes no arguments`)
  }
  if (command !== 'init' && (flag('lint-staged') || flag('dry-run'))) {
    throw new UsageError(
      '--lint-staged and --dry-run belong to init',
      'precommit-guard init --lint-staged',
    )
  }
  if (command === 'history' && (flag('fix') || flag('all') || values.format === 'sarif')) {
    throw new UsageError(
      'history only reads; --fix, --all and --format sarif belong to check',
      'precommit-guard history [--format json]',
    )
  }
  const format = (values.format ?? 'text') as string
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`unknown format: ${format}`, 'use --format text, json or sarif')
  }
  const range = values.range as string | undefined
  const history = range !== undefined ? '--range' : flag('pre-receive') ? '--pre-receive' : ''
  if (history !== '') {
    if (range !== undefined && flag('pre-receive')) {
      throw new UsageError('--range and --pre-receive exclude each other', 'pick one')
    }
    if (command !== 'check' || flag('all') || paths.length > 0 || flag('fix')) {
      throw new UsageError(
        `${history} judges commits and takes no paths, --all or --fix`,
        'follow the printed steps to take offenders out of the commits',
      )
    }
  }
  if (flag('all') && paths.length > 0) {
    throw new UsageError(
      '--all judges the whole index and takes no paths',
      'drop --all or the paths',
    )
  }
  if (flag('help')) command = 'help'
  else if (flag('version')) command = 'version'
  return {
    command,
    paths,
    all: flag('all'),
    fix: flag('fix'),
    format,
    quiet: flag('quiet'),
    noColor: flag('no-color'),
    lintStaged: flag('lint-staged'),
    dryRun: flag('dry-run'),
    config: values.config as string | undefined,
    range,
    preReceive: flag('pre-receive'),
  }
}

export function renderHelp(version: string): string {
  const rows = Object.entries(OPTIONS).map(([name, o]) => {
    const left = `${'short' in o ? `-${o.short}, ` : '    '}--${name}${'value' in o ? ` ${o.value}` : ''}`
    return `  ${left.padEnd(24)} ${o.help}`
  })
  return [
    `precommit-guard ${version}: stop secrets, bytecode, virtualenvs and uploads from being committed`,
    '',
    'Usage:',
    '  precommit-guard [check] [options] [paths...]   judge the staged change (or only these paths)',
    '  precommit-guard init [--lint-staged] [--dry-run]   set up the hook, .gitignore and .env.example',
    '  precommit-guard history                        list secret files ever committed, with rotate and purge steps',
    '  precommit-guard demo                           show it working in a throwaway repository',
    '  precommit-guard explain <path>                 which rule matches a path and why, or why not',
    '  precommit-guard --range <A..B>                 CI: judge what the commits of a range added',
    '  precommit-guard --pre-receive                  server: a pre-receive hook rejecting offenders',
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes: 0 nothing blocked (warnings allowed), 1 something blocked, 2 usage or environment error.',
    'history exits 1 when a secret file is found in history, 0 (printing nothing) when it is clean.',
    '',
  ].join('\n')
}
