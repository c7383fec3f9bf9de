/**
 * Where lint-staged reads its configuration besides the package.json key, by the way `init`
 * can edit it: JSON and YAML files are edited, a script is only given the exact task to add.
 */
export const LINT_STAGED_FILES = {
  json: ['.lintstagedrc', '.lintstagedrc.json'],
  yaml: ['.lintstagedrc.yaml', '.lintstagedrc.yml'],
  script: [
    '.lintstagedrc.mjs',
    '.lintstagedrc.cjs',
    '.lintstagedrc.js',
    'lint-staged.config.js',
    'lint-staged.config.mjs',
    'lint-staged.config.cjs',
  ],
} as const
