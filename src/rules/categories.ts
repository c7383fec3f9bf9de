import type { CategoryId, Severity } from '../types.js'

/** Categories whose files hold secrets: once committed, rotate them, then purge history. */
export const SECRET_CATEGORIES: ReadonlySet<string> = new Set(['env', 'credential'])

/**
 * One row of the rule table.
 * - `dir`: a glob for a directory name; everything below any directory of that name matches.
 * - `file`: a glob for a file's base name, at any depth.
 * `except` globs are tested against the base name (file rules) or against the path inside
 * the matched directory (dir rules). `gitignore` holds the lines that keep such paths out.
 */
export interface RuleRow {
  readonly dir?: string
  readonly file?: string
  readonly except?: readonly string[]
  readonly gitignore: readonly string[]
  /**
   * An ambiguous name: the path offends only when its staged blob passes this content check
   * (src/content/credential.ts). Such rows have no broad `.gitignore` line: the recovery
   * anchors the offending path itself, so a public `cert.pem` never becomes ignored.
   */
  readonly content?: ContentCheck
}

export type ContentCheck = 'private-key' | 'openpgp-secret-key' | 'npm-auth' | 'pypi-password'

export interface Category {
  readonly id: CategoryId
  readonly severity: Exclude<Severity, 'off'>
  readonly rules: readonly RuleRow[]
  /**
   * Virtualenvs of any name are found by their marker files, not by a glob; `content`
   * categories are judged from staged blobs and the disk (src/content/), not from paths.
   */
  readonly detector?: 'venv-markers' | 'content'
}

/**
 * Env templates: `.env.*` and `*.env` names whose last suffix is .example, .sample, .template,
 * .dist or .defaults (Symfony's and others' committed-defaults names).
 */
export const ENV_TEMPLATE_SUFFIXES = [
  '*.example',
  '*.sample',
  '*.template',
  '*.dist',
  '*.defaults',
] as const

/** `example.env`, `sample.env`, `template.env` (or `.example.env` …): templates by their first word. */
const ENV_TEMPLATE_PREFIXED = [
  'example.env',
  'sample.env',
  'template.env',
  '.example.env',
  '.sample.env',
  '.template.env',
] as const

const ENV_LINES = ['.env', '.env.*', '!.env.example'] as const

/**
 * The category table (the README's "What it blocks" lists it for users), in report order. Severity ranks first when one
 * path matches several categories; then this order (so a venv's __pycache__ stays in `venv`).
 */
