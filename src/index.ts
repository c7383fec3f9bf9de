// Public API: the check as a library (the CLI is a thin layer over it).
export { runCheck, type CheckOptions } from './commands/check.js'
export { CATEGORIES, type Category, type RuleRow } from './rules/categories.js'
export { compileRules, type Matcher } from './rules/match.js'
export { renderJson } from './report/json.js'
export { renderText } from './report/text.js'
export { COLOR, PLAIN, type Style } from './report/style.js'
export { shellQuote } from './recovery/quote.js'
export { literalPathspec } from './git/pathspec.js'
export type { GitContext } from './git/exec.js'
export type {
  CategoryId,
  ConfigRules,
  ExtraRule,
  Finding,
  FindingDetail,
  FindingCode,
  MatchOptions,
  Report,
  Severity,
  StagedEntry,
} from './types.js'
