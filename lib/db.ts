import type { PGlite } from "@electric-sql/pglite";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { PrismaPGlite } from "pglite-prisma-adapter";
import { Prisma, PrismaClient } from "./generated/prisma/client";
import type { SqlFragment } from "./sql";

// The driver follows configuration: DATABASE_URL=postgres://… uses PostgreSQL through
// @prisma/adapter-pg; no DATABASE_URL uses the embedded PGlite database in PGLITE_DIR (.data/pglite).
// The client is created lazily (never at import time, or `next build` would open the database) and
// kept on globalThis: the custom server and Next's bundled route code are two copies of this
// module in one process, and a PGlite directory may be opened only once.
//
// Prisma owns the schema, the migrations and most queries. The few statements on a login's hot
// path run as plain SQL (lib/sql.ts) on the same pool or PGlite instance Prisma uses: through
// Prisma, one statement costs about 0.4 ms more CPU than through `pg` (measured, see
// docs/performance.md), which is a large share of a login.

type Db = PrismaClient;
type Driver = {
  query(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  /** Calls `onNotify(payload)` for every NOTIFY on `channel`; `onLost` if the subscription breaks. */
  listen(channel: string, onNotify: (payload: string) => void, onLost: () => void): Promise<() => Promise<void>>;
};
type Holder = { client?: Db; driver?: Driver; pool?: pg.Pool; close?: () => Promise<void> };
const holder: Holder = ((globalThis as { __pulDb?: Holder }).__pulDb ??= {});

export function databaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

export function pgliteDir(): string {
  return process.env.PGLITE_DIR ?? ".data/pglite";
}

export function db(): Db {
  return holder.client ?? open().client;
}

/** PostgreSQL's connection pool (lib/limits.ts keeps its counters there), or undefined on PGlite. */
export function pgPool(): pg.Pool | undefined {
  if (!databaseUrl()) return undefined;
  if (!holder.driver) open();
  return holder.pool;
}

/** The raw driver under Prisma (lib/sql.ts runs the hot statements through it). */
export function driver(): Driver {
  return holder.driver ?? open().driver;
}

function open(): { client: Db; driver: Driver } {
  const url = databaseUrl();
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    // An idle connection that breaks (a database restart) must not crash the process.
    pool.on("error", () => {});
    const client = new PrismaClient({ adapter: new PrismaPg(pool) });
    holder.client = client;
    holder.pool = pool;
    const driver: Driver = (holder.driver = {
      async query(text, values) {
        const result = await pool.query<Record<string, unknown>>(text, values);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      },
      listen: (channel, onNotify, onLost) => listenPg(url, channel, onNotify, onLost),
    });
    // Close over the locals: closeDb() clears the holder before it calls close().
    holder.close = async () => {
      await client.$disconnect();
      await pool.end();
    };
    return { client, driver };
  } else {
    // Loaded only when used: the module alone holds about 47 MB, which a PostgreSQL server need not.
    clampOverlongTimers();
    const load = createRequire(import.meta.url);
    const pglite: PGlite = new (load("@electric-sql/pglite") as typeof import("@electric-sql/pglite")).PGlite(pgliteDir());
    const adapter: PrismaPGlite = new (load("pglite-prisma-adapter") as typeof import("pglite-prisma-adapter")).PrismaPGlite(pglite);
    const client = new PrismaClient({ adapter });
    holder.client = client;
    const driver: Driver = (holder.driver = {
      async query(text, values) {
        const result = await pglite.query<Record<string, unknown>>(text, values);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      },
      // In-process: a subscription cannot break while the database is open.
      listen: async (channel, onNotify) => {
        const unlisten = await pglite.listen(channel, onNotify);
        return () => unlisten();
      },
    });
    holder.close = async () => {
      await client.$disconnect();
      await pglite.close();
    };
    return { client, driver };
  }
}

