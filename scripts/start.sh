#!/usr/bin/env bash
# `npm start`: build when the sources are newer than the last build, then run the production
# server (migrations and seed run at start-up; with no DATABASE_URL the data lives in .data/).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if [ ! -f .next/BUILD_ID ] || [ ! -f .next/server.mjs ] || [ -n "$(find app components lib messages prisma scripts server.ts next.config.js -newer .next/BUILD_ID -type f -not -path 'lib/generated/*' -print -quit)" ]; then
  bash scripts/build.sh
fi
export NODE_ENV=production
exec node .next/server.mjs
