import { parseArgs } from 'node:util'
import { printable, UsageError } from './errors.js'

export type Format = 'text' | 'json' | 'sarif'

/** What every judging command shares. */
interface Output {
  format: Format
  quiet: boolean
  noColor: boolean
  /** `--config <file>`, relative to the cwd. */
  config: string | undefined
}

/** The command line, parsed: one request per command, carrying only what that command takes. */
export type Request =
  | (Output & {
      command: 'check'
      /** What to judge: the staged change, the whole index, or these paths among them. */
      selection: { kind: 'staged' } | { kind: 'all' } | { kind: 'paths'; paths: string[] }
      fix: boolean
    })
  | (Output & {
      command: 'commits'
      /** `--range A..B`, or `--pre-receive` / `--pre-push` with git's ref lines on stdin. */
      source: { kind: 'range'; range: string } | { kind: 'pre-receive' } | { kind: 'pre-push' }
    })
  | (Output & { command: 'history' })
  | (Output & { command: 'explain'; path: string })
  | { command: 'init'; lintStaged: boolean; dryRun: boolean }
  | { command: 'doctor' }
  | { command: 'demo'; noColor: boolean }
  | { command: 'help' }
  | { command: 'version' }

type CommandWord = 'check' | 'commits' | 'history' | 'explain' | 'init' | 'demo' | 'doctor'

/** The words a user may type first; `commits` is reached through --range, --pre-receive, --pre-push. */
const COMMAND_WORDS = ['check', 'demo', 'init', 'explain', 'history', 'doctor'] as const

const JUDGING: readonly CommandWord[] = ['check', 'commits', 'history', 'explain']

/**
 * The option table: parsing, `--help` and which command takes which option all come from it.
 * `for` lists the commands an option belongs to; any other command refuses it.
 */
const OPTIONS = {
  all: {
    type: 'boolean',
    for: ['check'],
    help: 'judge every path in the index, not only the staged change',
  },
  range: {
    type: 'string',
    for: ['commits'],
    help: 'judge what the commits A..B added or modified (CI; a bare rev is one commit)',
    value: '<A..B>',
  },
  'pre-receive': {
    type: 'boolean',
    for: ['commits'],
    help: 'server hook: judge the pushed commits named on stdin, reject offenders',
  },
  'pre-push': {
    type: 'boolean',
    for: ['commits'],
    help: 'pre-push hook: judge the commits about to be pushed, stop the push on offenders',
  },
  fix: {
    type: 'boolean',
    for: ['check'],
    help: 'apply the recovery: untrack offenders, append .gitignore lines',
  },
  format: {
    type: 'string',
    for: JUDGING,
    help: 'output format: text (default), json or sarif',
    value: '<format>',
  },
  config: {
    type: 'string',
    for: JUDGING,
    help: 'read the configuration from this file',
    value: '<file>',
  },
  quiet: {
    type: 'boolean',
    short: 'q',
    for: JUDGING,
    help: 'print nothing unless something is blocked',
  },
  'no-color': {
    type: 'boolean',
    for: [...JUDGING, 'demo'],
    help: 'no colour (NO_COLOR and FORCE_COLOR are honoured too)',
  },
  'lint-staged': {
    type: 'boolean',
    for: ['init'],
    help: 'init: run the guard through lint-staged',
  },
  'dry-run': {
    type: 'boolean',
    for: ['init'],
    help: 'init: show what would change, write nothing',
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'v', help: 'show the version' },
} as const satisfies Record<
  string,
  {
    type: 'boolean' | 'string'
    short?: string
    for?: readonly CommandWord[]
    help: string
    value?: string
  }
>

type OptionName = keyof typeof OPTIONS

/** The commands an option belongs to; undefined: every command (--help, --version). */
const ownersOf = (name: OptionName): readonly CommandWord[] | undefined =>
  (OPTIONS[name] as { for?: readonly CommandWord[] }).for

/** Formats each command can print. */
const FORMATS: Record<CommandWord, readonly Format[]> = {
  check: ['text', 'json', 'sarif'],
  commits: ['text', 'json', 'sarif'],
  history: ['text', 'json'],
  explain: ['text', 'json'],
  init: ['text'],
  demo: ['text'],
  doctor: ['text'],
}

const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, o]) => [
    name,
    { type: o.type, ...('short' in o ? { short: o.short } : {}) },
  ]),
)

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: PARSE_OPTIONS,
      allowPositionals: true,
      strict: true,
    })
  } catch {
    throw argvProblem(argv)
  }
}

