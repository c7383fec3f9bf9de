// The floor: the least a Node.js pre-commit check can do. Node starts, runs
// `git diff --cached --name-status -z` through child_process, reads its output and exits.
import { spawn } from 'node:child_process'
import process from 'node:process'

const child = spawn('git', ['diff', '--cached', '--name-status', '-z'], {
  stdio: ['ignore', 'pipe', 'inherit'],
})
let output = ''
child.stdout.setEncoding('utf8')
child.stdout.on('data', (chunk) => (output += chunk))
child.on('close', (code) => {
  const fields = output.split('\0')
  process.exitCode = code === 0 && fields.length > 0 ? 0 : 2
})
