import { readFileSync } from 'node:fs'
import AjvDraft04 from 'ajv-draft-04'
import ajvFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { createRepo, type RunResult } from '../helpers/repo.js'

/**
 * The official SARIF 2.1.0 schema (OASIS, errata01), vendored byte for byte from
 * oasis-tcs/sarif-spec `Schemata/sarif-schema-2.1.0.json`. It is JSON Schema draft-04, hence
 * ajv-draft-04; ajv-formats checks `uri`, `uri-reference` and `date-time`.
 */
const SCHEMA = JSON.parse(
  readFileSync(new URL('../../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as object
// Both are CommonJS: under NodeNext their classes sit on `.default` (also there at run time).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false })
ajvFormats.default(ajv)
const validateSarif = ajv.compile(SCHEMA)

interface SarifLog {
  $schema: string
  version: string
  runs: {
    tool: {
      driver: {
        name: string
        version: string
        informationUri: string
        rules: { id: string; shortDescription: { text: string }; help: { text: string } }[]
      }
    }
    results: {
      ruleId: string
      ruleIndex: number
      level: string
      message: { text: string }
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[]
      properties: { commits?: string[] }
    }[]
  }[]
}

function sarifOf(result: RunResult): SarifLog {
  expect(result.stderr).toBe('')
  const log = JSON.parse(result.stdout) as SarifLog
  const valid = validateSarif(log)
  expect(validateSarif.errors ?? []).toEqual([])
  expect(valid).toBe(true)
  return log
}

describe('--format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with rules, levels and encoded URIs', () => {
    const repo = createRepo({
      files: {
        '.precommit-guard.json': JSON.stringify({
          rules: [
            { id: 'secrets-dir', pattern: 'secrets/**', severity: 'block', message: 'local only' },
          ],
        }),
      },
    })
    repo.write('.env', 'K=1\n')
    repo.write('docs/my report #1 100%.pdf', '%PDF\n')
    repo.write('données/é.csv', 'a\n')
    repo.write('debug.log', 'x\n')
    repo.write('secrets/key', 'k\n')
    repo.write('app.py', '\n')
    repo.git(['add', '-A'])

    const result = repo.guard(['--format', 'sarif'])
    expect(result.code).toBe(1)
    const log = sarifOf(result)
    expect(log.version).toBe('2.1.0')
    expect(log.runs).toHaveLength(1)
    const [run] = log.runs
    expect(run!.tool.driver.name).toBe('precommit-guard')
    expect(run!.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(run!.tool.driver.informationUri).toMatch(/^https:\/\//)
    const byUri = new Map(
      run!.results.map((r) => [r.locations[0]!.physicalLocation.artifactLocation.uri, r]),
    )
    expect([...byUri.keys()].sort()).toEqual([
      '.env',
      'debug.log',
      'docs/my%20report%20%231%20100%25.pdf',
      'donn%C3%A9es/%C3%A9.csv',
      'secrets/key',
    ])
    expect(byUri.get('.env')).toMatchObject({ ruleId: 'env', level: 'error' })
    expect(byUri.get('debug.log')).toMatchObject({ ruleId: 'log', level: 'warning' })
    expect(byUri.get('secrets/key')?.message.text).toContain('local only')
    for (const r of run!.results) expect(run!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId)

    const env = run!.tool.driver.rules.find((rule) => rule.id === 'env')!
    expect(env.help.text).toContain('git rm --cached -- <path>')
    expect(env.help.text).toContain('git filter-repo --invert-paths --path <path>')
    expect(env.help.text).toMatch(/\n\.env\n\.env\.\*\n!\.env\.example/)
  })

  it('is a valid, empty run when nothing is found', () => {
    const repo = createRepo()
    repo.write('app.py', '\n')
    repo.git(['add', '-A'])
    const result = repo.guard(['--format', 'sarif'])
    expect(result.code).toBe(0)
    const log = sarifOf(result)
    expect(log.runs[0]!.results).toEqual([])
    expect(log.runs[0]!.tool.driver.rules).toEqual([])
  })

  it('carries the commits that introduced each finding in --range mode', () => {
    const repo = createRepo({ files: { 'README.md': 'hi\n' }, commit: true })
    repo.write('.env', 'K=1\n')
    repo.git(['add', '-A'])
    repo.git(['commit', '-q', '--no-verify', '-m', 'leak'])
    const leak = repo.git(['rev-parse', 'HEAD']).trim()
    const log = sarifOf(repo.guard(['--range', 'HEAD~1..HEAD', '--format', 'sarif']))
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.properties.commits])).toEqual([
      ['env', [leak]],
    ])
  })
})