/**
 * The one line for argv that parseArgs refused, in our words: Node's own message has an
 * unbalanced quote and names no fix. Found again from the lenient parse's tokens.
 */
function argvProblem(argv: readonly string[]): UsageError {
  const { tokens } = parseArgs({
    args: [...argv],
    options: PARSE_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  })
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const raw = printable(token.rawName)
    const option = Object.hasOwn(OPTIONS, token.name)
      ? (OPTIONS[token.name as OptionName] as { type: string; value?: string })
      : undefined
    if (!option) return unknownOption(token.rawName, argv[token.index] ?? token.rawName)
    const usage = `--${token.name}${option.value ? ` ${option.value}` : ''}`
    if (option.type === 'boolean' && token.value !== undefined) {
      return new UsageError(`${raw} takes no value`, `write ${raw} alone`)
    }
    if (option.type === 'string' && token.value === undefined) {
      return new UsageError(`${raw} needs a value`, usage)
    }
    if (option.type === 'string' && !token.inlineValue && token.value?.startsWith('-')) {
      return new UsageError(
        `${raw} needs a value, not the option ${printable(token.value)}`,
        `${usage}, or --${token.name}=${printable(token.value)} if that is the value`,
      )
    }
  }
  return new UsageError('cannot read the command line', 'see precommit-guard --help')
}

/** `--quite`: unknown, with the nearest real option when there is one. */
function unknownOption(rawName: string, typed: string): UsageError {
  const names = Object.keys(OPTIONS)
  // `-quiet` is read as the short options -q -u -i…: the user meant the long one.
  const single = /^-([a-z][a-z-]+)/.exec(typed)?.[1]
  const suggestion =
    single && names.includes(single)
      ? `--${single}`
      : rawName.startsWith('--')
        ? nearest(rawName.slice(2), names).map((name) => `--${name}`)[0]
        : undefined
  const shown = printable(single && names.includes(single) ? typed : rawName)
  return new UsageError(
    `unknown option ${shown}`,
    suggestion
      ? `did you mean ${suggestion}? (see precommit-guard --help)`
      : 'see precommit-guard --help',
  )
}

/** Edit distance with transpositions (optimal string alignment): `initt`, `--quite`. */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      }
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/**
 * The candidates `word` is most likely a typo of, closest first: within one edit for short
 * words and two for longer ones, or a prefix of at least three letters (`hist`).
 */
function nearest(word: string, candidates: readonly string[]): string[] {
  const typed = word.toLowerCase()
  const limit = typed.length <= 4 ? 1 : 2
  return candidates
    .map((candidate) => ({
      candidate,
      d: typed.length >= 3 && candidate.startsWith(typed) ? 1 : distance(typed, candidate),
    }))
    .filter(({ d }) => d <= limit)
    .sort((x, y) => x.d - y.d)
    .map(({ candidate }) => candidate)
}

/**
 * A first word that is no command but reads like a typo of one (`initt`, `Init`, `hist`), and
 * names nothing on disk: stop with a suggestion instead of judging it as a path. Anything else
 * (a real file, a name with `/` or `.`) goes on as a path.
 */
function commandTypo(word: string, exists: (path: string) => boolean): UsageError | undefined {
  if ((COMMAND_WORDS as readonly string[]).includes(word)) return undefined
  if (/[./\\]/.test(word) || word.startsWith('-')) return undefined
  const [suggestion] = nearest(word, [...COMMAND_WORDS, 'help'])
  if (suggestion === undefined || exists(word)) return undefined
  return new UsageError(
    `unknown command ${printable(word)}`,
    `did you mean \`precommit-guard ${suggestion}\`? (to judge a file of that name: precommit-guard check ${printable(word)})`,
  )
}

/** How parseCli looks at the disk: only whether a word names a file (cli.ts provides it). */
export interface ParseContext {
  exists: (path: string) => boolean
}

