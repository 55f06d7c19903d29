import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { config } from "./config";
import { pgPool } from "./db";
import { logEvent, type LogType, type RequestInfo } from "./logs/events";

// Abuse limits: every path that checks a secret or creates state pays into one of these, and
// this table is the one place they are configured. Counted by rate-limiter-flexible in Redis
// when REDIS_URL is set, else in PostgreSQL when DATABASE_URL is (table rate_limit, so that
// several instances share them), else in this process's memory (the embedded database is one
// process anyway). Keys are hashed: no email or address lands in the store in clear.

export type LimitName = keyof ReturnType<typeof limitTable>;

/** points per duration (seconds); once they are spent the key is refused for blockSeconds. */
type Limit = { points: number; duration: number; blockSeconds: number };

function limitTable() {
  const { limits } = config();
  return {
    /** Auth0's brute-force protection: 10 wrong passwords for one identifier from one address block that pair. */
    passwordFailuresPerAccount: { points: 10, duration: 24 * 3600, blockSeconds: limits.blockSeconds },
    /** Many failed logins from one address, whatever the accounts: the address is blocked (limit_mu). */
    loginFailuresPerIp: { points: limits.ipFailuresPerHour, duration: 3600, blockSeconds: limits.blockSeconds },
    /** Wrong TOTP codes for one user across logins: the factor is locked for a while. */
    totpFailuresPerUser: { points: 10, duration: 15 * 60, blockSeconds: 15 * 60 },
    /** Signups (hosted and native) one address may attempt per minute. */
    signupsPerIp: { points: limits.signupsPerMinute, duration: 60, blockSeconds: 60 },
    /** Passkey challenges (pages, native API, My Account) one address may ask for per minute: each is a stored row. */
    passkeyChallengesPerIp: { points: limits.passkeyChallengesPerMinute, duration: 60, blockSeconds: 0 },
    /** Management API tokens one address may ask for per minute. */
    managementTokensPerIp: { points: limits.managementTokensPerMinute, duration: 60, blockSeconds: 0 },
    /** Emails (recovery links, verification codes) one address may cause per hour: each is a mail sent on its behalf. */
    mailsPerIp: { points: 20, duration: 3600, blockSeconds: 0 },
    /** Emails to one typed address per hour, whether or not it has an account (so the answer says nothing). */
    mailsPerRecipient: { points: 5, duration: 3600, blockSeconds: 0 },
  } satisfies Record<string, Limit>;
}

/** The tenant log event of a refusal by each limit (Auth0's codes). */
const REFUSAL_EVENTS: Record<LimitName, { type: LogType; description: string }> = {
  passwordFailuresPerAccount: { type: "limit_wc", description: "Blocked account: too many failed logins for this identifier from this address" },
  loginFailuresPerIp: { type: "limit_mu", description: "Blocked address: too many failed logins from it" },
  totpFailuresPerUser: { type: "gd_otp_rate_limit_exceed", description: "Too many wrong MFA codes: the factor is locked for a while" },
  signupsPerIp: { type: "limit_mu", description: "Blocked address: too many signups from it" },
  passkeyChallengesPerIp: { type: "api_limit", description: "Too many passkey challenges from this address" },
  managementTokensPerIp: { type: "api_limit", description: "Too many client-credentials token requests from this address" },
  mailsPerIp: { type: "api_limit", description: "Too many emails asked for from this address" },
  mailsPerRecipient: { type: "api_limit", description: "Too many emails asked for to one address" },
};

/** Writes the tenant log event of a refusal (every refusal leaves one). */
export async function logRefusal(
  error: LimitReachedError,
  context: { request?: RequestInfo; clientId?: string; connection?: string; userId?: string },
): Promise<void> {
  const { type, description } = REFUSAL_EVENTS[error.limit];
  await logEvent({ type, description, ...context, details: { limit: error.limit, retry_after: error.retryAfterSeconds } });
}

/** A limit was reached: the caller answers 429 (APIs) or a translated notice (pages). */
export class LimitReachedError extends Error {
  constructor(
    readonly limit: LimitName,
    readonly retryAfterSeconds: number,
  ) {
    super(`limit ${limit} reached; retry in ${retryAfterSeconds} s`);
    this.name = "LimitReachedError";
  }
}

/** Points an instance took from the shared store and has not handed out yet (see Batches). */
type Batch = { left: number; until: number };
type Holder = { limiters: Map<LimitName, RateLimiterAbstract>; batches: Map<string, Batch>; redis?: Redis; pool?: unknown };
const holder: Holder = ((globalThis as { __pulLimits?: Holder }).__pulLimits ??= { limiters: new Map(), batches: new Map() });

function limiter(name: LimitName): RateLimiterAbstract {
  const pool = pgPool();
  if (holder.pool !== pool) {
    // The database was closed and opened again (tests, scripts): limiters hold the old pool.
    holder.limiters.clear();
    holder.batches.clear();
    holder.pool = pool;
  }
  const existing = holder.limiters.get(name);
  if (existing) return existing;
  const { points, duration, blockSeconds } = limitTable()[name];
  const options = { keyPrefix: name, points, duration, blockDuration: blockSeconds };
  let created: RateLimiterAbstract;
  const redisUrl = process.env.REDIS_URL?.trim();
  if (redisUrl) {
    // With Redis away a limit check fails within two seconds (the request fails with it)
    // instead of waiting for a reconnect that may not come.
    holder.redis ??= new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000 });
    holder.redis.on("error", () => {}); // reconnects by itself; each failed call is reported where it is made
    created = new RateLimiterRedis({ ...options, storeClient: holder.redis });
  } else if (pool) {
    // Prisma's migration owns the table (prisma/migrations/*_abuse_limits); expired rows go in housekeeping.
    created = new RateLimiterPostgres({
      ...options,
      storeClient: pool,
      storeType: "pool",
      tableName: "rate_limit",
      tableCreated: true,
      clearExpiredByTimeout: false,
    });
  } else {
    created = new RateLimiterMemory(options);
  }
  holder.limiters.set(name, created);
  return created;
}

