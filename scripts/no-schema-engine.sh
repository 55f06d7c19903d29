#!/bin/sh
# Prisma engines cannot be downloaded here; generation never needs the schema engine.
echo "schema engine not available: migrations are applied by scripts/db-migrate.ts" >&2
exit 1