export function parseCli(
  argv: readonly string[],
  context: ParseContext = { exists: () => false },
): Request {
  const { values, positionals } = parse(argv)
  const given = (Object.keys(OPTIONS) as OptionName[]).filter((name) => values[name] !== undefined)
  if (given.includes('help')) return { command: 'help' }
  if (given.includes('version')) return { command: 'version' }

  const [first, ...rest] = positionals
  // `precommit-guard help` is what people type first; `check help` judges a file named so.
  if (first === 'help') return { command: 'help' }
  const typo = first === undefined ? undefined : commandTypo(first, context.exists)
  if (typo) throw typo
  const typed = (COMMAND_WORDS as readonly string[]).includes(first ?? '')
  const word = typed ? (first as CommandWord) : 'check'
  const args = typed ? rest : positionals
  const range = values.range as string | undefined
  const preReceive = values['pre-receive'] === true
  const prePush = values['pre-push'] === true
  const modes = [
    range !== undefined && '--range',
    preReceive && '--pre-receive',
    prePush && '--pre-push',
  ]
  const chosen = modes.filter((mode): mode is string => mode !== false)
  if (chosen.length > 1) {
    throw new UsageError(`${chosen.join(' and ')} exclude each other`, 'pick one')
  }
  // --range, --pre-receive and --pre-push turn the default command into `commits`.
  const command: CommandWord = word === 'check' && chosen.length > 0 ? 'commits' : word

  for (const name of given) {
    const allowed = ownersOf(name)
    if (allowed && !allowed.includes(command)) throw misplaced(name, command)
  }
  const format = (values.format ?? 'text') as string
  if (!(FORMATS[command] as readonly string[]).includes(format)) {
    if (command === 'history' && format === 'sarif') throw misplaced('format', command)
    throw new UsageError(
      `${command === 'check' || command === 'commits' ? '' : `${command}: `}unknown format: ${format}`,
      `use --format ${FORMATS[command].join(', ')}`,
    )
  }
  const output: Output = {
    format: format as Format,
    quiet: values.quiet === true,
    noColor: values['no-color'] === true,
    config: values.config as string | undefined,
  }
  switch (command) {
    case 'check': {
      const all = values.all === true
      if (all && args.length > 0) {
        throw new UsageError(
          '--all judges the whole index and takes no paths',
          'drop --all or the paths',
        )
      }
      return {
        command,
        ...output,
        selection: all
          ? { kind: 'all' }
          : args.length > 0
            ? { kind: 'paths', paths: args }
            : { kind: 'staged' },
        fix: values.fix === true,
      }
    }
    case 'commits': {
      // git passes a pre-push hook the remote's name and URL; a hook that forwards "$@" works.
      if (args.length > (prePush ? 2 : 0)) throw misplaced(null, command)
      return {
        command,
        ...output,
        source:
          range !== undefined
            ? { kind: 'range', range }
            : { kind: prePush ? 'pre-push' : 'pre-receive' },
      }
    }
    case 'explain':
      if (args.length !== 1) {
        throw new UsageError('explain takes exactly one path', 'precommit-guard explain <path>')
      }
      return { command, ...output, path: args[0]! }
    case 'history':
      if (args.length > 0) throw new UsageError('history takes no arguments')
      return { command, ...output }
    case 'init':
      if (args.length > 0) throw new UsageError('init takes no arguments')
      return {
        command,
        lintStaged: values['lint-staged'] === true,
        dryRun: values['dry-run'] === true,
      }
    case 'demo':
      if (args.length > 0) throw new UsageError('demo takes no arguments')
      return { command, noColor: output.noColor }
    case 'doctor':
      if (args.length > 0) throw new UsageError('doctor takes no arguments')
      return { command }
  }
}

/** The one line for an option (or paths, when `name` is null) that the command does not take. */
function misplaced(name: OptionName | null, command: CommandWord): UsageError {
  if (command === 'commits') {
    return new UsageError(
      '--range, --pre-receive and --pre-push judge commits and take no paths, --all or --fix',
      'follow the printed steps to take offenders out of the commits',
    )
  }
  if (command === 'history') {
    return new UsageError(
      `history only reads; --${name} does not go with it`,
      'precommit-guard history [--format json]',
    )
  }
  const owners = (name && ownersOf(name)) || []
  const where =
    owners.includes('commits') && owners.length === 1
      ? '--range/--pre-receive/--pre-push'
      : owners.join(', ')
  return new UsageError(
    `--${name} does not go with ${command}`,
    `--${name} belongs to ${where}; see precommit-guard --help`,
  )
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
    '  precommit-guard doctor                         is the guard active in this clone? what to run if not',
    '  precommit-guard explain <path>                 which rule matches a path and why, or why not',
    '  precommit-guard --range <A..B>                 CI: judge what the commits of a range added',
    '  precommit-guard --pre-receive                  server: a pre-receive hook rejecting offenders',
    '  precommit-guard --pre-push                     a pre-push hook: judge the commits being pushed',
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes: 0 nothing blocked (warnings allowed), 1 something blocked, 2 usage or environment error.',
    'history exits 1 when a secret file is found in history, 0 (printing nothing) when it is clean.',
    '',
  ].join('\n')
}
