// Starts Better Auth (./better-auth-server.ts) for a benchmark run: a fresh PostgreSQL database
// (unless one is given), the server pinned to one core with taskset, and stop() that ends it and
// drops the database it made. taskset execs node, so the child's pid is the serving process's
// (the one whose /proc/<pid>/status VmRSS the orchestrator reads).

import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { spawnPinned, waitForUrl } from "../lib/proc.ts";

export type StartOptions = { port: number; core: number; databaseUrl?: string };
export type StartedTarget = { baseUrl: string; pid: number; stop(): Promise<void> };

const here = path.dirname(fileURLToPath(import.meta.url));
/** Where the peers' databases are created from (trust auth on this machine). */
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export async function start(opts: StartOptions): Promise<StartedTarget> {
  let databaseUrl = opts.databaseUrl;
  let createdDb: string | undefined;
  if (!databaseUrl) {
    createdDb = `pul_bench_better_auth_${randomBytes(4).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${createdDb}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${createdDb}`;
    databaseUrl = url.toString();
  }

  const baseUrl = `http://localhost:${opts.port}`;
  const server = spawnPinned(opts.core, process.execPath, ["--import", "tsx", path.join(here, "better-auth-server.ts")], {
    cwd: path.resolve(here, ".."),
    env: { ...process.env, PORT: String(opts.port), DATABASE_URL: databaseUrl, BETTER_AUTH_TELEMETRY: "0", NODE_ENV: "production" },
    name: "better-auth",
  });

  const dropDb = async () => {
    if (createdDb) await adminQuery(`DROP DATABASE IF EXISTS ${createdDb} WITH (FORCE)`).catch(() => {});
  };
  try {
    await waitForUrl(`${baseUrl}/api/auth/ok`, server, 30_000);
  } catch (error) {
    server.child.kill("SIGKILL");
    await dropDb();
    throw error;
  }

  return {
    baseUrl,
    pid: server.pid,
    async stop() {
      await server.stop(5000);
      await dropDb();
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