const hashed = (key: string) => createHash("sha256").update(key).digest("base64url");

/**
 * Spends one point of `name` for `key`; LimitReachedError when none was left. For rates: signups,
 * challenges, tokens. A shared store is paid a batch of points at a time, which this instance
 * then hands out (see `Batch`), so most requests make no store call at all.
 */
export async function spend(name: LimitName, key: string): Promise<void> {
  const id = hashed(key);
  if (takeFromBatch(name, id)) return;
  const store = limiter(name);
  const size = store instanceof RateLimiterMemory ? 1 : batchSize(name); // one process's memory needs no batches
  try {
    const result = await store.consume(id, size);
    if (size > 1) keepBatch(`${name}:${id}`, { left: size - 1, until: Date.now() + result.msBeforeNext });
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new LimitReachedError(name, Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    throw error;
  }
}

// Batches. A login must not wait on a write to a row that every request from one address
// updates (a hot row: PostgreSQL serialises those writes). So with a shared store an instance
// spends a twentieth of a rate's points at once (at most 10, at least 1) and hands them out from
// memory until they are gone or the window ends. The price is precision: with N instances an
// address may get up to N × (batch − 1) more than the limit in a window, or be refused up to
// batch − 1 early. Rates of 20 or fewer are exact. Failures (passwords, codes) are never batched.

/** Points a shared store hands this instance per call, for `name` (1: every spend goes to the store). */
const batchSize = (name: LimitName) => Math.max(1, Math.min(10, Math.floor(limitTable()[name].points / 20)));

/** Keeps a batch; past 10,000 of them (many addresses) the spent and ended ones go first. */
function keepBatch(batchKey: string, batch: Batch): void {
  if (holder.batches.size >= 10_000) {
    const now = Date.now();
    for (const [key, { left, until }] of holder.batches) if (left <= 0 || until <= now) holder.batches.delete(key);
  }
  holder.batches.set(batchKey, batch);
}

function takeFromBatch(name: LimitName, id: string): boolean {
  const batchKey = `${name}:${id}`;
  const batch = holder.batches.get(batchKey);
  if (!batch) return false;
  if (batch.left <= 0 || batch.until <= Date.now()) {
    holder.batches.delete(batchKey);
    return false;
  }
  batch.left -= 1;
  return true;
}

/**
 * Counts one failure of `name` for `key` (a wrong password, a wrong code). The failure that
 * spends the last point blocks the key for the limit's blockSeconds and returns that block,
 * once, so the caller can tell the user and log it as it starts; otherwise undefined.
 */
/** A mail sent on a request's behalf (a link, a code): paid by the address that asked and by the inbox it goes to. */
export async function spendOnMail(to: string, request: RequestInfo): Promise<void> {
  await spend("mailsPerIp", request.ip ?? "unknown");
  await spend("mailsPerRecipient", to);
}

export async function countFailure(name: LimitName, key: string): Promise<LimitReachedError | undefined> {
  const { blockSeconds } = limitTable()[name];
  try {
    const result = await limiter(name).consume(hashed(key));
    if (result.remainingPoints > 0) return undefined;
    await limiter(name).block(hashed(key), blockSeconds);
    return new LimitReachedError(name, blockSeconds);
  } catch (error) {
    if (error instanceof RateLimiterRes) return undefined; // blocked already (parallel failures)
    throw error;
  }
}

/** What `key` has spent of `name` and, when that is all of it, the seconds until it is refused no more. Spends nothing. */
async function standing(name: LimitName, key: string): Promise<{ spent: number; refusedForSeconds: number }> {
  const state = await limiter(name).get(hashed(key));
  if (!state) return { spent: 0, refusedForSeconds: 0 };
  const refused = state.consumedPoints >= limitTable()[name].points;
  return { spent: state.consumedPoints, refusedForSeconds: refused ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0 };
}

/** Forgets what `key` has spent of `name` (a successful login clears its failures; an operator lifts a block). */
export async function forgive(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(hashed(key));
}

/** Throws LimitReachedError when `key` is refused by `name`; otherwise the points it has spent. Spends nothing. */
export async function assertNotRefused(name: LimitName, key: string): Promise<number> {
  const { spent, refusedForSeconds } = await standing(name, key);
  if (refusedForSeconds > 0) throw new LimitReachedError(name, refusedForSeconds);
  return spent;
}

/** Rows of the PostgreSQL store whose window has passed (housekeeping). */
export async function purgeExpiredLimits(): Promise<number> {
  const pool = pgPool();
  if (!pool || process.env.REDIS_URL?.trim()) return 0;
  const result = await pool.query("DELETE FROM rate_limit WHERE expire < $1", [Date.now()]);
  return result.rowCount ?? 0;
}

/**
 * Forgets the limiters (made again from the configuration when next used) and closes the Redis
 * connection: at shutdown, and in tests between configurations or to play a second instance.
 */
export function closeLimits(): void {
  holder.limiters.clear();
  holder.batches.clear();
  holder.redis?.disconnect();
  holder.redis = undefined;
}
