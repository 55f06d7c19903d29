// A fresh, empty database for a test process, on whichever driver the environment selects:
// a throwaway database on the PostgreSQL server DATABASE_URL names, or PGlite in a temp dir.
// Kept apart from harness.ts so storage tests need not load the OIDC provider.

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { closeDb, databaseUrl } from "../db";

export type FreshDatabase = {
  driver: "pglite" | "postgresql";
  /** Closes the client, throws the database away and restores the environment. */
  drop(): Promise<void>;
};

/**
 * Points lib/db.ts at a new, empty database: a throwaway database next to the one DATABASE_URL
 * names, or PGlite in a new temp directory (a developer's .data/pglite is never touched).
 * Call before the first db() or migrate().
 */
export async function freshDatabase(): Promise<FreshDatabase> {
  const adminUrl = databaseUrl();
  if (adminUrl) {
    const name = `pul_test_${randomBytes(6).toString("hex")}`;
    await withPg(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    return {
      driver: "postgresql",
      async drop() {
        await closeDb();
        // FORCE: a leftover pool connection must not keep the throwaway database alive.
        await withPg(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
        process.env.DATABASE_URL = adminUrl;
      },
    };
  }
  const previousDir = process.env.PGLITE_DIR;
  const tempDir = await mkdtemp(join(tmpdir(), "pul-test-"));
  process.env.PGLITE_DIR = join(tempDir, "pglite");
  return {
    driver: "pglite",
    async drop() {
      await closeDb();
      await rm(tempDir, { recursive: true, force: true });
      if (previousDir === undefined) delete process.env.PGLITE_DIR;
      else process.env.PGLITE_DIR = previousDir;
    },
  };
}

async function withPg(connectionString: string, fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
