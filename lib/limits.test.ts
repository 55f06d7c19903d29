// Where the limits are kept: PostgreSQL (with DATABASE_URL) and Redis (with REDIS_URL) are
// shared, so a count made by one instance holds in another (here: the limiters made again, with
// new connections, as a second process would make them); memory is one process's own.

import assert from "node:assert/strict";
import { connect } from "node:net";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import pg from "pg";
import { migrate } from "../scripts/db-migrate";
import { resetConfigForTests } from "./config";
import { databaseUrl } from "./db";
import { countFailure, LimitReachedError, purgeExpiredLimits, closeLimits, spend } from "./limits";
import { freshDatabase, type FreshDatabase } from "./testing/database";

const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
let database: FreshDatabase;

before(async () => {
  process.env.SIGNUP_RATE_LIMIT = "2";
  process.env.PASSKEY_API_RATE_LIMIT = "100"; // paid to a shared store 5 points at a time
  resetConfigForTests();
  database = await freshDatabase();
  await migrate();
});
after(async () => {
  delete process.env.SIGNUP_RATE_LIMIT;
  delete process.env.PASSKEY_API_RATE_LIMIT;
  delete process.env.REDIS_URL;
  closeLimits();
  await database.drop();
  resetConfigForTests();
});

/** Two signups pass, the third is refused; then "another instance" sees the same count (or not). */
async function countsAcrossInstances(): Promise<boolean> {
  const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
  await spend("signupsPerIp", ip);
  await spend("signupsPerIp", ip);
  await assert.rejects(
    spend("signupsPerIp", ip),
    (e) => e instanceof LimitReachedError && e.limit === "signupsPerIp" && e.retryAfterSeconds > 0 && e.retryAfterSeconds <= 60,
  );
  closeLimits(); // a second instance: new limiters, new connections
  try {
    await spend("signupsPerIp", ip);
    return false;
  } catch (error) {
    assert.ok(error instanceof LimitReachedError);
    return true;
  }
}

test(
  "in memory (the embedded database): counted in this process only",
  { skip: databaseUrl() ? "DATABASE_URL is set: the PostgreSQL store is used" : false },
  async () => {
    assert.equal(await countsAcrossInstances(), false);
  },
);

test(
  "PostgreSQL: a count holds across instances, and housekeeping removes expired rows",
  { skip: databaseUrl() ? false : "PGlite: one process, memory store (the PostgreSQL run covers this)" },
  async () => {
    assert.equal(await countsAcrossInstances(), true);
    // A failure counter blocks at its last point; the blocked key is a row until its time passes.
    const key = randomUUID();
    for (let i = 0; i < 9; i++) assert.equal(await countFailure("passwordFailuresPerAccount", key), undefined);
    const block = await countFailure("passwordFailuresPerAccount", key);
    assert.ok(block instanceof LimitReachedError && block.retryAfterSeconds === 3600);
    assert.equal(await purgeExpiredLimits(), 0, "nothing has expired yet");
  },
);

test(
  "PostgreSQL: a rate is paid a batch at a time, and the limit still holds across instances",
  { skip: databaseUrl() ? false : "PGlite: one process, memory store" },
  async () => {
    const ip = `198.51.100.7-${randomUUID()}`;
    const pool = new pg.Pool({ connectionString: databaseUrl() });
    const stored = async () =>
      (await pool.query<{ points: number }>("SELECT points FROM rate_limit WHERE key LIKE 'passkeyChallengesPerIp:%' ORDER BY points DESC LIMIT 1")).rows[0]
        ?.points;
    try {
      await pool.query("DELETE FROM rate_limit WHERE key LIKE 'passkeyChallengesPerIp:%'");
      for (let i = 0; i < 3; i++) await spend("passkeyChallengesPerIp", ip);
      assert.equal(await stored(), 5, "three challenges, one store write of five points");
      closeLimits(); // another instance: two points of the first one's batch are never used
      let allowed = 3;
      for (;;) {
        try {
          await spend("passkeyChallengesPerIp", ip);
          allowed += 1;
        } catch (error) {
          assert.ok(error instanceof LimitReachedError && error.limit === "passkeyChallengesPerIp");
          break;
        }
        assert.ok(allowed <= 100, "never more than the limit");
      }
      assert.equal(allowed, 98, "the limit (100) less the unused part of a batch (2)");
    } finally {
      await pool.end();
    }
  },
);

test("Redis: a count holds across instances", async (t) => {
  if (!(await reachable(REDIS_URL))) {
    if (process.env.CI) assert.fail(`Redis is not reachable at ${REDIS_URL} (CI requires it)`);
    t.skip(`Redis is not reachable at ${REDIS_URL}`);
    return;
  }
  process.env.REDIS_URL = REDIS_URL;
  closeLimits();
  try {
    assert.equal(await countsAcrossInstances(), true);
  } finally {
    delete process.env.REDIS_URL;
    closeLimits();
  }
});

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
