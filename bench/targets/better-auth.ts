// Starts Better Auth (./better-auth-server.ts) for a benchmark run: a fresh PostgreSQL database
// (unless one is given), the server pinned to one core with taskset, and stop() that ends it and
// drops the database it made. taskset execs node, so the child's pid is the serving process's
// (the one whose /proc/<pid>/status VmRSS the orchestrator reads).

import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export type StartOptions = { port: number; core: number; databaseUrl?: string };
export type StartedTarget = { baseUrl: string; pid: number; stop(): Promise<void> };

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.resolve(here, "..");
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
  const child = spawn("taskset", ["-c", String(opts.core), process.execPath, "--import", "tsx", path.join(here, "better-auth-server.ts")], {
    cwd: benchDir,
    env: { ...process.env, PORT: String(opts.port), DATABASE_URL: databaseUrl, BETTER_AUTH_TELEMETRY: "0", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = captureOutput(child, "better-auth");

  const dropDb = async () => {
    if (createdDb) await adminQuery(`DROP DATABASE IF EXISTS ${createdDb} WITH (FORCE)`).catch(() => {});
  };
  try {
    await waitUntilAnswering(`${baseUrl}/api/auth/ok`, child, output);
  } catch (error) {
    child.kill("SIGKILL");
    await dropDb();
    throw error;
  }

  return {
    baseUrl,
    pid: child.pid!,
    async stop() {
      await terminate(child);
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

// --- process helpers (the same few lines as in ./baseline.ts) ---

/** Keeps the last few KB of the child's output for error messages; forwards its stderr. */
function captureOutput(child: ChildProcess, name: string): () => string {
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(`[${name}] ${chunk.toString("utf8")}`);
  });
  return () => tail;
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before answering ${url}:\n${output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
