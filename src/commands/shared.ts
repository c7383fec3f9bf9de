import type { ConfigFileReader } from '../config/discover.js'
import { loadConfigFrom } from '../config/load.js'
import type { GitContext } from '../git/exec.js'
import { openAnyRepo, openRepo, type Repo } from '../git/repo.js'
import { SECRET_CATEGORIES } from '../rules/categories.js'
import { compileRules, type Matcher } from '../rules/match.js'
import type {
  ConfigRules,
  Finding,
  IgnoreRule,
  Mode,
  Recovery,
  RecoveryFacts,
  JudgedObjectRef,
  RangeConfiguration,
  Report,
} from '../types.js'
import { readRootGitignore } from '../worktree/files.js'

export interface RepoAndRules {
  repo: Repo
  rules: ConfigRules | undefined
  matcher: Matcher
  /** The configuration file read (undefined: none, or rules given directly). */
  configName: string | undefined
}

/**
 * The start of every command that judges: locate the repository, load its configuration
 * (unless rules are given), compile the matcher. `bare` accepts a server's bare repository;
 * `readConfig` reads the repository's configuration files from elsewhere than the disk.
 */
export async function openRepoAndRules(
  ctx: GitContext,
  config: string | undefined,
  options: {
    bare?: boolean
    rules?: ConfigRules | undefined
    readConfig?: ConfigFileReader | undefined
  } = {},
): Promise<RepoAndRules> {
  const repo = await (options.bare ? openAnyRepo(ctx) : openRepo(ctx))
  const loaded = options.rules
    ? { rules: options.rules, name: undefined }
    : await loadConfigFrom(repo.top, ctx.cwd, config, options.readConfig)
  const matcher = compileRules({ ...loaded.rules, ignoreCase: repo.ignoreCase })
  return { repo, rules: loaded.rules, matcher, configName: loaded.name }
}

/** Config rules' own wording (`rules[].message`), shown instead of the generic one. */
function customMessagesOf(rules: ConfigRules | undefined): Map<string, string> {
  const messages = new Map<string, string>()
  for (const rule of rules?.extraRules ?? []) {
    if (rule.message !== undefined) messages.set(rule.id, rule.message)
  }
  return messages
}

const NO_RECOVERY: Recovery = {
  units: [],
  commands: [],
  gitignore: [],
  optionalCommands: [],
  optionalGitignore: [],
  unignorable: [],
}

/** The report of a check: its findings, the planned recovery and the facts the report words. */
export function assembleReport(input: {
  mode: Mode
  findings: Finding[]
  rules: ConfigRules | undefined
  recovery?: Recovery
  forceAdded?: Map<string, IgnoreRule>
  reincluded?: Map<string, IgnoreRule>
  envInHead?: string[]
  temporaryIndex?: boolean
  objectRefs?: JudgedObjectRef[]
  configuration?: RangeConfiguration | undefined
  preCommitFramework?: boolean
}): Report {
  const objectRefs = input.objectRefs ?? []
  return {
    mode: input.mode,
    blocked:
      objectRefs.some((ref) => ref.blocked) ||
      input.findings.some((finding) => finding.severity === 'block'),
    findings: input.findings,
    ...(input.recovery ?? NO_RECOVERY),
    forceAdded: input.forceAdded ?? new Map<string, IgnoreRule>(),
    reincluded: input.reincluded ?? new Map<string, IgnoreRule>(),
    envInHead: input.envInHead ?? [],
    temporaryIndex: input.temporaryIndex ?? false,
    preCommitFramework: input.preCommitFramework ?? false,
    customMessages: customMessagesOf(input.rules),
    ...(objectRefs.length > 0 ? { objectRefs } : {}),
    ...(input.configuration ? { configuration: input.configuration } : {}),
    configFile: input.rules?.file,
    hasAllow: input.rules?.allow !== undefined,
  }
}

const IN_HEAD = new Set(['M', 'T', '='])

/**
 * Secret offenders whose index entry differs from, or equals, one already in HEAD; an env file
 * whose content was read and held no real-looking value has nothing to rotate.
 */
export function secretsInHead(findings: readonly Finding[]): string[] {
  return findings
    .filter(
      (f) =>
        SECRET_CATEGORIES.has(f.category) && IN_HEAD.has(f.status) && f.detail?.realValue !== false,
    )
    .map((f) => f.path)
}

/**
 * The facts every recovery plan needs from the repository and its rules: the root
 * `.gitignore` (none on a bare server), and the judged paths that are not offenders but that a
 * category line could catch, which the planned lines must leave unignored.
 */
export function repositoryFacts(
  repo: Repo,
  matcher: Matcher,
  judgedPaths: readonly string[],
  offenders: ReadonlySet<string>,
): Pick<
  RecoveryFacts,
  'rootGitignore' | 'innocentPaths' | 'gitignoreOf' | 'ignoreCase' | 'sparseCheckout' | 'allow'
> {
  return {
    rootGitignore: repo.bare ? '' : readRootGitignore(repo.top),
    innocentPaths: judgedPaths.filter((path) => !offenders.has(path) && matcher.couldMatch(path)),
    gitignoreOf: (ruleId) => matcher.gitignoreOf(ruleId),
    ignoreCase: repo.ignoreCase,
    sparseCheckout: repo.sparseCheckout,
    allow: matcher.allowList,
  }
}
