#!/usr/bin/env bash
# npm run bench [-- options]: installs the benchmark's own dependencies (Better Auth…) when
# needed, builds the service when there is no production build, then runs bench/run.ts.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
cd "$BENCH"

if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
  npm install --no-audit --no-fund
  touch node_modules
fi
if [ ! -f "$ROOT/.next/BUILD_ID" ]; then
  (cd "$ROOT" && bash scripts/build.sh)
fi

# tsx lives in the service's node_modules; name its loader by path so the import resolves from here.
exec node --import "$ROOT/node_modules/tsx/dist/loader.mjs" run.ts "$@"
