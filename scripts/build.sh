#!/usr/bin/env bash
# Production build: Prisma client, then Next.js.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
npm run --silent db:generate >/dev/null
npx next build
