// Public API: the check as a library (the CLI is a thin layer over it).
export { runCheck, type CheckOptions, type Report } from './commands/check.js'
export { CATEGORIES, type Category, type RuleRow } from './rules/categories.js'
export { compileRules, type Matcher, type MatchOptions, type ExtraRule } from './rules/match.js'
export { renderJson } from './report/json.js'
export { renderText } from './report/text.js'
export { shellQuote, literalPathspec } from './recovery/quote.js'
export type { Finding, StagedEntry, Severity, CategoryId } from './types.js'
