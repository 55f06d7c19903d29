// Applies the hand-written SQL migrations in prisma/migrations to whichever database lib/db.ts
// would open (PostgreSQL when DATABASE_URL is set, PGlite in PGLITE_DIR otherwise).
//
// Prisma's engines cannot be downloaded here, so `prisma migrate deploy` is unavailable. This runner
// does the same job the same way: it keeps Prisma's `_prisma_migrations` table with the same
// columns, checksums and advisory lock, so a machine that has the engines would agree with it.
//
//   npm run db:migrate     (scripts/migrate.ts: this, from the command line)

import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { databaseUrl, pgliteDir } from "../lib/db";

// Relative to this file, not the cwd, so the runner works from any directory.
const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations/", import.meta.url));

// The key Prisma's own migrate commands lock on, so this runner and `prisma migrate deploy`
// exclude each other as well as two copies of this runner.
const ADVISORY_LOCK_KEY = 72707369;

// Prisma's definition of the table, column for column.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The little the runner needs from a connection, so the same logic drives both drivers. */
interface Conn {
  /** Runs a script that may hold several statements (no parameters). */
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

type MigrationFile = { name: string; sql: string; checksum: string };

/** Applies pending migrations; returns the names of those it applied (in order). */
export async function migrate(options: { log?: (msg: string) => void } = {}): Promise<string[]> {
  const log = options.log ?? (() => {});
  const conn = await connect(log);
  try {
    // Held for the whole run (released when the session ends, too). PGlite has a single
    // connection, so there it is harmless; on PostgreSQL it serialises concurrent deploys.
    await conn.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_KEY})`);
    try {
      return await applyPending(conn, log);
    } finally {
      // Ending the session releases it anyway; never let a failed unlock hide the real error.
      await conn.query(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_KEY})`).catch(() => {});
    }
  } finally {
    // Always close: PGlite allows one handle per directory, and the app opens it next via Prisma.
    await conn.close();
  }
}

async function applyPending(conn: Conn, log: (msg: string) => void): Promise<string[]> {
  await conn.exec(CREATE_MIGRATIONS_TABLE);

  // Rows rolled back (by `prisma migrate resolve --rolled-back`) no longer count, as in Prisma.
  const rows = await conn.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  const applied = new Map(rows.map((r) => [r.migration_name, r]));
  const files = readMigrations();
  const onDisk = new Set(files.map((f) => f.name));

  // Check everything before changing anything: a half-applied or edited history must be fixed by
  // a person, and applying newer migrations on top of it would only make that harder.
  for (const row of rows) {
    if (row.finished_at === null) {
      throw new Error(
        `Migration ${row.migration_name} started but never finished (a failed run outside this ` +
          `runner). Fix the database by hand, then mark it with \`prisma migrate resolve\` or delete its ` +
          `row from _prisma_migrations.`,
      );
    }
    if (!onDisk.has(row.migration_name)) {
      log(`warning: applied migration ${row.migration_name} is not in ${MIGRATIONS_DIR}`);
    }
  }
  for (const file of files) {
    const row = applied.get(file.name);
    if (row && row.checksum !== file.checksum) {
      throw new Error(
        `Migration ${file.name} was modified after it was applied (checksum in _prisma_migrations ` +
          `${row.checksum}, file ${file.checksum}). Never edit an applied migration: restore the ` +
          `file and add a new migration instead.`,
      );
    }
  }

  const done: string[] = [];
  for (const file of files) {
    if (applied.has(file.name)) continue;
    log(`applying ${file.name}`);
    // The migration and its record commit together, so a failure leaves no trace to clean up.
    await conn.exec("BEGIN");
    try {
      await conn.exec(file.sql);
      // now() is the transaction start; clock_timestamp() is when the migration actually finished.
      await conn.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
        [randomUUID(), file.checksum, file.name],
      );
      await conn.exec("COMMIT");
    } catch (err) {
      await conn.exec("ROLLBACK").catch(() => {});
      throw new Error(`Migration ${file.name} failed and was rolled back: ${(err as Error).message}`, {
        cause: err,
      });
    }
    done.push(file.name);
  }
  return done;
}

/** Migration directories in name order (the timestamp prefix makes that chronological), as Prisma does. */
function readMigrations(): MigrationFile[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(MIGRATIONS_DIR, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(MIGRATIONS_DIR, name, "migration.sql"));
      // Prisma's checksum: sha256 of the file's bytes, hex.
      const checksum = createHash("sha256").update(bytes).digest("hex");
      return { name, sql: bytes.toString("utf8"), checksum };
    });
}

/** Opens the database the way lib/db.ts chooses it. */
async function connect(log: (msg: string) => void): Promise<Conn> {
  const url = databaseUrl();
  if (url) {
    log("database: PostgreSQL (DATABASE_URL)");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params as unknown[])).rows as T[],
      close: () => client.end(),
    };
  }
  const dir = pgliteDir();
  log(`database: PGlite in ${dir}`);
  // PGlite creates the database directory itself but not its parents (.data on a fresh checkout).
  mkdirSync(dirname(resolve(dir)), { recursive: true });
  const pglite = new PGlite(dir);
  await pglite.waitReady;
  return {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    close: () => pglite.close(),
  };
}
