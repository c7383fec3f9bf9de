import fc from 'fast-check'

/**
 * Generators for the property suite: trees of real-world and hostile names, git states,
 * existing .gitignore content and configuration. Data only; scenario.ts builds the repository.
 */

/** How a file reaches the repository before the guard runs. */
const FILE_STATES = [
  'new', // staged new file (A)
  'new-modified-again', // staged, then changed on disk again (git rm --cached needs -f)
  'committed', // in HEAD, unchanged: not judged
  'modified', // in HEAD, changed and staged (M)
  'modified-again', // in HEAD, changed and staged, then changed again on disk
  'deleted', // in HEAD, removed from the index (a staged deletion is the fix, never an offence)
  'renamed', // in HEAD under another name, moved with git mv
  'untracked', // on disk only: not judged
  'symlink', // a staged symbolic link (judged by its path like a file)
] as const
type FileState = (typeof FILE_STATES)[number]

const REAL_DIRS = [
  'src',
  'env',
  '.venv',
  'venv',
  'uploads',
  '__pycache__',
  'node_modules',
  'build',
  'dist',
  'logs',
  'docs',
  'secrets',
  'bin',
  '.vscode',
]

const REAL_NAMES = [
  '.env',
  '.env.local',
  '.env.production',
  '.env.example',
  '.env.sample',
  'prod.env',
  '.ENV',
  'app.py',
  'mod.pyc',
  'report.pdf',
  'data.csv',
  'debug.log',
  '.coverage',
  '.DS_Store',
  'pyvenv.cfg',
  'activate',
  'extensions.json',
  'README.md',
  '.gitkeep',
]

// Characters that break naive quoting, globbing, pathspecs, .gitignore patterns or decoding.
const HOSTILE_CHARS = [
  ...'aZ09 \'"$()`\n\t-*?[]\\!#~&;|<>{}:%=.',
  '\r',
  '\u001b', // ESC: a name that could redraw the terminal
  '\u009b', // C1 CSI
  '\u202e', // right-to-left override
  'é',
  'e\u0301', // the same letter decomposed (NFD)
  '日',
  '😀',
]

const hostileWord = fc
  .string({ unit: fc.constantFrom(...HOSTILE_CHARS), minLength: 1, maxLength: 10 })
  .filter(isValidSegment)

/** Injection attempts: would leave a CANARY file behind if a shell ever ran them. */
const INJECTIONS = [
  '$(touch CANARY)',
  '`touch CANARY`',
  "'; touch CANARY; '",
  '-rf',
  '--cached',
  ':(glob)*',
]

const hostileSegment = fc.oneof(
  hostileWord,
  fc.constantFrom(...INJECTIONS),
  fc.integer({ min: 100, max: 240 }).map((n) => 'L'.repeat(n)), // long, still under NAME_MAX
)

const dirName = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...REAL_DIRS) }, hostileSegment)

const baseName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...REAL_NAMES) },
  hostileSegment,
  // A hostile stem with an offending suffix, so hostile names reach the recovery.
  fc
    .tuple(hostileWord, fc.constantFrom('.env', '.pyc', '.csv', '.log', '.env.example'))
    .map(([stem, suffix]) => stem + suffix),
)

/** What git accepts as a path segment (no `.git`, and nothing NTFS would alias to it). */
function isValidSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..' || segment.includes('/')) return false
  const bare = segment.toLowerCase().replace(/[. ]+$/, '')
  return bare !== '.git' && bare !== 'git~1' && Buffer.byteLength(segment) <= 255
}

export interface FileSpec {
  path: string
  state: FileState
}

const fileSpec = fc.record({
  dirs: fc.array(dirName, { maxLength: 3 }),
  base: baseName,
  state: fc.constantFrom(...FILE_STATES),
})

/**
 * Files with unique paths, none of which is also a directory of another (the first wins:
 * deterministic, so shrinking stays meaningful).
 */
const files = fc.array(fileSpec, { minLength: 1, maxLength: 8 }).map((specs) => {
  const kept: FileSpec[] = []
  const dirs = new Set<string>()
  for (const { dirs: parts, base, state } of specs) {
    const path = [...parts, base].join('/')
    if (Buffer.byteLength(path) > 1000) continue
    const parents = parts.map((_, i) => parts.slice(0, i + 1).join('/'))
    const clash =
      dirs.has(path) ||
      kept.some((f) => f.path === path || parents.includes(f.path)) ||
      path === '.gitignore' ||
      path === '.precommit-guard.json'
    if (clash) continue
    parents.forEach((parent) => dirs.add(parent))
    kept.push({ path, state })
  }
  return kept
})

const GITIGNORE_LINES = [
  '.env',
  '.env.*',
  '!.env.example',
  '*.pyc',
  '__pycache__/',
  'venv/',
  '.venv/',
  'uploads/',
  '*.log',
  '*.csv',
  '/build',
  'node_modules',
  '# a comment',
  '',
]

/** An existing root .gitignore (undefined: none), with or without a final newline. */
const gitignore = fc.option(
  fc
    .tuple(fc.subarray(GITIGNORE_LINES), fc.boolean())
    .map(([lines, newline]) => lines.join('\n') + (newline && lines.length > 0 ? '\n' : '')),
  { nil: undefined },
)

/** A .gitignore in a subdirectory (undefined: none): deeper files take precedence in git. */
const nestedGitignore = fc.option(
  fc.record({
    dir: fc.constantFrom('src', 'env', 'docs', 'uploads'),
    content: fc
      .subarray(['*.pyc', '!.env', '!*.csv', '.env.local', '*', '!keep.txt'], { minLength: 1 })
      .map((lines) => `${lines.join('\n')}\n`),
  }),
  { nil: undefined },
)

const CONFIG_GLOBS = ['**/*.csv', 'docs/**', '**/.env.local', 'uploads/**', '**/*.log']
const CONFIGURABLE = ['env', 'bytecode', 'venv', 'upload', 'log', 'editor', 'build', 'node']

/** A .precommit-guard.json (undefined: none): allow globs, severities, an extra rule. */
const config = fc.option(
  fc.record(
    {
      allow: fc.subarray(CONFIG_GLOBS, { minLength: 1 }),
      categories: fc.dictionary(
        fc.constantFrom(...CONFIGURABLE),
        fc.constantFrom('block', 'warn', 'off'),
        { maxKeys: 3 },
      ),
      rules: fc.constant([{ id: 'secrets-dir', pattern: 'secrets/**', severity: 'block' }]),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
)

export interface Scenario {
  files: FileSpec[]
  /** Make an initial commit; without one the branch is unborn and every state degrades to new. */
  commitFirst: boolean
  gitignore: string | undefined
  nestedGitignore?: { dir: string; content: string } | undefined
  config: object | undefined
  /** Take the printed commands from a run in a subdirectory rather than the root. */
  fromSubdir: boolean
  /** `core.ignorecase` (then `.ENV` offends, and ignore rules fold case too). */
  ignoreCase?: boolean
  /** Give every other staged entry the skip-worktree bit (git rm then needs `--sparse`). */
  skipWorktree?: boolean
}

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  files,
  commitFirst: fc.boolean(),
  gitignore,
  nestedGitignore,
  config,
  fromSubdir: fc.boolean(),
  ignoreCase: fc.boolean(),
  skipWorktree: fc.boolean(),
})
