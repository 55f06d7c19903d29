import { driver, runSql } from "./db";
import { sql } from "./sql";
import { logger } from "./logger";

// Configuration rows (the tenant, custom domains, connections, clients, client grants) are read by nearly every
// request and change rarely, through the Management API. The module that owns each table reads it
// through `cachedReader`, which keeps the answers in memory.
//
// One invalidation path, for every instance on one database: a trigger on each of those tables
// sends NOTIFY config_changed, '<table>' when a change commits (migration 20261201000000), and
// every instance LISTENs and drops that table's entries. While an instance is not listening
// (starting up, or its listening connection broke and is being re-opened) it does not trust its
// cache: reads go to the database. So a changed policy is stale nowhere for longer than
// PostgreSQL takes to deliver a notification.
//
// And a change made here is in force everywhere when the Management API answers: every instance
// that hears a change acknowledges it on the same channel ('ack:<table>'), and the writer waits
// (at most a second) for as many acknowledgements as there are listening instances.

export type ConfigTable = "tenant" | "custom_domain" | "connection" | "client" | "client_grant";

const CHANNEL = "config_changed";
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1_000;

type Writer = { table: ConfigTable; acks: number; needed: number; done: () => void };

type State = {
  /** Started and not stopped: keeps (re)connecting. */
  running: boolean;
  /** Subscribed right now: only then is the cache trusted. */
  listening: boolean;
  unlisten?: () => Promise<void>;
  /** Bumped by every invalidation: a read that started before one must not fill the cache. */
  generation: Map<ConfigTable, number>;
  entries: Map<ConfigTable, Map<string, unknown>>;
  /** Writers in this process, counting the acknowledgements of their change. */
  waiting: Set<Writer>;
};

// On globalThis: server.ts and Next's bundle each load a copy of this module.
const state: State = ((globalThis as { __pulConfigCache?: State }).__pulConfigCache ??= {
  running: false,
  listening: false,
  generation: new Map(),
  entries: new Map(),
  waiting: new Set(),
});

/** `load`, remembered per key until the table changes. Treat what it returns as read-only. */
export function cachedReader<K, V>(table: ConfigTable, load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  return async (key: K) => {
    if (!state.listening) return load(key);
    const id = JSON.stringify(key);
    let entries = state.entries.get(table);
    if (entries?.has(id)) return entries.get(id) as V;
    const generation = state.generation.get(table) ?? 0;
    const value = await load(key);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the listener may have been lost while we awaited
    if (state.listening && (state.generation.get(table) ?? 0) === generation) {
      if (!entries) state.entries.set(table, (entries = new Map<string, unknown>()));
      const oldest = entries.keys().next();
      if (entries.size >= MAX_ENTRIES && !oldest.done) entries.delete(oldest.value);
      entries.set(id, value);
    }
    return value;
  };
}

function invalidate(table: ConfigTable): void {
  state.generation.set(table, (state.generation.get(table) ?? 0) + 1);
  state.entries.delete(table);
}

function invalidateAll(): void {
  for (const table of ["tenant", "custom_domain", "connection", "client", "client_grant"] as const) invalidate(table);
}

function onNotify(payload: string): void {
  if (payload.startsWith("ack:")) {
    for (const writer of state.waiting) {
      if (writer.table === payload.slice(4) && ++writer.acks >= writer.needed) writer.done();
    }
    return;
  }
  const table = payload as ConfigTable;
  invalidate(table);
  runSql(sql`SELECT pg_notify(${CHANNEL}, ${`ack:${table}`})`).catch(() => {}); // a lost ack only makes a writer wait its second
}

/** Starts listening for changes (server start-up); until then, and after stop, nothing is cached. */
export async function startConfigListener(): Promise<void> {
  if (state.running) return;
  state.running = true;
  await connect();
}

export async function stopConfigListener(): Promise<void> {
  state.running = false;
  state.listening = false;
  invalidateAll();
  const unlisten = state.unlisten;
  state.unlisten = undefined;
  await unlisten?.();
}

async function connect(): Promise<void> {
  if (!state.running) return;
  try {
    const unlisten = await driver().listen(CHANNEL, onNotify, onLost);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run while we awaited
    if (!state.running) {
      await unlisten();
      return;
    }
    state.unlisten = unlisten;
    // Whatever changed while nobody listened is unknown: start from nothing.
    invalidateAll();
    state.listening = true;
  } catch (error) {
    logger.warn({ err: error }, "configuration listener could not connect; retrying");
    retry();
  }
}

function onLost(): void {
  state.listening = false;
  state.unlisten = undefined;
  invalidateAll();
  logger.warn("configuration listener lost its connection; reading configuration uncached until it is back");
  retry();
}

function retry(): void {
  if (state.running) setTimeout(() => void connect(), RECONNECT_MS).unref();
}

/**
 * Runs `change`, a write to `table`; when it has committed, this process's entries are gone and
 * the caller waits (at most a second) until every listening instance has acknowledged hearing of
 * it: an operator's next request, to any instance, sees the change.
 */
export async function changeConfig<T>(table: ConfigTable, change: () => Promise<T>): Promise<T> {
  let done = () => {};
  const acknowledged = new Promise<void>((resolve) => (done = resolve));
  const writer: Writer = { table, acks: 0, needed: Infinity, done };
  state.waiting.add(writer);
  try {
    const result = await change();
    invalidate(table);
    if (state.listening) {
      writer.needed = await listeningInstances();
      if (writer.acks >= writer.needed) done();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([acknowledged, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)))]);
      clearTimeout(timer);
    }
    return result;
  } finally {
    state.waiting.delete(writer);
  }
}

/** How many instances listen for changes: each has one connection whose last statement was the LISTEN. */
async function listeningInstances(): Promise<number> {
  try {
    const { rows } = await runSql(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = ${`LISTEN "${CHANNEL}"`}`);
    return Math.max(1, Number(rows[0]?.n ?? 1));
  } catch {
    return 1; // PGlite has no pg_stat_activity; one process, this one
  }
}