/**
 * PostgreSQL inside PGlite arms its timeouts (SIGALRM, emulated with setTimeout) for "deadline
 * minus now". After the wall clock jumps back by more than 24.8 days, that delay no longer fits
 * a 32-bit timer, and Node fires such a timer after 1 ms instead, with a TimeoutOverflowWarning:
 * PostgreSQL finds its deadline not reached and arms it again, every millisecond, forever. A
 * delay too long for a timer waits the longest a timer can instead (the alarm then re-arms
 * itself for what remains), which is what the caller meant. Installed once, for PGlite only.
 */
function clampOverlongTimers() {
  const holder = globalThis as { __pulTimersClamped?: boolean };
  if (holder.__pulTimersClamped) return;
  holder.__pulTimersClamped = true;
  const longest = 2 ** 31 - 1;
  const original = globalThis.setTimeout;
  const clamped = (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) =>
    original(callback, typeof delay === "number" && delay > longest ? longest : delay, ...args);
  globalThis.setTimeout = Object.assign(clamped, original) as typeof setTimeout;
}

/** LISTEN on a connection of its own (a pooled one would be handed to other queries). */
async function listenPg(url: string, channel: string, onNotify: (payload: string) => void, onLost: () => void) {
  const client = new pg.Client({ connectionString: url });
  let closing = false;
  const lost = () => {
    if (!closing) onLost();
    closing = true;
  };
  client.on("error", lost);
  client.on("end", lost);
  client.on("notification", (message) => {
    if (message.channel === channel) onNotify(message.payload ?? "");
  });
  await client.connect();
  await client.query(`LISTEN "${channel}"`);
  return async () => {
    closing = true;
    await client.end().catch(() => {});
  };
}

/** Runs one SQL statement built with lib/sql.ts on the driver Prisma uses. */
export async function runSql(statement: SqlFragment) {
  const { text, values } = statement.render();
  return driver().query(text, values);
}

/** Close the database (scripts and tests; PGlite must be closed to flush and release its directory). */
export async function closeDb(): Promise<void> {
  const close = holder.close;
  holder.client = undefined;
  holder.driver = undefined;
  holder.pool = undefined;
  holder.close = undefined;
  if (close) await close();
}

/** SQLSTATE of a failed statement, from Prisma or from the raw driver. */
function sqlState(error: unknown): string | undefined {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2002") return "23505";
    const cause = (error.meta as { driverAdapterError?: { cause?: { code?: unknown } } } | undefined)?.driverAdapterError?.cause;
    return typeof cause?.code === "string" ? cause.code : undefined;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * A value PostgreSQL cannot take (SQLSTATE class 22: a NUL character in text, a date out of
 * range, ...). Input that reaches the database like this is the caller's mistake, not ours.
 */
export function isDataException(error: unknown): boolean {
  return sqlState(error)?.startsWith("22") ?? false;
}

/**
 * The database cannot be reached or went away (a connection refused, reset or timed out, the
 * server shutting down, no connection free): the request is not at fault, and a retry in a
 * moment may work. Callers answer 503 with Retry-After. Follows `cause` chains (Prisma wraps).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const state = sqlState(e);
    if (state && /^(08|57P0|53)/.test(state)) return true; // connection exception, shutdown, out of resources
    const { code, message, kind } = e as { code?: unknown; message?: unknown; kind?: unknown };
    if (typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|P1001|P1002|P1008|P1017|P2024)$/.test(code))
      return true;
    if (typeof kind === "string" && /^(DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections)$/.test(kind)) return true;
    if (
      typeof message === "string" &&
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|Server has closed the connection/i.test(
        message,
      )
    )
      return true;
    const adapter = (e as { meta?: { driverAdapterError?: unknown } }).meta?.driverAdapterError;
    if (adapter && isDatabaseUnavailable(adapter)) return true;
  }
  return false;
}

/** A write refused by a unique constraint (the row exists already). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === "23505";
}
