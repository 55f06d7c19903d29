import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { Prisma, PrismaClient } from "./generated/prisma/client";

// The driver follows configuration: DATABASE_URL=postgres://… uses PostgreSQL through
// @prisma/adapter-pg; no DATABASE_URL uses the embedded PGlite database in PGLITE_DIR (.data/pglite).
// The client is created lazily (never at import time, or `next build` would open the database) and
// kept on globalThis: the custom server and Next's bundled route code are two copies of this
// module in one process, and a PGlite directory may be opened only once.

type Db = PrismaClient;
type Holder = { client?: Db; close?: () => Promise<void> };
const holder: Holder = ((globalThis as { __pulDb?: Holder }).__pulDb ??= {});

export function databaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

export function pgliteDir(): string {
  return process.env.PGLITE_DIR ?? ".data/pglite";
}

export function db(): Db {
  if (!holder.client) open();
  return holder.client!;
}

function open() {
  const url = databaseUrl();
  if (url) {
    const adapter = new PrismaPg({ connectionString: url });
    const client = new PrismaClient({ adapter });
    holder.client = client;
    // Close over the local client: closeDb() clears holder.client before it calls close().
    holder.close = () => client.$disconnect();
  } else {
    const pglite = new PGlite(pgliteDir());
    const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    holder.client = client;
    holder.close = async () => {
      await client.$disconnect();
      await pglite.close();
    };
  }
}

/** Close the database (scripts and tests; PGlite must be closed to flush and release its directory). */
export async function closeDb(): Promise<void> {
  const close = holder.close;
  holder.client = undefined;
  holder.close = undefined;
  if (close) await close();
}

/**
 * A value PostgreSQL cannot take (SQLSTATE class 22: a NUL character in text, a date out of
 * range, ...). Input that reaches the database like this is the caller's mistake, not ours.
 */
export function isDataException(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (error.meta as { driverAdapterError?: { cause?: { code?: unknown } } } | undefined)?.driverAdapterError?.cause;
  return typeof cause?.code === "string" && cause.code.startsWith("22");
}

/** A write refused by a unique constraint (the row exists already). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
