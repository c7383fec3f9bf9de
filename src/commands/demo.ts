import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from './check.js'
import { withoutGitVars } from '../git/isolated-env.js'
import { initScratchRepo } from '../git/scratch-repo.js'
import { applyRecovery } from './fix.js'
import { renderDemoIntro, renderDemoOutcome, renderDemoVerdict } from '../report/demo.js'
import { renderText } from '../report/text.js'
import type { Style } from '../report/style.js'

/** A realistic Python project with everything people commit by mistake. */
const DEMO_FILES: Record<string, string> = {
  'README.md': '# invoice-api\n',
  'requirements.txt': 'fastapi==0.115.0\n',
  'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  'app/__pycache__/main.cpython-311.pyc': '\u0000compiled bytecode\n',
  '.env':
    'DATABASE_URL=postgresql://app:demo-password@localhost/app\nGROQ_API_KEY=demo-not-a-real-key\n',
  '.env.example':
    'DATABASE_URL=postgresql://user:password@localhost/app\nGROQ_API_KEY=your-groq-api-key-here\n',
  '.venv/pyvenv.cfg': 'home = /usr/bin\nversion = 3.11.7\n',
  '.venv/bin/activate': '# activate the venv\n',
  '.venv/lib/python3.11/site-packages/fastapi/__init__.py': '__version__ = "0.115.0"\n',
  'uploads/invoice-2024-03.pdf': '%PDF-1.4 demo\n',
}

/**
 * `precommit-guard demo`: stage the mix in a throwaway repository, show what the hook says,
 * apply the recovery, show what gets committed, and remove the repository.
 */
export async function runDemo(
  write: (text: string) => void,
  style: Style,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'precommit-guard-demo-'))
  try {
    const git = await initScratchRepo(dir)
    for (const [path, content] of Object.entries(DEMO_FILES)) {
      mkdirSync(join(dir, dirname(path)), { recursive: true })
      writeFileSync(join(dir, path), content)
    }
    await git.add(['--all'])

    write(renderDemoIntro(dir, Object.keys(DEMO_FILES), style))
    const ctx = { cwd: dir, env: withoutGitVars(env) }
    const report = await runCheck({ ctx, mode: 'staged', paths: [] })
    write(renderText(report, style))
    write(renderDemoVerdict(report.blocked, style))
    await applyRecovery(report, { ctx, top: dir })
    await git.add(['.gitignore'])
    await git.commit('first commit')
    write(renderDemoOutcome(await git.trackedPaths()))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
