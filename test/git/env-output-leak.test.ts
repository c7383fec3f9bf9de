import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../helpers/random.js'
import { createRepo, type TestRepo } from '../helpers/repo.js'

/**
 * Nothing of a local `.env` but its key names may reach what the guard prints or writes: not
 * a value, not a comment's text, not a line dotenv does not read. Every sample below is a
 * distinct random string, so finding one in an output can only mean it was copied there.
 */
const rng = seededRandom('git/env-output-leak')
const word = (prefix = '') => `${prefix}${rng.string(24)}`

interface EnvFixture {
  name: string
  text: string
  /** Every value and every comment's text the file holds. */
  secrets: string[]
}

function fixtures(): EnvFixture[] {
  const list: EnvFixture[] = []
  const add = (name: string, build: (s: (prefix?: string) => string) => string) => {
    const secrets: string[] = []
    const secret = (prefix = '') => {
      const value = word(prefix)
      secrets.push(value)
      return value
    }
    list.push({ name, text: build(secret), secrets })
  }
  add('comment above a key', (s) => `# old key was ${s('sk-proj-')}\nNEW_KEY=${s()}\n`)
  add('trailing comment', (s) => `DB_URL=postgres://app:${s()}@db/app # password ${s()}\n`)
  add(
    'quoted value with a trailing comment',
    (s) => `API_TOKEN="${s('ghp_')}" # rotated from ${s()}\n`,
  )
  add('commented-out assignment', (s) => `# OLD_SECRET=${s()}\nKEEP=${s()}\n`)
  add(
    'multi-line private key',
    (s) =>
      `PEM="-----BEGIN PRIVATE KEY-----\n${s()}\n${s()}\n-----END PRIVATE KEY-----"\nNEXT=${s()}\n`,
  )
  add('a line dotenv does not read', (s) => `${s()}\nPLAIN=${s()}\n`)
  add('export and colon forms', (s) => `export EXPORTED=${s()}\nCOLON: ${s()}\n`)
  add('single-quoted value holding a hash', (s) => `HASHED='${s()}#${s()}'\n`)
  add('inline comment without a space', (s) => `RAW=${s()}#${s()}\n`)
  add('CRLF line endings', (s) => `# crlf ${s()}\r\nCRLF_KEY=${s()}\r\n`)
  return list
}

/** Every place the guard could print or write env content, for one repository. */
function outputsOf(repo: TestRepo): Record<string, string> {
  const run = (args: string[]) => {
    const result = repo.guard(args)
    return `${result.stdout}\n${result.stderr}`
  }
  const outputs: Record<string, string> = {
    text: run([]),
    json: run(['--format', 'json']),
    sarif: run(['--format', 'sarif']),
    'all text': run(['--all']),
    'all json': run(['--all', '--format', 'json']),
    'explain template': run(['explain', '.env.example']),
    'explain template json': run(['explain', '.env.example', '--format', 'json']),
    'explain env': run(['explain', '.env']),
    'explain env json': run(['explain', '.env', '--format', 'json']),
    'init dry run': run(['init', '--dry-run']),
  }
  // init writes the template a teammate commits: what it writes counts as output too.
  outputs.init = run(['init'])
  outputs['init template'] = readFileSync(join(repo.dir, '.env.example'), 'utf8')
  repo.git(['add', '.env.example'])
  outputs['after init'] = run(['--format', 'json'])
  // And the template init writes from scratch, when there is none yet.
  repo.git(['rm', '-q', '--cached', '.env.example'])
  rmSync(join(repo.dir, '.env.example'))
  outputs['init anew'] = run(['init'])
  outputs['new template'] = readFileSync(join(repo.dir, '.env.example'), 'utf8')
  return outputs
}

describe('env content never reaches an output', () => {
  for (const fixture of fixtures()) {
    it(`${fixture.name}: no value or comment text in text, JSON, SARIF, explain or init`, () => {
      const repo = createRepo()
      repo.write('.gitignore', '.env\n')
      repo.write('.env', fixture.text)
      // An empty template: every key of `.env` drifts, and the drift lines are printed.
      repo.write('.env.example', '# keys\n')
      repo.git(['add', '.gitignore', '.env.example'])

      const outputs = outputsOf(repo)
      // The drift warning did fire (the test would prove nothing otherwise).
      expect(outputs.json).toContain('TEMPLATE_DRIFT')
      expect(outputs['init template']).toMatch(/=your-[a-z-]+-here/)
      expect(outputs['new template']).toMatch(/=your-[a-z-]+-here/)
      for (const [name, output] of Object.entries(outputs)) {
        for (const secret of fixture.secrets) {
          expect(output.includes(secret), `${name} holds ${secret}`).toBe(false)
        }
      }

      // Staged by mistake, `.env` itself is blocked by path, and a template holding the same
      // lines is judged by content: neither shows any of it.
      repo.git(['add', '-f', '.env'])
      repo.write('.env.example', fixture.text)
      repo.write('api/.env.sample', fixture.text)
      repo.git(['add', '-f', '.env.example', 'api/.env.sample'])
      const staged = [
        ['--format', 'text'],
        ['--format', 'json'],
        ['--format', 'sarif'],
        ['explain', '.env.example'],
        ['explain', 'api/.env.sample', '--format', 'json'],
      ].map((args) => repo.guard(args))
      expect(staged[0]!.code).toBe(1)
      for (const result of staged) {
        for (const secret of fixture.secrets) {
          expect(result.stdout + result.stderr).not.toContain(secret)
        }
      }
    })
  }
})
