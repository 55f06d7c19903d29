#!/usr/bin/env bash
# `npm test`: the whole suite, as CI runs it.
#   1. type check and lint   2. unit + integration on the embedded database (PGlite)
#   3. the same on PostgreSQL   4. production build   5. end-to-end in Chromium
#   6. the benchmark's smoke (every flow completes without errors)
# Gets Debian's Chromium and libfaketime itself when they are missing. Ends with "N passed, N failed".
set -uo pipefail
shopt -s globstar
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
PG_TEST_URL="${PG_TEST_URL:-postgres://postgres@127.0.0.1:5432/test}"
logs=$(mktemp -d)
passed=0
failed=0
status=0

step() { printf '\n== %s\n' "$*"; }

count_node() { # adds the pass/fail counts of a node:test spec report
  local p f
  p=$(grep -Eo '^ℹ pass [0-9]+' "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo '^ℹ fail [0-9]+' "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}

# The browser tests need Debian's Chromium and libfaketime (the server runs under it so specs
# can move its clock: see playwright.config.ts). Installed only when missing.
ensure_browser_deps() {
  local missing=()
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
  compgen -G "/usr/lib/*/faketime/libfaketimeMT.so.1" >/dev/null || [ -e /usr/lib/faketime/libfaketimeMT.so.1 ] || missing+=(faketime)
  [ ${#missing[@]} -eq 0 ] && return 0
  step "installing Debian's ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

unit() { # $1 = label; environment picks the driver
  step "unit + integration tests ($1)"
  # Node 20's --test does not expand globs itself: bash does (globstar, set above).
  NODE_ENV=test node --import tsx --test --test-concurrency=1 --test-reporter=spec lib/**/*.test.ts 2>&1 | tee "$logs/unit-$1.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count_node "$logs/unit-$1.log"
}

step "prisma generate, type check, lint"
npm run --silent db:generate >/dev/null || status=1
# The benchmark is type-checked and linted too; its Better Auth types live in bench/node_modules.
[ -d bench/node_modules ] || (cd bench && npm install --no-audit --no-fund >/dev/null) || status=1
for check in typecheck lint; do
  if npm run --silent "$check"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
done

unit embedded

if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || node -e "new (require('pg').Client)(process.argv[1]).connect().then(c=>process.exit(0),()=>process.exit(1))" "$PG_TEST_URL" 2>/dev/null; then
  DATABASE_URL="$PG_TEST_URL" unit postgresql
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL is not reachable at $PG_TEST_URL (CI requires it)"; status=1
else
  echo "PostgreSQL is not reachable at $PG_TEST_URL: skipping the PostgreSQL run (CI runs it)"
fi

ensure_browser_deps || status=1
step "production build"
bash scripts/build.sh > "$logs/build.log" 2>&1 || { cat "$logs/build.log"; status=1; }

step "end-to-end (Playwright, Chromium)"
npx playwright test 2>&1 | tee "$logs/e2e.log"
e2e_status=${PIPESTATUS[0]}
[ "$e2e_status" -eq 0 ] || status=1
if [ -f test-results/e2e.json ]; then
  read -r p f < <(node -e "const s=require('./test-results/e2e.json').stats; console.log(s.expected+s.flaky, s.unexpected)")
  passed=$((passed + p)); failed=$((failed + f))
else
  failed=$((failed + 1))
fi

# Every benchmarked flow, for a few seconds each, against the same production build: it must
# complete without an error (the budgets are for `npm run bench` itself, never for CI's timing).
step "benchmark smoke (npm run bench -- --smoke)"
if bash bench/run.sh --smoke > "$logs/bench.log" 2>&1; then
  tail -n 20 "$logs/bench.log"; passed=$((passed + 1))
else
  cat "$logs/bench.log"; failed=$((failed + 1)); status=1
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
