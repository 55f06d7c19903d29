#!/usr/bin/env bash
# Production build: Prisma client, then Next.js, then server.ts as one plain-JavaScript file
# (.next/server.mjs: the server runs on node alone, without tsx's loader, source maps and
# transforms, which cost about 70 MB of memory and start-up time; packages stay in node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
npm run --silent db:generate >/dev/null
npx next build
npx esbuild server.ts --bundle --platform=node --target=node20 --format=esm --packages=external \
  --outfile=.next/server.mjs --log-level=warning
