// `npm run db:migrate`: applies the pending migrations (scripts/db-migrate.ts), says what it applied,
// exits non-zero on failure. A file of its own so that importing the runner never runs it.
import { closeDb } from "../lib/db";
import { migrate } from "./db-migrate";

migrate({ log: (msg) => console.log(msg) })
  .then((names) => console.log(names.length ? `applied ${names.length} migration(s)` : "database is up to date"))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(closeDb);
