// `npm run peers -- --gitleaks DIR`: the guard's env-template check against gitleaks' own rule
// test samples. Nothing of gitleaks is kept in this repository: DIR is a checkout (or extracted
// tree) of gitleaks that the user brings, read at run time.
//
// Gitleaks' side is gitleaks' rules (DIR/config/gitleaks.toml) evaluated by the re-implementation
// of its matching below, not the gitleaks binary. Our side is the built CLI on `.env.example`
// files staged in a scratch repository, one run per framing.
import { Buffer } from 'node:buffer'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'
import { parse as parseToml } from 'smol-toml'

/** The gitleaks commit the README's figures were measured on (v8.30.0-27-gb58d3f10). */
const PINNED = 'b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b'
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CLI = join(ROOT, 'dist', 'cli.js')

const HELP = `usage: npm run peers -- --gitleaks DIR [--json]

Compares the guard's env-template check with gitleaks' default rules on gitleaks' own
true-positive samples, in three framings: the realistic line, a neutral name (VALUE_1=…),
and commented out (# VALUE_1=…).

  --gitleaks DIR  a checkout or extracted tree of gitleaks, at the pinned commit:
                    git clone https://github.com/gitleaks/gitleaks
                    git -C gitleaks checkout ${PINNED}
  --json          print the figures as JSON

Gitleaks' side is its rules (config/gitleaks.toml) evaluated by this script's re-implementation
of its matching, not the gitleaks binary. Build the guard first (npm run build).`

// ---------------------------------------------------------------------------------------------
// Which rules matter for env files: every content rule of gitleaks.toml (provider tokens,
// webhooks, connection strings, private keys, the generic API key rule), except a rule
// restricted to other file types (its `path`: PHP, Terraform, YAML, NuGet), a rule gitleaks
// itself marks skipReport, and the curl rules, whose match is a `curl -u`/`-H` command line.
// ---------------------------------------------------------------------------------------------
const NOT_ENV = new Set(['curl-auth-header', 'curl-auth-user'])
const isEnvRule = (rule) =>
  rule.regex !== undefined && rule.path === undefined && !rule.skipReport && !NOT_ENV.has(rule.id)

// ---------------------------------------------------------------------------------------------
// Go RE2 → JavaScript. Flags (`(?i)`, `(?i:…)`, `(?-i:…)`, `(?s:…)`) are expanded in place
// because JavaScript in Node.js 20 has no scoped flags; RE2's ASCII `\s` and `.` are kept.
// ---------------------------------------------------------------------------------------------
const POSIX = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  digit: '0-9',
  xdigit: '0-9A-Fa-f',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\v\\f\\r ',
  punct: '!-\\/:-@\\[-`{-~',
  word: '\\w',
}
const SPACE = '\\t\\n\\f\\r '

function foldRange(lo, hi) {
  const extra = []
  for (const [a, z, delta] of [
    [97, 122, -32],
    [65, 90, 32],
  ]) {
    const from = Math.max(lo, a)
    const to = Math.min(hi, z)
    if (from <= to) extra.push([from + delta, to + delta])
  }
  return extra
}

const escapeClassChar = (code) => {
  const char = String.fromCharCode(code)
  return /[\\\]^-]/.test(char) ? `\\${char}` : code < 32 || code > 126 ? hex(code) : char
}
const hex = (code) => `\\u${code.toString(16).padStart(4, '0')}`

/** Parse `\x60`, `\x{1F}`: returns [code, length] or undefined. */
function hexEscape(src, i) {
  if (src[i + 1] !== 'x') return undefined
  if (src[i + 2] === '{') {
    const end = src.indexOf('}', i)
    return [parseInt(src.slice(i + 3, end), 16), end + 1 - i]
  }
  return [parseInt(src.slice(i + 2, i + 4), 16), 4]
}

