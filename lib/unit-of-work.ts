import { runSql } from "./db";
import { requestContext, withContext } from "./request-context";
import { together, type SqlFragment } from "./sql";

// A request's writes, committed together. Inside `inUnitOfWork`, a write that nothing later in
// the same request reads back from the database (a log event, a counter, the provider's tokens
// and sessions) is queued instead of sent, and all of them are committed in one statement when
// the work ends, before the answer leaves: one round trip, all or nothing. The work's failures
// are committed too (a failed login's log event and its used-up challenge are facts).
//
// The unit also remembers rows for the rest of the request (`remember`/`recall`): the provider's
// adapter answers a read of a row it queued, or that the caller already read (lib/oidc/adapter.ts).
//
// Rules for what is queued (lib/sql.ts `together`): no two writes in one unit may touch the same
// row, except through the same key, where the later write replaces the earlier one.

export type Unit = { writes: Map<string | symbol, SqlFragment>; rows: Map<string, unknown> };

/** The open unit (lib/request-context.ts carries it). */
const openUnit = () => requestContext()?.unit;

/** Runs `work` in a unit of work (or in the one already open), then commits what it queued. */
export async function inUnitOfWork<T>(work: () => Promise<T>): Promise<T> {
  if (openUnit()) return work();
  const unit: Unit = { writes: new Map(), rows: new Map() };
  let result: T;
  try {
    result = await withContext({ unit }, work);
  } catch (error) {
    await commit(unit).catch(() => {}); // the work's own failure is the one to report
    throw error;
  }
  await commit(unit);
  return result;
}

async function commit(unit: Unit): Promise<void> {
  if (unit.writes.size === 0) return;
  const writes = [...unit.writes.values()];
  unit.writes.clear();
  await runSql(together(writes));
}

/**
 * Queues `write` in the open unit (replacing an earlier write with the same `key`), or runs it
 * at once when there is none.
 */
export async function write(statement: SqlFragment, key?: string): Promise<void> {
  const unit = openUnit();
  if (!unit) {
    await runSql(statement);
    return;
  }
  unit.writes.set(key ?? Symbol(), statement);
}

/** Sends what the open unit queued so far (before something that must see it in the database). */
export async function commitNow(): Promise<void> {
  const unit = openUnit();
  if (unit) await commit(unit);
}

/** Keeps `value` under `key` for the rest of the unit (no-op outside one). */
export function remember(key: string, value: unknown): void {
  openUnit()?.rows.set(key, value);
}

/** What the unit remembers under `key`: the value, or undefined when it knows nothing. */
export function recall(key: string): unknown {
  return openUnit()?.rows.get(key);
}

/** Every remembered entry whose key starts with `prefix`. */
export function recallAll<T>(prefix: string): [string, T][] {
  const rows = openUnit()?.rows;
  return rows ? ([...rows].filter(([key]) => key.startsWith(prefix)) as [string, T][]) : [];
}
