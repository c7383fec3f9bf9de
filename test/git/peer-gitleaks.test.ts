import { spawnSync } from 'node:child_process'
import { fileURLToPath, URL } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * `npm run peers` on a toy tree in gitleaks' layout (fixtures/peer-samples, written for this
 * test): its rules through the script's re-implementation of gitleaks' matching, its samples
 * through the built CLI. Every figure is known from the fixture, so a wrong RE2 translation
 * (case folding that starts mid-pattern, `(?-i:…)` inside `(?i)`), a wrong sample extraction or a
 * wrong count of the guard's findings changes the output.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TOY = 'fixtures/peer-samples'

function peers(...args: string[]) {
  return spawnSync('npm', ['run', '--silent', 'peers', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  })
}

describe('npm run peers', () => {
  it('counts samples, catches and misses for each framing, and the false positives', () => {
    const run = peers('--gitleaks', TOY, '--json')
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const onlyToy = Array.from({ length: 3 }, () => ({
      rule: 'toy-token',
      prefix: 'tok_',
      spelled: false,
    }))
    const missedUnderNeutralNames = {
      samples: 4,
      gitleaks: 3,
      ours: 0,
      realShaped: { samples: 4, gitleaks: 3, ours: 0 },
      onlyGitleaks: onlyToy,
      onlyOurs: [],
    }
    expect(JSON.parse(run.stdout)).toEqual({
      gitleaks: 'b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b',
      // Checked as gitleaks' tests check rules; the all-zero sample is allowlisted.
      fidelity: {
        truePositives: { total: 4, agree: 3 },
        falsePositives: { total: 3, agree: 3 },
      },
      // Two GenerateSample… calls and two literal lines; one built at run time, one allowlisted.
      samples: 4,
      skipped: 1,
      unextracted: 1,
      framings: {
        realistic: {
          samples: 4,
          gitleaks: 4,
          ours: 4,
          realShaped: { samples: 4, gitleaks: 4, ours: 4 },
          onlyGitleaks: [],
          onlyOurs: [],
        },
        neutral: missedUnderNeutralNames,
        commented: missedUnderNeutralNames,
      },
      falsePositives: {
        // `aCME_key` is no acme name to the rule, but a secret name to the guard.
        line: {
          samples: 3,
          gitleaks: 0,
          ours: 1,
          flaggedByOurs: [{ rule: 'acme-key', prefix: 'aCME' }],
        },
        commented: { samples: 3, gitleaks: 0, ours: 0, flaggedByOurs: [] },
      },
    })
  })

  it('prints rule ids and at most four characters of a sample, never the value', () => {
    const run = peers('--gitleaks', TOY)
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('neutral: 4 samples, gitleaks 3, ours 0')
    expect(run.stdout).toContain('  gitleaks only: toy-token (tok_…)')
    for (const value of ['Q7vR2mXk', 'h3JdK8qP', 'aB3dE5gH', '9f86d081']) {
      expect(run.stdout).not.toContain(value)
    }
  })

  it('without a gitleaks tree: one line and exit 2', () => {
    const missing = peers()
    expect(missing.status).toBe(2)
    expect(missing.stderr).toBe('peers: --gitleaks DIR is required (see --help)\n')
    const wrong = peers('--gitleaks', 'docs')
    expect(wrong.status).toBe(2)
    expect(wrong.stderr).toBe(
      'peers: docs/config/gitleaks.toml cannot be read: is it a gitleaks tree?\n',
    )
  })
})