function translateClass(src, start, flags) {
  let i = start + 1
  let negate = false
  if (src[i] === '^') {
    negate = true
    i++
  }
  const items = []
  const ranges = []
  let first = true
  while (i < src.length && (src[i] !== ']' || first)) {
    first = false
    if (src.startsWith('[:', i)) {
      const end = src.indexOf(':]', i)
      const name = src.slice(i + 2, end)
      if (!(name in POSIX)) throw new Error(`unknown POSIX class ${name}`)
      items.push(POSIX[name])
      i = end + 2
      continue
    }
    let code
    if (src[i] === '\\') {
      const esc = hexEscape(src, i)
      if (esc) {
        code = esc[0]
        i += esc[1]
      } else {
        const c = src[i + 1]
        i += 2
        if (c === 's') items.push(SPACE)
        else if (c === 'S') items.push('\\S')
        else if ('dDwW'.includes(c)) items.push(`\\${c}`)
        else if (c === 'n') code = 10
        else if (c === 't') code = 9
        else if (c === 'r') code = 13
        else if (c === 'f') code = 12
        else if (c === 'v') code = 11
        else code = c.charCodeAt(0)
        if (code === undefined) continue
      }
    } else {
      code = src.charCodeAt(i)
      i++
    }
    let hi = code
    if (src[i] === '-' && src[i + 1] !== ']') {
      i++
      if (src[i] === '\\') {
        const esc = hexEscape(src, i)
        if (esc) {
          hi = esc[0]
          i += esc[1]
        } else {
          hi = src.charCodeAt(i + 1)
          i += 2
        }
      } else {
        hi = src.charCodeAt(i)
        i++
      }
    }
    ranges.push([code, hi])
  }
  if (flags.i) for (const [lo, hi] of [...ranges]) ranges.push(...foldRange(lo, hi))
  const body =
    items.join('') +
    ranges
      .map(([lo, hi]) =>
        lo === hi ? escapeClassChar(lo) : `${escapeClassChar(lo)}-${escapeClassChar(hi)}`,
      )
      .join('')
  return [`[${negate ? '^' : ''}${body}]`, i + 1]
}

