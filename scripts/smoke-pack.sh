#!/usr/bin/env bash
# Pack the package, install the tarball in a scratch project, and drive its bin against a
# real repository: catches a wrong `files` list, `bin` path or missing runtime dependency.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tarball=$(cd "$root" && npm pack --silent --pack-destination "$scratch" | tail -n 1)
cd "$scratch"
mkdir project && cd project
git init -q -b main
git config user.name smoke && git config user.email smoke@example.com
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$scratch/$tarball"
./node_modules/.bin/precommit-guard --version
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
