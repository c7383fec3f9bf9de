import picomatch from 'picomatch'
import { CONTENT_GATED_IDS } from '../content/select.js'
import { discoverConfig } from '../config/discover.js'
import { loadConfig, type ConfigRules } from '../config/load.js'
import { diskProbe } from '../worktree/disk-probe.js'
import type { GitContext } from '../git/exec.js'
import { openRepo } from '../git/repo.js'
import { resolvePathArgs } from '../worktree/path-args.js'
import { ENV_TEMPLATE_SUFFIXES, VENV_MARKER_RULE_ID } from '../rules/categories.js'
import { compileRules } from '../rules/match.js'
import type { DiskProbe } from '../rules/venv.js'
import type { Finding } from '../types.js'

/** Why a path is flagged or passes: data; `report/explain.ts` words it. */
export type Explanation =
  | {
      path: string
      verdict: 'block' | 'warn'
      category: string
      ruleId: string
      /** What matched: a segment, a base name, a venv marker, or a configuration rule. */
      why:
        | { kind: 'segment'; segment: string; glob: string }
        | { kind: 'name'; name: string; glob: string }
        | { kind: 'venv'; dir: string; marker: string | undefined }
        | { kind: 'config-rule'; pattern: string; message?: string }
      /** The configuration file in use, if any. */
      configSource: string | undefined
      /** The severity (or the rule itself) comes from that file, not from the defaults. */
      configured: boolean
    }
  | { path: string; verdict: 'allowed'; glob: string; configSource: string; otherwise?: string }
  | { path: string; verdict: 'template'; name: string; glob: string; configSource?: string }
  | { path: string; verdict: 'off'; category: string; configSource: string }
  | { path: string; verdict: 'pass'; configSource: string | undefined }

const VENV_MARKERS = ['pyvenv.cfg', 'bin/activate', 'Scripts/activate']

/** The marker that makes `dir` a virtualenv on disk, if any. */
function venvMarker(dir: string, probe: DiskProbe): string | undefined {
  const file = VENV_MARKERS.find((marker) => probe.isFile(`${dir}/${marker}`))
  if (file) return file
  const lib = probe.listDir(`${dir}/lib`).find((name) => /^python\d/.test(name))
  return lib && probe.listDir(`${dir}/lib/${lib}/site-packages`).length > 0
    ? `lib/${lib}/site-packages`
    : undefined
}

/**
 * `precommit-guard explain <path>`: judge one repository path (staged, on disk or neither)
 * with the configuration in force, and say which rule matches and why, or why it passes.
 */
export async function explainPath(options: {
  ctx: GitContext
  path: string
  config?: string | undefined
}): Promise<Explanation> {
  const { ctx } = options
  const repo = await openRepo(ctx)
  const [source, rules] = await Promise.all([
    discoverConfig(repo.top, ctx.cwd, options.config),
    loadConfig(repo.top, ctx.cwd, options.config),
  ])
  const configSource = rules ? source?.name : undefined
  const [path = ''] = resolvePathArgs([options.path], ctx.cwd, repo.top)
  const nocase = repo.ignoreCase
  const probe = diskProbe(repo.top)
  const entry = { path, status: 'A' as const, mode: '100644' }
  const glob = (pattern: string) => picomatch(pattern, { dot: true, nocase, windows: false })
  const base = path.slice(path.lastIndexOf('/') + 1)

  // Path rules only: `*.pem`, `*.key`, `.npmrc`, `.pypirc` are credentials only by content.
  const [finding] = compileRules({ ...rules, ignoreCase: nocase }).judge(
    [entry],
    probe,
    CONTENT_GATED_IDS,
  )
  if (finding) {
    return {
      path,
      verdict: finding.severity,
      category: finding.category,
      ruleId: finding.ruleId,
      why: whyMatched(finding, rules, base, glob, probe),
      configSource,
      configured:
        rules?.severities?.[finding.category as never] !== undefined ||
        rules?.extraRules?.some((rule) => rule.id === finding.category) === true,
    }
  }
  // Passes: find out what let it through, most specific first.
  const allowGlob = rules?.allow?.find((pattern) => glob(pattern)(path))
  if (allowGlob !== undefined) {
    const [otherwise] = compileRules({ ...rules, allow: [], ignoreCase: nocase }).judge(
      [entry],
      probe,
    )
    return {
      path,
      verdict: 'allowed',
      glob: allowGlob,
      configSource: configSource ?? '',
      ...(otherwise ? { otherwise: otherwise.category } : {}),
    }
  }
  const [unfiltered] = compileRules({ ignoreCase: nocase }).judge([entry], probe)
  if (unfiltered && rules?.severities?.[unfiltered.category as never] === 'off') {
    return { path, verdict: 'off', category: unfiltered.category, configSource: configSource ?? '' }
  }
  if (base.includes('.env.')) {
    const template = ENV_TEMPLATE_SUFFIXES.find((suffix) => glob(suffix)(base))
    if (template !== undefined) return { path, verdict: 'template', name: base, glob: template }
    const configured = rules?.envTemplates?.find((pattern) => glob(pattern)(base))
    if (configured !== undefined) {
      return {
        path,
        verdict: 'template',
        name: base,
        glob: configured,
        configSource: configSource ?? '',
      }
    }
  }
  return { path, verdict: 'pass', configSource }
}

function whyMatched(
  finding: Finding,
  rules: ConfigRules | undefined,
  base: string,
  glob: (pattern: string) => (text: string) => boolean,
  probe: DiskProbe,
): Extract<Explanation, { verdict: 'block' | 'warn' }>['why'] {
  if (finding.ruleId === VENV_MARKER_RULE_ID) {
    const dir = finding.venvDir ?? ''
    return { kind: 'venv', dir, marker: venvMarker(dir, probe) }
  }
  const extra = rules?.extraRules?.find((rule) => rule.id === finding.ruleId)
  if (extra) {
    return {
      kind: 'config-rule',
      pattern: extra.pattern,
      ...(extra.message !== undefined ? { message: extra.message } : {}),
    }
  }
  const pattern = finding.ruleId.slice(finding.category.length + 1)
  if (pattern.endsWith('/')) {
    const dirGlob = pattern.slice(0, -1)
    const segments = finding.path.split('/').slice(0, -1)
    const segment = segments.find((name) => glob(dirGlob)(name)) ?? dirGlob
    return { kind: 'segment', segment, glob: `${dirGlob}/` }
  }
  return { kind: 'name', name: base, glob: pattern }
}
