// Bulk data for the "login with a big user table" runs: users with one passkey each, written
// straight into the service's own tables ("user", passkey; snake_case columns, see
// prisma/migrations) with multi-row INSERT … SELECT FROM generate_series (one statement per
// batch, users and their passkeys together through a data-modifying CTE), not through the API.
// The issue allows "COPY or multi-row inserts"; this needs no extra package (pg-copy-streams is
// not installed) and the rows are generated inside PostgreSQL, so nothing crosses the wire.
//
// queryPlans() then shows how the hot lookups of one login run against that table size.

import pg from "pg";

const BATCH = 100_000;

/** A COSE EC2 P-256 public key is 77 bytes: map header, kty/alg/crv, then x and y (32 bytes each). */
const COSE_PREFIX = "a5010203262001215820"; // {1: 2, 3: -7, -1: 1, -2: bstr(32) …
const COSE_MIDDLE = "225820"; //                                         … -3: bstr(32)}

/** 16 random bytes from the server's strong RNG (built in since PostgreSQL 13, no pgcrypto). */
const RANDOM16 = "decode(replace(gen_random_uuid()::text, '-', ''), 'hex')";

/**
 * Adds bulk users (bulk-<n>, bulk-<n>@bench.test), each with one passkey, until the connection
 * has `totalUsers` users (users already there, bulk or not, count), then ANALYZEs the tables.
 */
export async function seedBulk(databaseUrl: string, totalUsers: number, connectionId: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Big batches, no need to wait for each commit's WAL flush (only this session).
    await client.query("SET synchronous_commit = off");
    // An int4 comes back as a number.
    const existing = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "user" WHERE connection_id = $1`, [connectionId])).rows[0].n;
    let toAdd = totalUsers - existing;
    if (toAdd <= 0) return;
    // Ids are global (the primary key spans connections): continue after the highest bulk-<n>.
    // node-postgres returns a bigint as text.
    const { rows } = await client.query<{ n: string }>(`SELECT coalesce(max(substr(id, 6)::bigint), 0)::bigint AS n FROM "user" WHERE id ~ '^bulk-[0-9]+$'`);
    let next = Number(rows[0].n) + 1;
    while (toAdd > 0) {
      const n = Math.min(BATCH, toAdd);
      await client.query(
        `WITH u AS (
           INSERT INTO "user" (id, connection_id, email, email_verified, created_at, updated_at)
           SELECT 'bulk-' || g, $1, 'bulk-' || g || '@bench.test', true, now(), now()
           FROM generate_series($2::bigint, $3::bigint) AS g
           RETURNING id
         )
         INSERT INTO passkey (id, user_id, public_key, counter, transports, aaguid, device_type, backed_up, name, rp_id, created_at)
         SELECT
           -- credential id: 32 random bytes, base64url without padding (43 characters)
           rtrim(translate(encode(${RANDOM16} || ${RANDOM16}, 'base64'), '+/', '-_'), '='),
           u.id,
           decode('${COSE_PREFIX}', 'hex') || ${RANDOM16} || ${RANDOM16} || decode('${COSE_MIDDLE}', 'hex') || ${RANDOM16} || ${RANDOM16},
           0,
           ARRAY['internal', 'hybrid'],
           '00000000-0000-0000-0000-000000000000',
           'multiDevice',
           true,
           'Bench passkey',
           'localhost',
           now()
         FROM u`,
        [connectionId, next, next + n - 1],
      );
      next += n;
      toAdd -= n;
    }
    await client.query(`ANALYZE "user"`);
    await client.query(`ANALYZE passkey`);
  } finally {
    await client.end();
  }
}

type PlanQuery = {
  name: string;
  /** Prisma's call in the service, for the reader. */
  what: string;
  sql: string;
  params: (s: Sample) => unknown[];
  /** Writes: run inside a transaction that is rolled back. */
  write?: boolean;
};

type Sample = {
  passkeyId: string;
  userId: string;
  connectionId: string;
  email: string;
  clientId: string;
  transactionId: string;
  oidcType: string;
  oidcId: string;
  oidcUid: string;
};

// The statements of one native passkey login, as the service sends them (lib/webauthn,
// lib/users, lib/oidc/adapter.ts); writes run inside BEGIN … ROLLBACK.
const PLAN_QUERIES: PlanQuery[] = [
  // webauthn/challenges.ts consumeChallenge: the auth_session's challenge, used up as it is read.
  {
    name: "challenge_consume",
    what: "DELETE FROM webauthn_challenge WHERE transaction_id, client_id, kind, live RETURNING …",
    sql: `DELETE FROM webauthn_challenge WHERE transaction_id = $1 AND client_id = $2 AND kind = ANY($3::text[]) AND expires_at > now()
          RETURNING challenge, kind, user_id, identity, client_id, connection_id, profile`,
    params: (s) => [s.transactionId, s.clientId, ["native_login"]],
    write: true,
  },
  // users/passkeys.ts passkeyForLogin: the credential and what the login decides on about its owner.
  {
    name: "passkey_for_login",
    what: "passkey JOIN user, with the user's passkey count and MFA factor",
    sql: `SELECT p.id, p.public_key, p.counter::text, p.transports, p.rp_id, p.backed_up, u.id, u.connection_id, u.email, u.email_verified,
            (SELECT count(*)::int FROM passkey q WHERE q.user_id = u.id) AS passkey_count,
            EXISTS (SELECT 1 FROM mfa_factor f WHERE f.user_id = u.id) AS has_mfa_factor
          FROM passkey p JOIN "user" u ON u.id = p.user_id WHERE p.id = $1`,
    params: (s) => [s.passkeyId],
  },
  // users/passkeys.ts recordPasskeyUse: the new signature counter (one of the login's queued writes).
  {
    name: "passkey_update_counter",
    what: "UPDATE passkey SET counter, backed_up, last_used_at WHERE id",
    sql: `UPDATE passkey SET counter = counter + 1, backed_up = true, last_used_at = now() WHERE id = $1`,
    params: (s) => [s.passkeyId],
    write: true,
  },
  // users/store.ts recordLogin: the user's last login (queued).
  {
    name: "user_last_login",
    what: 'UPDATE "user" SET last_login_at WHERE id',
    sql: `UPDATE "user" SET last_login_at = now() WHERE id = $1`,
    params: (s) => [s.userId],
    write: true,
  },
  // users/store.ts emailTaken: the signup's check, and identifier-first login.
  {
    name: "user_by_connection_email",
    what: 'SELECT 1 FROM "user" WHERE connection_id, email',
    sql: `SELECT 1 FROM "user" WHERE connection_id = $1 AND email = $2`,
    params: (s) => [s.connectionId, s.email],
  },
  // oidc/adapter.ts find: every provider model (Session, Interaction, AuthorizationCode, …).
  {
    name: "oidc_model_by_type_id",
    what: "SELECT … FROM oidc_model WHERE type, id",
    sql: `SELECT payload FROM oidc_model WHERE type = $1 AND id = $2 LIMIT 1`,
    params: (s) => [s.oidcType, s.oidcId],
  },
  // oidc/adapter.ts findByUid: the session of a browser by its uid.
  {
    name: "oidc_model_by_type_uid",
    what: "SELECT … FROM oidc_model WHERE type, uid",
    sql: `SELECT payload FROM oidc_model WHERE type = $1 AND uid = $2 LIMIT 1`,
    params: (s) => [s.oidcType, s.oidcUid],
  },
];

/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) of each hot lookup, with parameters taken from rows in
 * the tables (a random bulk user and its passkey; the newest challenge and provider row, or
 * values that match nothing when those tables are empty: the plan is still the one used).
 * Keys are the names in PLAN_QUERIES.
 */
export async function queryPlans(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sample = await pickSample(client);
    const plans: Record<string, string> = {};
    for (const q of PLAN_QUERIES) {
      if (q.write) await client.query("BEGIN");
      try {
        // Parameters go through Bind like Prisma's, so the planner sees the same kind of query.
        const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${q.sql}`, q.params(sample));
        plans[q.name] = rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
      } finally {
        if (q.write) await client.query("ROLLBACK");
      }
    }
    return plans;
  } finally {
    await client.end();
  }
}