export const CATEGORIES = [
  // Files `.env`, `.env.*`, `*.env`, except templates.
  {
    id: 'env',
    severity: 'block',
    rules: [
      { file: '.env', gitignore: ENV_LINES },
      { file: '.env.*', except: ENV_TEMPLATE_SUFFIXES, gitignore: ENV_LINES },
      {
        file: '*.env',
        except: [...ENV_TEMPLATE_SUFFIXES, ...ENV_TEMPLATE_PREFIXED],
        gitignore: [...ENV_LINES, '*.env'],
      },
    ],
  },
  // A directory named .venv, venv, ENV or .env, or any directory holding venv markers.
  {
    id: 'venv',
    severity: 'block',
    detector: 'venv-markers',
    rules: [
      { dir: '.venv', gitignore: ['.venv/'] },
      { dir: 'venv', gitignore: ['venv/'] },
      { dir: 'ENV', gitignore: ['ENV/'] },
      { dir: '.env', gitignore: ['.env/'] },
    ],
  },
  // Any `__pycache__` segment; *.pyc, *.pyo, *.pyd, *$py.class, .Python.
  {
    id: 'bytecode',
    severity: 'block',
    rules: [
      { dir: '__pycache__', gitignore: ['__pycache__/'] },
      { file: '*.py[cod]', gitignore: ['*.py[cod]'] },
      { file: '*$py.class', gitignore: ['*$py.class'] },
      { file: '.Python', gitignore: ['.Python'] },
    ],
  },
  // Anything under uploads/; *.pdf, *.docx, *.pptx, *.csv, *.xlsx.
  {
    id: 'upload',
    severity: 'block',
    rules: [
      { dir: 'uploads', gitignore: ['uploads/'] },
      { file: '*.pdf', gitignore: ['*.pdf'] },
      { file: '*.docx', gitignore: ['*.docx'] },
      { file: '*.pptx', gitignore: ['*.pptx'] },
      { file: '*.csv', gitignore: ['*.csv'] },
      { file: '*.xlsx', gitignore: ['*.xlsx'] },
    ],
  },
  // Private keys and credential stores by name (a PuTTY `*.ppk` always holds a private key,
  // passphrase or not); `*.pem`, `*.key`, `*.asc`, `*.gpg`, `*.pgp`, `.npmrc` and `.pypirc`
  // only when the staged blob holds a private key or an auth token; env backups.
  {
    id: 'credential',
    severity: 'block',
    rules: [
      { file: 'id_rsa', gitignore: ['id_rsa'] },
      { file: 'id_dsa', gitignore: ['id_dsa'] },
      { file: 'id_ecdsa', gitignore: ['id_ecdsa'] },
      { file: 'id_ed25519', gitignore: ['id_ed25519'] },
      { file: '*.pem', content: 'private-key', gitignore: [] },
      { file: '*.key', content: 'private-key', gitignore: [] },
      { file: '*.asc', content: 'private-key', gitignore: [] },
      { file: '*.gpg', content: 'openpgp-secret-key', gitignore: [] },
      { file: '*.pgp', content: 'openpgp-secret-key', gitignore: [] },
      { file: '*.ppk', gitignore: ['*.ppk'] },
      { file: '*.p12', gitignore: ['*.p12'] },
      { file: '*.pfx', gitignore: ['*.pfx'] },
      { file: '*.jks', gitignore: ['*.jks'] },
      { file: '*.keystore', gitignore: ['*.keystore'] },
      { file: '.netrc', gitignore: ['.netrc'] },
      { file: '.git-credentials', gitignore: ['.git-credentials'] },
      { file: '.pypirc', content: 'pypi-password', gitignore: [] },
      { file: '.npmrc', content: 'npm-auth', gitignore: [] },
      { file: '*.tfvars', gitignore: ['*.tfvars'] },
      { file: '*.tfstate', gitignore: ['*.tfstate'] },
      { file: '*.tfstate.*', gitignore: ['*.tfstate.*'] },
      { file: '.envrc', gitignore: ['.envrc'] },
      { file: '*.env~', gitignore: ['*.env~'] },
      { file: '*.env.bak', gitignore: ['*.env.bak'] },
      { file: '*.env.old', gitignore: ['*.env.old'] },
      { file: '*.env.swp', gitignore: ['*.env.swp'] },
    ],
  },
  // A committed template must hold placeholders only (read from the staged blob).
  {
    id: 'env-template',
    severity: 'block',
    detector: 'content',
    rules: [],
  },
  {
    id: 'log',
    severity: 'warn',
    rules: [
      { file: '*.log', gitignore: ['*.log'] },
      { dir: 'logs', gitignore: ['logs/'] },
    ],
  },
  {
    id: 'test-cache',
    severity: 'warn',
    rules: [
      { dir: '.pytest_cache', gitignore: ['.pytest_cache/'] },
      { file: '.coverage', gitignore: ['.coverage'] },
      { file: 'coverage.xml', gitignore: ['coverage.xml'] },
      { dir: 'htmlcov', gitignore: ['htmlcov/'] },
      { dir: '.tox', gitignore: ['.tox/'] },
    ],
  },
  {
    id: 'lint-cache',
    severity: 'warn',
    rules: [
      { dir: '.mypy_cache', gitignore: ['.mypy_cache/'] },
      { dir: '.ruff_cache', gitignore: ['.ruff_cache/'] },
    ],
  },
  // `.vscode/*` rather than `.vscode/`: git cannot re-include a file whose parent directory
  // is excluded, and `.vscode/extensions.json` must stay shareable (gitignore(5), NOTES).
  {
    id: 'editor',
    severity: 'warn',
    rules: [
      {
        dir: '.vscode',
        except: ['extensions.json'],
        gitignore: ['**/.vscode/*', '!**/.vscode/extensions.json'],
      },
      { dir: '.idea', gitignore: ['.idea/'] },
      { file: '*.swp', gitignore: ['*.swp'] },
      { file: '*.swo', gitignore: ['*.swo'] },
      { file: '.DS_Store', gitignore: ['.DS_Store'] },
      { file: 'Thumbs.db', gitignore: ['Thumbs.db'] },
    ],
  },
  {
    id: 'build',
    severity: 'warn',
    rules: [
      { dir: 'dist', gitignore: ['dist/'] },
      { dir: 'build', gitignore: ['build/'] },
      { dir: '*.egg-info', gitignore: ['*.egg-info/'] },
    ],
  },
  {
    id: 'docker',
    severity: 'warn',
    rules: [{ dir: '.docker', gitignore: ['.docker/'] }],
  },
  {
    id: 'node',
    severity: 'warn',
    rules: [
      { dir: 'node_modules', gitignore: ['node_modules/'] },
      { dir: '.next', gitignore: ['.next/'] },
    ],
  },
  // The template is the onboarding contract; keys only in a local `.env` drift from it.
  {
    id: 'env-drift',
    severity: 'warn',
    detector: 'content',
    rules: [],
  },
  {
    id: 'large-file',
    severity: 'warn',
    detector: 'content',
    rules: [],
  },
] as const satisfies readonly Category[]

/** Stable id of a rule row, used in findings and JSON: `category:pattern` (`dir/` for dirs). */
export function ruleIdOf(category: string, row: RuleRow): string {
  return `${category}:${row.dir !== undefined ? `${row.dir}/` : (row.file ?? '')}`
}

export const VENV_MARKER_RULE_ID = 'venv:markers'

/** Rule ids whose findings hold only when the staged blob passes a content check. */
export const CONTENT_GATED: ReadonlyMap<string, ContentCheck> = new Map(
  CATEGORIES.flatMap((category) =>
    (category.rules as readonly RuleRow[]).flatMap((row) =>
      row.content ? [[ruleIdOf(category.id, row), row.content] as const] : [],
    ),
  ),
)

/** The same rule ids as a set, to leave them out when judging paths alone. */
export const CONTENT_GATED_IDS: ReadonlySet<string> = new Set(CONTENT_GATED.keys())

/** Categories that are advice about content: recovered by editing a file, never by `git rm`. */
export const ADVICE_CATEGORIES: ReadonlySet<string> = new Set<CategoryId>([
  'env-template',
  'env-drift',
  'large-file',
])

/** Big files warn above this size unless configured (`largeFile.threshold`). */
export const DEFAULT_LARGE_FILE_BYTES = 5 * 1024 * 1024

/** The configured severity of a category, or its default. */
export function severityOf(
  id: CategoryId,
  severities: Partial<Record<CategoryId, Severity>> | undefined,
): Severity {
  return severities?.[id] ?? CATEGORIES.find((category) => category.id === id)?.severity ?? 'off'
}
