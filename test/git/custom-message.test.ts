import { describe, expect, it } from 'vitest'
import { createRepo } from '../helpers/repo.js'

const CONFIG = {
  rules: [
    {
      id: 'secrets-dir',
      pattern: 'secrets/**',
      severity: 'block',
      message: 'secrets/ is for local files only',
    },
    { id: 'fixtures', pattern: 'big/**', severity: 'warn' },
  ],
}

describe('a configuration rule message', () => {
  it('is the finding message in text and JSON; rules without one keep the generic wording', () => {
    const repo = createRepo({ files: { '.precommit-guard.json': JSON.stringify(CONFIG) } })
    repo.write('secrets/api.key')
    repo.write('big/blob.bin')
    repo.git(['add', '-A'])

    const json = repo.guard(['--format', 'json'])
    expect(json.code).toBe(1)
    const findings = (JSON.parse(json.stdout) as { findings: { path: string; message: string }[] })
      .findings
    expect(findings.find((f) => f.path === 'secrets/api.key')?.message).toBe(
      'secrets/ is for local files only',
    )
    expect(findings.find((f) => f.path === 'big/blob.bin')?.message).toMatch(
      /matched a rule from your configuration/,
    )

    const text = repo.guard([]).stdout
    expect(text).toContain(
      'secrets-dir: custom rule secrets-dir (secrets/ is for local files only)',
    )
    expect(text).toContain(
      'fixtures: custom rule fixtures (matched a rule from your configuration)',
    )
  })
})