/** Translate one RE2 pattern into the source of an equivalent JavaScript RegExp (no flags). */
export function translateRe2(src) {
  let out = ''
  const stack = []
  let flags = { i: false, s: false, m: false }
  const applyFlags = (spec, base) => {
    const next = { ...base }
    let on = true
    for (const c of spec) {
      if (c === '-') on = false
      else if ('ism'.includes(c)) next[c] = on
      else if (c !== 'U') throw new Error(`unsupported flag ${c}`)
    }
    return next
  }
  for (let i = 0; i < src.length;) {
    const c = src[i]
    if (c === '\\') {
      const esc = hexEscape(src, i)
      if (esc) {
        const char = String.fromCharCode(esc[0])
        out +=
          flags.i && /[a-z]/i.test(char)
            ? `[${char.toLowerCase()}${char.toUpperCase()}]`
            : hex(esc[0])
        i += esc[1]
        continue
      }
      const n = src[i + 1]
      i += 2
      if (n === 's') out += `[${SPACE}]`
      else if (n === 'S') out += `[^${SPACE}]`
      else if (n === 'z') out += '$(?![\\s\\S])'
      else if (n === 'A') out += '(?<![\\s\\S])'
      else if ('dDwWbBnrtfv'.includes(n)) out += `\\${n}`
      else if (/[A-Za-z0-9]/.test(n)) throw new Error(`unsupported escape \\${n}`)
      else out += `\\${n}`
      continue
    }
    if (c === '[') {
      const [text, next] = translateClass(src, i, flags)
      out += text
      i = next
      continue
    }
    if (c === '(') {
      if (src[i + 1] === '?') {
        const m = /^\(\?([a-zA-Z-]*)([:)])/.exec(src.slice(i))
        if (m) {
          if (m[2] === ')') {
            flags = applyFlags(m[1], flags)
            i += m[0].length
            continue
          }
          stack.push(flags)
          flags = applyFlags(m[1], flags)
          out += '(?:'
          i += m[0].length
          continue
        }
        const named = /^\(\?P?<([A-Za-z_]\w*)>/.exec(src.slice(i))
        if (named) {
          stack.push(flags)
          out += `(?<${named[1]}>`
          i += named[0].length
          continue
        }
        throw new Error(`unsupported group at ${src.slice(i, i + 6)}`)
      }
      stack.push(flags)
      out += '('
      i++
      continue
    }
    if (c === ')') {
      flags = stack.pop() ?? flags
      out += ')'
      i++
      continue
    }
    if (c === '.') {
      out += flags.s ? '[\\s\\S]' : '[^\\n]'
      i++
      continue
    }
    if (c === '^') {
      out += flags.m ? '(?<![^\\n])' : '(?<![\\s\\S])'
      i++
      continue
    }
    if (c === '$') {
      out += flags.m ? '(?![^\\n])' : '(?![\\s\\S])'
      i++
      continue
    }
    if (flags.i && /[A-Za-z]/.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`
      i++
      continue
    }
    out += c === '/' ? '\\/' : c
    i++
  }
  return out
}

const compile = (pattern) => new RegExp(translateRe2(pattern), 'g')
const test = (re, text) => {
  re.lastIndex = 0
  return re.test(text)
}

// ---------------------------------------------------------------------------------------------
// Gitleaks' matching (detect/detect.go: DetectContext, detectRule, checkFindingAllowed),
// without its decoding passes (base64/hex/percent segments; env-file samples are plain text).
// ---------------------------------------------------------------------------------------------
function shannonEntropy(text) {
  if (text === '') return 0
  const counts = new Map()
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1)
  const length = Buffer.byteLength(text)
  let bits = 0
  for (const count of counts.values()) {
    const p = count / length
    bits -= p * Math.log2(p)
  }
  return bits
}

function compileAllowlist(raw) {
  return {
    and: String(raw.condition ?? 'OR').toUpperCase() === 'AND',
    target: raw.regexTarget ?? 'secret',
    commits: raw.commits ?? [],
    paths: (raw.paths ?? []).map(compile),
    regexes: (raw.regexes ?? []).map(compile),
    stopwords: (raw.stopwords ?? []).map((word) => String(word).toLowerCase()),
    targetRules: raw.targetRules ?? [],
  }
}

/** Load gitleaks.toml: its rules and global allowlists, compiled. */
export function loadGitleaksConfig(tomlText) {
  const config = parseToml(tomlText)
  const globals = []
  if (config.allowlist) globals.push(compileAllowlist(config.allowlist))
  const ruleAllowlists = new Map()
  for (const raw of config.allowlists ?? []) {
    const list = compileAllowlist(raw)
    if (list.targetRules.length === 0) globals.push(list)
    else
      for (const id of list.targetRules)
        ruleAllowlists.set(id, [...(ruleAllowlists.get(id) ?? []), list])
  }
  const rules = (config.rules ?? []).map((raw) => ({
    id: raw.id,
    regexSource: raw.regex,
    regex: raw.regex === undefined ? undefined : compile(raw.regex),
    path: raw.path === undefined ? undefined : compile(raw.path),
    secretGroup: raw.secretGroup ?? 0,
    entropy: raw.entropy ?? 0,
    keywords: (raw.keywords ?? []).map((k) => String(k).toLowerCase()),
    skipReport: raw.skipReport === true,
    required: raw.required ?? [],
    allowlists: [
      ...(raw.allowlist ? [compileAllowlist(raw.allowlist)] : []),
      ...(raw.allowlists ?? []).map(compileAllowlist),
      ...(ruleAllowlists.get(raw.id) ?? []),
    ],
  }))
  return { rules, globals }
}

const pathAllowed = (list, path) => list.paths.some((re) => test(re, path))

function fileAllowed(lists, path) {
  for (const list of lists) {
    if (list.and) {
      if (list.regexes.length > 0 || list.stopwords.length > 0) continue
      const checks = []
      if (list.commits.length > 0) checks.push(false)
      if (list.paths.length > 0) checks.push(pathAllowed(list, path))
      if (checks.every(Boolean)) return true
    } else if (pathAllowed(list, path)) return true
  }
  return false
}

function findingAllowed(lists, finding, path) {
  for (const list of lists) {
    const target =
      list.target === 'match'
        ? finding.match
        : list.target === 'line'
          ? finding.line
          : finding.secret
    const regexAllowed = target !== '' && list.regexes.some((re) => test(re, target))
    const lower = finding.secret.toLowerCase()
    const stopword = finding.secret !== '' && list.stopwords.some((word) => lower.includes(word))
    if (list.and) {
      const checks = []
      if (list.commits.length > 0) checks.push(false)
      if (list.paths.length > 0) checks.push(pathAllowed(list, path))
      if (list.regexes.length > 0) checks.push(regexAllowed)
      if (list.stopwords.length > 0) checks.push(stopword)
      if (checks.every(Boolean)) return true
    } else if (regexAllowed || stopword) return true
  }
  return false
}

function lineAround(text, start, end) {
  const from = text.lastIndexOf('\n', start - 1) + 1
  const next = text.indexOf('\n', end)
  return text.slice(from, next === -1 ? text.length : next)
}

function detectRule(config, rule, text, path) {
  if (fileAllowed(rule.allowlists, path)) return []
  if (rule.path && !test(rule.path, path)) return []
  if (!rule.regex) return []
  const findings = []
  rule.regex.lastIndex = 0
  for (const m of text.matchAll(rule.regex)) {
    if (m[0] === '') continue
    const match = m[0].replace(/^\n+|\n+$/g, '')
    const start = m.index + m[0].indexOf(match)
    const finding = { match, secret: match, line: lineAround(text, start, start + match.length) }
    if (finding.line.includes('gitleaks:allow')) continue
    const re = new RegExp(rule.regex.source)
    const groups = re.exec(match)
    if (groups && groups.length >= 2) {
      if (rule.secretGroup > 0) {
        if (groups.length <= rule.secretGroup) continue
        finding.secret = groups[rule.secretGroup] ?? ''
      } else {
        const first = groups.slice(1).find((group) => group !== undefined && group.length > 0)
        if (first !== undefined) finding.secret = first
      }
    }
    if (rule.entropy !== 0 && shannonEntropy(finding.secret) <= rule.entropy) continue
    if (findingAllowed(config.globals, finding, path)) continue
    if (findingAllowed(rule.allowlists, finding, path)) continue
    findings.push(finding)
  }
  return findings
}

/** The ids of gitleaks' rules that report something in `text` (a file at `path`). */
export function gitleaksRulesFound(config, text, path) {
  if (fileAllowed(config.globals, path)) return []
  const lower = text.toLowerCase()
  const found = []
  for (const rule of config.rules) {
    if (rule.skipReport) continue
    if (rule.keywords.length > 0 && !rule.keywords.some((k) => lower.includes(k))) continue
    const findings = detectRule(config, rule, text, path)
    if (findings.length === 0) continue
    if (rule.required.length > 0) {
      // A multi-part rule reports only with each required rule found too (proximity not modelled).
      const byId = new Map(config.rules.map((r) => [r.id, r]))
      const all = rule.required.every((req) => {
        const other = byId.get(req.id)
        return other !== undefined && detectRule(config, other, text, path).length > 0
      })
      if (!all) continue
    }
    found.push(rule.id)
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// Gitleaks' literal true-positive samples, read from cmd/generate/config/rules/*.go. A sample
// built at run time (secrets.NewSecret, newPlausibleSecret, fmt.Sprintf of those) is skipped:
// only values gitleaks wrote down are compared.
// ---------------------------------------------------------------------------------------------
function tokenizeGo(text) {
  const tokens = []
  for (let i = 0; i < text.length;) {
    const c = text[i]
    if (/\s/.test(c)) {
      i++
    } else if (text.startsWith('//', i)) {
      i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i)
    } else if (text.startsWith('/*', i)) {
      i = text.indexOf('*/', i) + 2
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1)
      tokens.push({ type: 'str', value: text.slice(i + 1, end).replace(/\r/g, '') })
      i = end + 1
    } else if (c === '"') {
      let j = i + 1
      let value = ''
      while (text[j] !== '"') {
        if (text[j] === '\\') {
          const e = text[j + 1]
          const simple = {
            n: '\n',
            t: '\t',
            r: '\r',
            '"': '"',
            '\\': '\\',
            "'": "'",
            a: '\x07',
            b: '\b',
            f: '\f',
            v: '\v',
          }
          if (e in simple) {
            value += simple[e]
            j += 2
          } else if (e === 'x') {
            value += String.fromCharCode(parseInt(text.slice(j + 2, j + 4), 16))
            j += 4
          } else if (e === 'u') {
            value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16))
            j += 6
          } else throw new Error(`unsupported Go escape \\${e}`)
        } else value += text[j++]
      }
      tokens.push({ type: 'str', value })
      i = j + 1
    } else if (c === "'") {
      const end = text.indexOf("'", i + 2)
      tokens.push({ type: 'punct', value: text.slice(i, end + 1) })
      i = end + 1
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(i))
      tokens.push({ type: 'id', value: m[0] })
      i += m[0].length
    } else if (text.startsWith('...', i) || text.startsWith(':=', i)) {
      tokens.push({ type: 'punct', value: text.slice(i, i + (text[i] === '.' ? 3 : 2)) })
      i += text[i] === '.' ? 3 : 2
    } else {
      tokens.push({ type: 'punct', value: c })
      i++
    }
  }
  return tokens
}

/** Split tokens[from..to) on top-level commas. */
function splitArgs(tokens, from, to) {
  const parts = []
  let depth = 0
  let start = from
  for (let i = from; i < to; i++) {
    const v = tokens[i].type === 'punct' ? tokens[i].value : ''
    if ('([{'.includes(v) && v !== '') depth++
    else if (')]}'.includes(v) && v !== '') depth--
    else if (v === ',' && depth === 0) {
      parts.push([start, i])
      start = i + 1
    }
  }
  if (start < to) parts.push([start, to])
  return parts
}

function closing(tokens, open) {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    const v = tokens[i].type === 'punct' ? tokens[i].value : ''
    if (v === '(' || v === '[' || v === '{') depth++
    else if (v === ')' || v === ']' || v === '}') {
      depth--
      if (depth === 0) return i
    }
  }
  return tokens.length
}

/** A constant string: literals joined by `+`; undefined for anything built at run time. */
function constant(tokens, from, to) {
  let value = ''
  for (let i = from; i < to; i++) {
    if (tokens[i].type === 'str' && (i - from) % 2 === 0) value += tokens[i].value
    else if (tokens[i].value === '+' && (i - from) % 2 === 1) continue
    else return undefined
  }
  return to > from ? value : undefined
}

/** Evaluate a tps expression into samples: { line } (as written) or { secret } (bare value). */
function evalSamples(tokens, from, to, out, variable) {
  if (to - from >= 1 && tokens[to - 1].value === '...') to--
  const head = tokens[from]
  const lit = constant(tokens, from, to)
  if (lit !== undefined) {
    out.samples.push({ line: lit })
    return
  }
  if (head.type === 'punct' && head.value === '[') {
    const brace = tokens.findIndex((t, i) => i > from && t.value === '{')
    if (brace === -1 || brace >= to) return void out.skipped++
    for (const [a, b] of splitArgs(tokens, brace + 1, closing(tokens, brace)))
      evalSamples(tokens, a, b, out, variable)
    return
  }
  if (head.type === 'id' && tokens[from + 1]?.value === '(') {
    const close = closing(tokens, from + 1)
    const args = splitArgs(tokens, from + 2, close)
    if (head.value === 'append') {
      for (const [a, b] of args) {
        if (b - a === 1 && tokens[a].value === variable) continue
        evalSamples(tokens, a, b, out, variable)
      }
      return
    }
    if (
      head.value === 'utils.GenerateSampleSecret' ||
      head.value === 'utils.GenerateSampleSecrets'
    ) {
      const id = constant(tokens, args[0][0], args[0][1])
      const secret = args[1] ? constant(tokens, args[1][0], args[1][1]) : undefined
      if (secret === undefined || id === undefined) return void out.skipped++
      if (head.value === 'utils.GenerateSampleSecret')
        out.samples.push({ line: `${id}_api_token = "${secret}"`, secret })
      else out.samples.push({ secret })
      return
    }
  }
  out.skipped++
}

/** Where the expression at `start` ends: `[]string{…}`, a call `f(…)`, or `"a" + "b"`. */
function expressionEnd(tokens, start) {
  const at = (i) => tokens[i]?.value
  if (
    at(start) === '[' &&
    at(start + 1) === ']' &&
    at(start + 2) === 'string' &&
    at(start + 3) === '{'
  ) {
    return closing(tokens, start + 3) + 1
  }
  if (tokens[start]?.type === 'id' && at(start + 1) === '(') return closing(tokens, start + 1) + 1
  let end = start
  while (tokens[end]?.type === 'str' && (at(end + 1) !== '+' || tokens[end + 2]?.type === 'str')) {
    end += at(end + 1) === '+' ? 2 : 1
    if (tokens[end - 1]?.type === 'str') break
  }
  return end > start ? end : undefined
}

/** Every rule's literal samples (`tps`, or `fps` for its false positives): rule id → samples. */
export function extractSamples(rulesDir, variable = 'tps') {
  const byRule = new Map()
  for (const file of readdirSync(rulesDir)
    .filter((name) => name.endsWith('.go'))
    .sort()) {
    const text = readFileSync(join(rulesDir, file), 'utf8')
    for (const body of text.split(/\nfunc /).slice(1)) {
      const id = /RuleID:\s*"([^"]+)"/.exec(body)?.[1]
      if (id === undefined) continue
      const tokens = tokenizeGo(body)
      const out = byRule.get(id) ?? { samples: [], skipped: 0 }
      for (let i = 0; i + 2 < tokens.length; i++) {
        if (tokens[i].value !== variable || !['=', ':='].includes(tokens[i + 1].value)) continue
        if (tokens[i - 1]?.value === '.') continue
        const end = expressionEnd(tokens, i + 2)
        if (end === undefined) out.skipped++
        else evalSamples(tokens, i + 2, end, out, variable)
      }
      byRule.set(id, out)
    }
  }
  return byRule
}

// ---------------------------------------------------------------------------------------------
// Framings.
// ---------------------------------------------------------------------------------------------
/** The value a sample carries: gitleaks' own secret for its rule, found with its regex. */
function secretOf(config, rule, sample) {
  if (sample.secret !== undefined) return sample.secret
  for (const finding of detectRule(config, rule, sample.line, '.env.example')) return finding.secret
  return undefined
}

/** `KEY=value`, `KEY = "value"`, `export KEY=…`: a line dotenv reads as one assignment. */
const ENV_LINE =
  /^(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s"'#][^\n]*)$/

const providerName = (ruleId) =>
  ruleId
    .split('-')[0]
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()

export function framings(ruleId, sample, secret) {
  const single = !secret.includes('\n')
  const quoted = single ? secret : `"${secret.replace(/\n/g, '\\n')}"`
  const realistic =
    sample.line !== undefined &&
    ENV_LINE.test(sample.line) &&
    sample.line.indexOf(secret) > sample.line.indexOf('=')
      ? sample.line
      : `${providerName(ruleId)}_API_KEY=${quoted}`
  return {
    realistic,
    neutral: `VALUE_1=${quoted}`,
    commented: `# VALUE_1=${quoted}`,
  }
}

/**
 * Some of gitleaks' true-positive samples are typed placeholders that show its regex matching
 * (`…EXAMPLEEXAMPLE…`, `abc12fake-…`, a run of one letter, `…klmnopqrstuvwx…`). They are
 * counted, and also reported apart: the guard passes such values by design.
 */
function spellsPlaceholder(secret) {
  if (/example|fake|dummy|sample/i.test(secret) || /(.)\1{9}/.test(secret)) return true
  let run = 1
  for (let i = 1; i < secret.length; i++) {
    run = secret.charCodeAt(i) === secret.charCodeAt(i - 1) + 1 ? run + 1 : 1
    if (run >= 10) return true
  }
  return false
}

/** The env-relevant rules' literal samples, one per rule and secret, in the three framings. */
export function collectSamples(config, dir) {
  const byRule = extractSamples(join(dir, 'cmd', 'generate', 'config', 'rules'))
  const samples = []
  const seen = new Set()
  let skipped = 0
  let unextracted = 0
  for (const rule of config.rules.filter(isEnvRule)) {
    const entry = byRule.get(rule.id)
    if (!entry) continue
    skipped += entry.skipped
    for (const sample of entry.samples) {
      const secret = secretOf(config, rule, sample)
      if (secret === undefined || secret === '') {
        unextracted++
        continue
      }
      const key = `${rule.id}\0${secret}`
      if (seen.has(key)) continue
      seen.add(key)
      samples.push({
        rule: rule.id,
        ...framings(rule.id, sample, secret),
        secret,
        spelled: spellsPlaceholder(secret),
      })
    }
  }
  return { samples, skipped, unextracted }
}

/** The env-relevant rules' literal false-positive samples (one line each): as a line, commented. */
export function collectNegatives(config, dir) {
  const byRule = extractSamples(join(dir, 'cmd', 'generate', 'config', 'rules'), 'fps')
  const negatives = []
  for (const rule of config.rules.filter(isEnvRule)) {
    for (const sample of byRule.get(rule.id)?.samples ?? []) {
      const text = sample.line ?? sample.secret
      if (text === undefined || text.includes('\n') || text.trim() === '') continue
      const line = ENV_LINE.test(text) ? text : `VALUE_1=${text}`
      negatives.push({ rule: rule.id, text, line, commented: `# ${line}` })
    }
  }
  return negatives
}

/**
 * The re-implementation checked the way gitleaks' own tests check its rules: every literal
 * sample line must match its rule, every false-positive sample must not (rules without a path).
 */
export function fidelity(config, dir) {
  const rulesDir = join(dir, 'cmd', 'generate', 'config', 'rules')
  const count = (variable, wanted) => {
    let total = 0
    let agree = 0
    for (const [id, entry] of extractSamples(rulesDir, variable)) {
      const rule = config.rules.find((candidate) => candidate.id === id)
      if (!rule?.regex || rule.path) continue
      for (const sample of entry.samples) {
        if (sample.line === undefined) continue
        total++
        const found = gitleaksRulesFound({ ...config, rules: [rule] }, sample.line, '').length > 0
        if (found === wanted) agree++
      }
    }
    return { total, agree }
  }
  return { truePositives: count('tps', true), falsePositives: count('fps', false) }
}

// ---------------------------------------------------------------------------------------------
// Our side: the built CLI, once per framing, on one `.env.example` per sample.
// ---------------------------------------------------------------------------------------------
function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
}

function guardCatches(lines) {
  const repo = mkdtempSync(join(tmpdir(), 'peer-gitleaks-'))
  try {
    git(repo, ['init', '-q'])
    lines.forEach((line, index) => {
      const dir = join(repo, `s${String(index).padStart(3, '0')}`)
      mkdirSync(dir)
      writeFileSync(join(dir, '.env.example'), `${line}\n`)
    })
    git(repo, ['add', '-A'])
    const result = spawnSync(process.execPath, [CLI, '--format', 'json'], {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    if (result.status !== 0 && result.status !== 1) {
      throw new Error(`the guard exited ${result.status}: ${result.stderr}`)
    }
    const report = JSON.parse(result.stdout)
    const caught = new Set(
      report.findings
        .filter((finding) => finding.code === 'TEMPLATE_VALUE')
        .map((finding) => Number(/^s(\d+)\//.exec(finding.path)?.[1])),
    )
    return lines.map((_, index) => caught.has(index))
  } finally {
    rmSync(repo, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const at = argv.indexOf('--gitleaks')
  const dir = at === -1 ? undefined : argv[at + 1]
  if (dir === undefined) {
    process.stderr.write('peers: --gitleaks DIR is required (see --help)\n')
    return 2
  }
  let tomlText
  try {
    tomlText = readFileSync(join(dir, 'config', 'gitleaks.toml'), 'utf8')
  } catch {
    process.stderr.write(
      `peers: ${dir}/config/gitleaks.toml cannot be read: is it a gitleaks tree?\n`,
    )
    return 2
  }
  const config = loadGitleaksConfig(tomlText)
  const { samples, skipped, unextracted } = collectSamples(config, dir)
  const result = {
    gitleaks: PINNED,
    fidelity: fidelity(config, dir),
    samples: samples.length,
    skipped,
    unextracted,
    framings: {},
  }
  for (const framing of ['realistic', 'neutral', 'commented']) {
    const lines = samples.map((sample) => sample[framing])
    const ours = guardCatches(lines)
    const theirs = lines.map(
      (line) => gitleaksRulesFound(config, `${line}\n`, '.env.example').length > 0,
    )
    const show = (i) => ({
      rule: samples[i].rule,
      prefix: samples[i].secret.slice(0, 4),
      spelled: samples[i].spelled,
    })
    const real = lines.flatMap((_, i) => (samples[i].spelled ? [] : [i]))
    result.framings[framing] = {
      samples: lines.length,
      gitleaks: theirs.filter(Boolean).length,
      ours: ours.filter(Boolean).length,
      realShaped: {
        samples: real.length,
        gitleaks: real.filter((i) => theirs[i]).length,
        ours: real.filter((i) => ours[i]).length,
      },
      onlyGitleaks: lines.flatMap((_, i) => (theirs[i] && !ours[i] ? [show(i)] : [])),
      onlyOurs: lines.flatMap((_, i) => (ours[i] && !theirs[i] ? [show(i)] : [])),
    }
  }
  // Precision: gitleaks' own false-positive samples of the same rules, which should pass.
  const negatives = collectNegatives(config, dir)
  for (const framing of ['line', 'commented']) {
    const lines = negatives.map((negative) => negative[framing])
    const ours = guardCatches(lines)
    const theirs = lines.map(
      (line) => gitleaksRulesFound(config, `${line}\n`, '.env.example').length > 0,
    )
    const show = (i) => ({ rule: negatives[i].rule, prefix: negatives[i].text.slice(0, 4) })
    result.falsePositives ??= {}
    result.falsePositives[framing] = {
      samples: lines.length,
      gitleaks: theirs.filter(Boolean).length,
      ours: ours.filter(Boolean).length,
      flaggedByOurs: lines.flatMap((_, i) => (ours[i] ? [show(i)] : [])),
    }
  }
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    return 0
  }
  const { truePositives: tp, falsePositives: fp } = result.fidelity
  const out = [
    `gitleaks rules from ${dir} (figures in the README: commit ${PINNED})`,
    `re-implemented matching: ${tp.agree} of ${tp.total} literal sample lines match their own rule, ${fp.agree} of ${fp.total} false-positive samples do not`,
    `${samples.length} literal samples of ${new Set(samples.map((s) => s.rule)).size} rules; ${skipped} generated at run time skipped; ${unextracted} without a secret for their own rule`,
    '',
  ]
  for (const [framing, row] of Object.entries(result.framings)) {
    const { realShaped: real } = row
    out.push(
      `${framing}: ${row.samples} samples, gitleaks ${row.gitleaks}, ours ${row.ours}` +
        ` (without the samples that spell a placeholder: ${real.samples}, gitleaks ${real.gitleaks}, ours ${real.ours})`,
    )
    const note = (spelled) => (spelled ? ', spells a placeholder' : '')
    for (const { rule, prefix, spelled } of row.onlyGitleaks)
      out.push(`  gitleaks only: ${rule} (${prefix}…${note(spelled)})`)
    for (const { rule, prefix, spelled } of row.onlyOurs)
      out.push(`  ours only:     ${rule} (${prefix}…${note(spelled)})`)
  }
  out.push('', "gitleaks' false-positive samples of the same rules (they should pass):")
  for (const [framing, row] of Object.entries(result.falsePositives)) {
    out.push(`${framing}: ${row.samples} samples, gitleaks flags ${row.gitleaks}, ours ${row.ours}`)
    for (const { rule, prefix } of row.flaggedByOurs)
      out.push(`  ours flags:    ${rule} (${prefix}…)`)
  }
  process.stdout.write(`${out.join('\n')}\n`)
  return 0
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2))
