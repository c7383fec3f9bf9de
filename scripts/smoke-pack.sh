#!/usr/bin/env bash
# Pack the package, install the tarball in a scratch project, and drive its bin against a
# real repository: catches a wrong `files` list, `bin` path or missing runtime dependency.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tarball=$(cd "$root" && npm pack --silent --pack-destination "$scratch" | tail -n 1)
cd "$scratch"
# Only what the bin, the library and its types need: the two bundles and their chunks, the
# declarations dist/index.d.ts reaches (each of them present), hooks/ and schema.json.
tar -tzf "$tarball" | node -e '
  const files = require("fs").readFileSync(0, "utf8").trim().split("\n").map((f) => f.replace(/^package\//, ""))
  const allowed = /^(dist\/(cli|cli-main|index)\.js|dist\/chunks\/[\w-]+\.js|dist\/[\w/-]+\.d\.ts|hooks\/[\w.-]+|schema\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/
  const stray = files.filter((f) => !allowed.test(f))
  if (stray.length) { console.error("smoke: the tarball ships more than it needs:", stray.join(" ")); process.exit(1) }
  if (!files.includes("dist/cli.js") || !files.includes("dist/index.d.ts")) { console.error("smoke: bin or types missing"); process.exit(1) }
  console.log(`smoke: the tarball holds ${files.length} files`)
'
mkdir project && cd project
git init -q -b main
git config user.name smoke && git config user.email smoke@example.com
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$scratch/$tarball"
./node_modules/.bin/precommit-guard --version
# The library entry and its types, as a TypeScript consumer compiles them.
cat > consumer.mts <<'EOF2'
import { runCheck, compileRules, type Report } from 'precommit-guard'
const report: Promise<Report> = runCheck({ ctx: { cwd: '.', env: {} }, mode: 'staged', paths: [] })
void report
void compileRules
EOF2
node "$root/node_modules/typescript/bin/tsc" --noEmit --strict --module nodenext --moduleResolution nodenext \
  --types node --typeRoots "$root/node_modules/@types" --skipLibCheck false consumer.mts
node --input-type=module -e "import('precommit-guard').then((m) => { if (typeof m.runCheck !== 'function') process.exit(1) })"
echo 'print("hi")' > app.py
git add app.py
./node_modules/.bin/precommit-guard
echo 'KEY=1' > .env
git add .env
set +e
./node_modules/.bin/precommit-guard --no-color
code=$?
set -e
if [ "$code" != 1 ]; then
  echo "smoke: expected exit 1 for a staged .env, got $code" >&2
  exit 1
fi
./node_modules/.bin/precommit-guard demo >/dev/null
git rm -q --cached .env
./node_modules/.bin/precommit-guard init
grep -qx '.env.\*' .gitignore
grep -qx 'precommit-guard' .husky/pre-commit
grep -qx 'KEY=your-key-here' .env.example
echo "smoke: packed tarball installs and its bin works"
