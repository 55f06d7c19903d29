// Throw-away PostgreSQL databases for benchmark servers, and the few queries the orchestrator
// makes itself. The admin URL is the local server with trust auth (override: BENCH_PG_ADMIN_URL).

import { randomBytes } from "node:crypto";
import pg from "pg";

export const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type ScratchDatabase = { name: string; url: string; drop(): Promise<void> };

export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE pul_bench_<label>_<random>; drop() removes it even with sessions still open. */
export async function createDatabase(label: string): Promise<ScratchDatabase> {
  const name = `pul_bench_${label.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  await query(ADMIN_URL, `CREATE DATABASE ${name}`);
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      await query(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error: unknown) => {
        console.error(`could not drop database ${name}: ${error instanceof Error ? error.message : String(error)}`);
      });
    },
  };
}

/** The admin URL with another database name and, optionally, another port (the SQL counting proxy). */
export function databaseUrl(name: string, port?: number): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  if (port) url.port = String(port);
  return url.toString();
}

/** Where the service signs users up when no realm is named. */
export async function defaultConnectionId(url: string): Promise<string> {
  const rows = await query<{ id: string }>(url, "SELECT id FROM connection WHERE is_default = true");
  if (rows.length !== 1) throw new Error(`expected one default connection, found ${rows.length}`);
  return rows[0].id;
}
