import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The import directions of docs/architecture.md, checked: a folder may import only what its
 * row allows. `pathspec.js` is pure string work, so every layer may form pathspecs.
 */
const SIDE_EFFECTS = ['node:fs', 'node:fs/*', 'node:child_process', 'simple-git']
const ORCHESTRATION = ['../commands/*', '../worktree/*', '../git/*', '!../git/pathspec.js']
const onlyImport = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
})

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs'] } },
    },
    rules: {
      // A forgotten await in a guard is a silent pass.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  onlyImport(
    ['src/rules/**'],
    [
      ...SIDE_EFFECTS,
      ...ORCHESTRATION,
      '../recovery/*',
      '../content/*',
      '../report/*',
      '../config/*',
      '../init/*',
    ],
    'rules/ is the pure rule table and matcher: it imports only types.ts and picomatch',
  ),
  onlyImport(
    ['src/recovery/**', 'src/content/**', 'src/init/**'],
    [...SIDE_EFFECTS, ...ORCHESTRATION, '../report/*', '!../report/messages.js'],
    'a pure folder: git and the disk reach it as data or as a function it is handed',
  ),
  onlyImport(
    ['src/report/**'],
    [...SIDE_EFFECTS, ...ORCHESTRATION, '../content/*', '../config/*', '../init/*'],
    'report/ words data: renderers take a Report (or another shape of types.ts) and a Style',
  ),
  onlyImport(
    ['src/git/**'],
    ['../*', '!../types.js', '!../errors.js'],
    'git/ runs and parses git, nothing else: no policy, no wording',
  ),
  onlyImport(
    ['src/config/**', 'src/worktree/**'],
    [
      'node:child_process',
      'simple-git',
      '../commands/*',
      '../init/*',
      '../report/*',
      '../git/*',
      '../recovery/*',
      '../content/*',
    ],
    'config/ and worktree/ read files for the commands; they import rules/ and types only',
  ),
  onlyImport(
    ['src/*.ts', 'src/commands/**'],
    ['node:child_process', 'simple-git'],
    'every git process starts in git/: ask it for the facts a command needs',
  ),
  {
    ...onlyImport(
      ['src/commands/**'],
      ['node:child_process', 'simple-git', '../report/*'],
      'a command returns data and cli.ts words it; only the demo, itself a show, renders',
    ),
    ignores: ['src/commands/demo.ts'],
  },
  onlyImport(
    ['src/cli.ts'],
    [
      'node:child_process',
      'simple-git',
      './git/*',
      './worktree/*',
      './config/*',
      './rules/*',
      './content/*',
      './recovery/*',
      './init/*',
    ],
    'cli.ts is the process boundary: it runs a command and renders what it returns',
  ),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
)