async function pickSample(client: pg.Client): Promise<Sample> {
  const one = async (sql: string) => (await client.query(sql)).rows[0] as Record<string, string> | undefined;
  // A random user that has a passkey (TABLESAMPLE reads a few pages, not the table); fall back
  // to any such user on a table too small for the sample to hit.
  const userRow =
    (await one(`SELECT u.id, u.connection_id, u.email, p.id AS passkey_id FROM "user" u TABLESAMPLE SYSTEM (1)
                JOIN passkey p ON p.user_id = u.id LIMIT 1`)) ??
    (await one(`SELECT u.id, u.connection_id, u.email, p.id AS passkey_id FROM "user" u JOIN passkey p ON p.user_id = u.id LIMIT 1`));
  const challengeRow = await one(`SELECT transaction_id, coalesce(client_id, '') AS client_id FROM webauthn_challenge ORDER BY created_at DESC LIMIT 1`);
  const oidcRow =
    (await one(`SELECT type, id, coalesce(uid, '') AS uid FROM oidc_model WHERE type = 'Session' LIMIT 1`)) ??
    (await one(`SELECT type, id, coalesce(uid, '') AS uid FROM oidc_model LIMIT 1`));
  const none = "no-such-row";
  return {
    passkeyId: userRow?.passkey_id ?? none,
    userId: userRow?.id ?? none,
    connectionId: userRow?.connection_id ?? none,
    email: userRow?.email ?? none,
    clientId: challengeRow?.client_id || none,
    transactionId: challengeRow?.transaction_id ?? none,
    oidcType: oidcRow?.type ?? "Session",
    oidcId: oidcRow?.id ?? none,
    oidcUid: oidcRow?.uid || none,
  };
}
