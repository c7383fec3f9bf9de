/**
 * The peers' configuration, committed in every generated repository: path rules equivalent to
 * the guard's blocking categories (env, bytecode, venv by name, upload), so that each tool
 * judges the same paths. Regexes over the repository-relative path.
 */
const RULES = [
  {
    id: 'env',
    files: '(^|/)(\\.env|\\.env\\.[^/]*|[^/]*\\.env)$',
    exclude: '\\.(example|sample|template)$',
  },
  { id: 'bytecode', files: '(^|/)__pycache__/|\\.py[cod]$|\\$py\\.class$|(^|/)\\.Python$' },
  { id: 'venv', files: '(^|/)(\\.venv|venv|ENV|\\.env)/' },
  { id: 'upload', files: '(^|/)uploads/|\\.(pdf|docx|pptx|csv|xlsx)$' },
]

/** git-precommit-checks matches content: `[\s\S]` flags any non-empty file its filter selects. */
function gitPrecommitChecksJson() {
  const rules = RULES.map((rule) => ({
    filter: rule.exclude ? `^(?!.*${rule.exclude})(?:.*(?:${rule.files}))` : rule.files,
    message: `${rule.id}: must not be committed`,
    regex: '[\\s\\S]',
  }))
  const display = { notifications: false, offendingContent: false, rulesSummary: false }
  return `${JSON.stringify({ display: { ...display, shortStats: true, verbose: false }, rules }, null, 2)}\n`
}

/** The pre-commit framework: `language: fail` hooks fail whenever a staged file matches. */
function preCommitYaml() {
  const hooks = RULES.map((rule) =>
    [
      `      - id: ${rule.id}`,
      `        name: ${rule.id}`,
      `        entry: '${rule.id}: must not be committed'`,
      '        language: fail',
      `        files: '${rule.files}'`,
      ...(rule.exclude ? [`        exclude: '${rule.exclude}'`] : []),
    ].join('\n'),
  )
  return `repos:\n  - repo: local\n    hooks:\n${hooks.join('\n')}\n`
}

export const PEER_FILES = {
  'git-precommit-checks.json': gitPrecommitChecksJson(),
  '.pre-commit-config.yaml': preCommitYaml(),
  '.gitignore': '/node_modules/\n',
  'README.md': '# bench\n',
}
