// Integration test of the storage layer on whichever driver the environment selects:
//   PGlite:      node --import tsx --test lib/db.test.ts
//   PostgreSQL:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx --test lib/db.test.ts
// Each run builds a fresh database from prisma/migrations (a temp PGlite dir, or a throwaway
// PostgreSQL database next to the one DATABASE_URL names) and throws it away at the end.
// The round trip through every model is the drift check between schema.prisma and the SQL.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { migrate } from "../scripts/db-migrate";
import { closeDb, databaseUrl, db } from "./db";
import { Prisma } from "./generated/prisma/client";
import { freshDatabase, type FreshDatabase } from "./testing/database";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations/", import.meta.url));
const INIT = "20261125000000_init";

// Environment variables must be set before the first db()/migrate() call: lib/db.ts reads them
// when it opens the client, then caches that client on globalThis. freshDatabase() does that.
let database: FreshDatabase;
before(async () => {
  database = await freshDatabase();
});
after(() => database.drop());

/** Fails when the schema gained a field the round trip below does not exercise yet. */
function coversEveryField(fields: Record<string, string>, data: object) {
  assert.deepEqual(Object.keys(data).sort(), Object.keys(fields).sort(), "round trip must set every column");
}

const when = (iso: string) => new Date(iso); // millisecond precision survives TIMESTAMP(3)

test("(a) migrate applies the init migration once; a second run applies nothing and keeps data", async () => {
  const onDisk = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  assert.ok(onDisk.includes(INIT));

  const first = await migrate();
  assert.deepEqual(first, onDisk);

  // The record matches what Prisma would write: sha256 of the file bytes, one step, finished.
  const expected = createHash("sha256")
    .update(await readFile(join(MIGRATIONS_DIR, INIT, "migration.sql")))
    .digest("hex");
  const rows = await db().$queryRaw<
    { checksum: string; applied_steps_count: number | bigint; finished_at: Date | null }[]
  >`SELECT checksum, applied_steps_count, finished_at FROM "_prisma_migrations" WHERE migration_name = ${INIT}`;
  assert.equal(rows.length, 1);
  assert.equal(rows[0].checksum, expected);
  assert.equal(Number(rows[0].applied_steps_count), 1);
  assert.ok(rows[0].finished_at);

  await db().logEvent.create({ data: { id: "survivor", type: "s" } });
  await closeDb(); // migrate() opens PGlite itself; one handle per directory at a time

  assert.deepEqual(await migrate(), []);
  const survivor = await db().logEvent.findUnique({ where: { id: "survivor" } });
  assert.equal(survivor?.type, "s");
});

test("(b) a row round-trips through every model and every column", async () => {
  const d = db();

  const tenant = {
    id: "t-roundtrip",
    name: "Acme",
    defaultRpId: "login.acme.test",
    signingKeys: { keys: [{ kty: "EC", crv: "P-256", d: "x", alg: "ES256" }], n: 1.5, ok: true, none: null },
    cookieKeys: ["k1", "k2"],
    mfaSkipAfterPasskey: true,
    branding: { logo_url: "https://acme.test/logo.svg", colors: { primary: "#0a7d55" } },
    supportEmail: "help@acme.test",
    supportUrl: "https://acme.test/help",
    pictureUrl: "https://acme.test/picture.png",
    relatedOrigins: ["https://login.brand.test", "https://login.other.test:8443"],
    createdAt: when("2026-01-02T03:04:05.678Z"),
    updatedAt: when("2026-01-02T03:04:06.001Z"),
  };
  coversEveryField(Prisma.TenantScalarFieldEnum, tenant);
  await d.tenant.create({ data: tenant });
  assert.deepEqual(await d.tenant.findUniqueOrThrow({ where: { id: tenant.id } }), tenant);

  const customDomain = { id: "cd_roundtrip", domain: "login.brand.test", rpId: "brand.test", createdAt: when("2026-01-02T03:04:05.679Z") };
  coversEveryField(Prisma.CustomDomainScalarFieldEnum, customDomain);
  await d.customDomain.create({ data: customDomain });
  assert.deepEqual(await d.customDomain.findUniqueOrThrow({ where: { domain: customDomain.domain } }), customDomain);

  const client = {
    clientId: "app-1",
    clientSecretHash: "ab".repeat(32),
    name: "App — ünïcode",
    appType: "spa",
    // Characters that need quoting inside a PostgreSQL array literal.
    redirectUris: ["https://app.test/cb", "https://app.test/cb?a=1,b=2", 'with "quotes"', "{braces}", ""],
    postLogoutUris: [],
    webOrigins: ["https://app.test"],
    grantTypes: ["authorization_code", "refresh_token"],
    firstParty: false,
    tokenEndpointAuthMethod: "client_secret_post",
    mobile: { ios: { team_id: "ABCDE12345", app_bundle_identifier: "com.acme.app" } },
    allowedOrigins: ["https://acme.test"],
    oidcConformant: false,
    idTokenLifetime: 600,
    branding: { colors: { primary: "#0a7d55", page_background: "#f0fdf4" } },
    createdAt: when("2026-01-03T00:00:00.001Z"),
    updatedAt: when("2026-01-03T00:00:00.002Z"),
  };
  coversEveryField(Prisma.ClientScalarFieldEnum, client);
  await d.client.create({ data: client });
  assert.deepEqual(await d.client.findUniqueOrThrow({ where: { clientId: client.clientId } }), client);

  const clientGrant = {
    id: "cgr-1",
    clientId: client.clientId,
    audience: "https://login.acme.test/api/v2/",
    scope: ["read:connections", "update:connections"],
    createdAt: when("2026-01-03T00:00:01.000Z"),
  };
  coversEveryField(Prisma.ClientGrantScalarFieldEnum, clientGrant);
  await d.clientGrant.create({ data: clientGrant });
  assert.deepEqual(await d.clientGrant.findUniqueOrThrow({ where: { id: clientGrant.id } }), clientGrant);

  const connection = {
    id: "con-1",
    name: "Username-Password-Authentication",
    strategy: "auth0",
    isDefault: true,
    passwordMinLength: 12,
    passkeysEnabled: false,
    passwordsEnabled: false,
    mfaRequired: true,
    passkeyOptions: { challenge_ui: "both", progressive_enrollment_enabled: true, local_enrollment_enabled: false },
    passwordPolicy: "good",
    customStoreUrl: "https://users.example.test/api",
    customStoreSecret: "v1.iv.sealed",
    customStoreTimeoutMs: 3000,
    attributes: { email: { identifier: true, signup: "required" } },
    createdAt: when("2026-01-04T00:00:00.000Z"),
    updatedAt: when("2026-01-04T00:00:00.999Z"),
  };
  coversEveryField(Prisma.ConnectionScalarFieldEnum, connection);
  await d.connection.create({ data: connection });
  assert.deepEqual(await d.connection.findUniqueOrThrow({ where: { id: connection.id } }), connection);

  const user = {
    id: "user-1",
    connectionId: connection.id,
    email: "ada@example.test",
    username: "ada",
    phoneNumber: "+33612345678",
    emailVerified: true,
    createdAt: when("2026-01-05T00:00:00.000Z"),
    updatedAt: when("2026-01-05T00:00:01.000Z"),
    lastLoginAt: when("2026-01-05T00:00:02.000Z"),
    passkeyPromptSnoozedUntil: when("2026-02-05T00:00:00.000Z"),
    passkeyPromptNever: true,
    name: "Ada Lovelace",
    givenName: "Ada",
    familyName: "Lovelace",
    nickname: "ada",
    picture: "https://example.test/ada.png",
    userMetadata: { theme: "dark", nested: { n: 1 } },
    appMetadata: { plan: "pro" },
    blocked: true,
    externalId: "ext-ada",
  };
  coversEveryField(Prisma.UserScalarFieldEnum, user);
  await d.user.create({ data: user });
  assert.deepEqual(await d.user.findUniqueOrThrow({ where: { id: user.id } }), user);

  const password = {
    userId: user.id,
    hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
    createdAt: when("2026-01-06T00:00:00.000Z"),
    updatedAt: when("2026-01-06T00:00:00.500Z"),
  };
  coversEveryField(Prisma.PasswordCredentialScalarFieldEnum, password);
  await d.passwordCredential.create({ data: password });
  assert.deepEqual(await d.passwordCredential.findUniqueOrThrow({ where: { userId: user.id } }), password);

  const factor = {
    id: "mfa-1",
    userId: user.id,
    type: "totp",
    secret: "v1.aXY.Y2lwaGVy",
    lastTimeStep: 59_000_000,
    createdAt: when("2026-01-06T00:00:01.000Z"),
    lastUsedAt: when("2026-01-06T00:00:02.000Z"),
  };
  coversEveryField(Prisma.MfaFactorScalarFieldEnum, factor);
  await d.mfaFactor.create({ data: factor });
  assert.deepEqual(await d.mfaFactor.findUniqueOrThrow({ where: { id: factor.id } }), factor);

  const recoveryCode = {
    id: "rc-1",
    userId: user.id,
    codeHash: "digest",
    usedAt: when("2026-01-06T00:00:03.000Z"),
    createdAt: when("2026-01-06T00:00:01.000Z"),
  };
  coversEveryField(Prisma.MfaRecoveryCodeScalarFieldEnum, recoveryCode);
  await d.mfaRecoveryCode.create({ data: recoveryCode });
  assert.deepEqual(await d.mfaRecoveryCode.findUniqueOrThrow({ where: { id: recoveryCode.id } }), recoveryCode);

  const ticket = {
    id: "et-1",
    purpose: "verify_code",
    tokenHash: "digest-of-the-secret",
    userId: user.id,
    transactionId: "tx-1",
    attempts: 3,
    expiresAt: when("2026-01-06T00:10:00.000Z"),
    usedAt: when("2026-01-06T00:05:00.000Z"),
    createdAt: when("2026-01-06T00:00:00.000Z"),
  };
  coversEveryField(Prisma.EmailTicketScalarFieldEnum, ticket);
  await d.emailTicket.create({ data: ticket });
  assert.deepEqual(await d.emailTicket.findUniqueOrThrow({ where: { id: ticket.id } }), ticket);

  const mail = {
    id: "mail-1",
    to: "ada@example.test",
    subject: "Réinitialisez — ünïcode",
    text: "line one\nhttps://login.acme.test/u/reset-password/new?ticket=x",
    html: "<p>line one</p>",
    createdAt: when("2026-01-06T00:00:00.001Z"),
  };
  coversEveryField(Prisma.MailOutboxScalarFieldEnum, mail);
  await d.mailOutbox.create({ data: mail });
  assert.deepEqual(await d.mailOutbox.findUniqueOrThrow({ where: { id: mail.id } }), mail);

  const passkey = {
    id: "Y3JlZC1pZA",
    userId: user.id,
    // Every byte value, so no encoding step (hex/escape) can silently mangle a key.
    publicKey: new Uint8Array(Array.from({ length: 256 }, (_, i) => i)),
    counter: 9007199254740993n, // above 2^53: must not pass through a JS number
    transports: ["internal", "hybrid"],
    aaguid: "08987058-cadc-4b81-b6e1-30de50dcbe96",
    deviceType: "multiDevice",
    backedUp: true,
    name: "iCloud Keychain",
    rpId: "login.acme.test",
    userAgent: "Mozilla/5.0",
    createdAt: when("2026-01-07T00:00:00.000Z"),
    lastUsedAt: when("2026-01-07T00:00:00.123Z"),
  };
  coversEveryField(Prisma.PasskeyScalarFieldEnum, passkey);
  await d.passkey.create({ data: passkey });
  const readPasskey = await d.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
  // Compare bytes by value: the driver may hand back a Buffer (a Uint8Array subclass).
  assert.ok(readPasskey.publicKey instanceof Uint8Array);
  assert.deepEqual(Array.from(readPasskey.publicKey), Array.from(passkey.publicKey));
  assert.deepEqual({ ...readPasskey, publicKey: null }, { ...passkey, publicKey: null });

  const challenge = {
    id: "ch-1",
    challenge: "cmFuZG9tLWNoYWxsZW5nZQ",
    kind: "native_signup",
    transactionId: "tx-1",
    userId: "dXNlci1oYW5kbGU",
    identity: { email: "ada@example.test", username: "ada" },
    clientId: "app-1",
    connectionId: "con-1",
    profile: { given_name: "Ada", user_metadata: { theme: "dark" } },
    expiresAt: when("2026-01-08T00:05:00.000Z"),
    createdAt: when("2026-01-08T00:00:00.000Z"),
  };
  coversEveryField(Prisma.WebAuthnChallengeScalarFieldEnum, challenge);
  await d.webAuthnChallenge.create({ data: challenge });
  assert.deepEqual(await d.webAuthnChallenge.findUniqueOrThrow({ where: { id: challenge.id } }), challenge);

  const tx = {
    id: "interaction-uid-1",
    connectionId: connection.id,
    email: "ada@example.test",
    username: "ada",
    phoneNumber: "+33612345678",
    userId: user.id,
    amr: ["pwd", "otp"],
    stage: "mfa",
    crossDevice: true,
    isSignup: true,
    mfaFailures: 2,
    pendingTotpSecret: "v1.aXY.c2VjcmV0",
    expiresAt: when("2026-01-09T01:00:00.000Z"),
    createdAt: when("2026-01-09T00:00:00.000Z"),
    updatedAt: when("2026-01-09T00:00:30.000Z"),
  };
  coversEveryField(Prisma.LoginTransactionScalarFieldEnum, tx);
  await d.loginTransaction.create({ data: tx });
  assert.deepEqual(await d.loginTransaction.findUniqueOrThrow({ where: { id: tx.id } }), tx);

  const event = {
    id: "log-1",
    type: "fp",
    date: when("2026-01-10T00:00:00.000Z"),
    description: "Wrong email or password.",
    clientId: client.clientId,
    connection: connection.name,
    userId: user.id,
    ip: "2001:db8::1",
    userAgent: "curl/8",
    details: { attempts: 3, nested: { list: [1, "two", null] } },
  };
  coversEveryField(Prisma.LogEventScalarFieldEnum, event);
  await d.logEvent.create({ data: event });
  assert.deepEqual(await d.logEvent.findUniqueOrThrow({ where: { id: event.id } }), event);

  const oidc = {
    id: "grant-abc",
    type: "Grant",
    payload: { accountId: user.id, openid: { scope: "openid email" }, exp: 1767225600 },
    grantId: "grant-abc",
    userCode: "WDJB-MJHT",
    uid: "uid-1",
    expiresAt: when("2026-01-11T00:00:00.000Z"),
    consumedAt: when("2026-01-11T00:00:00.001Z"),
  };
  coversEveryField(Prisma.OidcModelScalarFieldEnum, oidc);
  await d.oidcModel.create({ data: oidc });
  assert.deepEqual(await d.oidcModel.findUniqueOrThrow({ where: { type_id: { type: oidc.type, id: oidc.id } } }), oidc);
});

test("(b) SQL defaults match the schema's @default values", async () => {
  // Raw inserts leave the defaults to the database, unlike Prisma, which may fill some in itself.
  const d = db();
  await d.$executeRaw`INSERT INTO "tenant" ("name", "signing_keys", "cookie_keys", "updated_at") VALUES ('T', '{}', '{}', now())`;
  await d.$executeRaw`INSERT INTO "client" ("client_id", "name", "updated_at") VALUES ('defaults', 'C', now())`;
  await d.$executeRaw`INSERT INTO "connection" ("id", "name", "passkey_options", "updated_at") VALUES ('con-d', 'defaults', '{}', now())`;
  await d.$executeRaw`INSERT INTO "user" ("id", "connection_id", "email", "updated_at") VALUES ('user-d', 'con-d', 'd@example.test', now())`;
  await d.$executeRaw`INSERT INTO "passkey" ("id", "user_id", "public_key", "aaguid", "device_type", "backed_up", "rp_id") VALUES ('pk-d', 'user-d', decode('00', 'hex'), 'a', 'singleDevice', false, 'rp')`;
  await d.$executeRaw`INSERT INTO "log_event" ("id", "type") VALUES ('log-d', 's')`;
  await d.$executeRaw`INSERT INTO "login_transaction" ("id", "connection_id", "expires_at", "updated_at") VALUES ('tx-d', 'con-d', now(), now())`;
  await d.$executeRaw`INSERT INTO "email_ticket" ("id", "purpose", "token_hash", "user_id", "expires_at") VALUES ('et-d', 'recovery', 'h', 'user-d', now())`;
  await d.$executeRaw`INSERT INTO "mail_outbox" ("id", "to", "subject", "text", "html") VALUES ('mail-d', 'd@example.test', 's', 't', 'h')`;

  const tenant = await d.tenant.findUniqueOrThrow({ where: { id: "default" } });
  assert.ok(tenant.createdAt instanceof Date);
  assert.equal(tenant.mfaSkipAfterPasskey, false);
  assert.deepEqual(tenant.branding, {});
  const client = await d.client.findUniqueOrThrow({ where: { clientId: "defaults" } });
  assert.equal(client.appType, "regular_web");
  assert.equal(client.firstParty, true);
  assert.deepEqual([client.tokenEndpointAuthMethod, client.mobile], [null, {}]);
  const connection = await d.connection.findUniqueOrThrow({ where: { id: "con-d" } });
  assert.equal(connection.strategy, "database");
  assert.equal(connection.isDefault, false);
  assert.equal(connection.passwordMinLength, 8);
  assert.equal(connection.passkeysEnabled, true);
  assert.equal(connection.passwordsEnabled, true);
  assert.equal(connection.mfaRequired, false);
  const user = await d.user.findUniqueOrThrow({ where: { id: "user-d" } });
  assert.equal(user.emailVerified, false);
  assert.equal(user.passkeyPromptNever, false);
  assert.equal(user.lastLoginAt, null);
  const passkey = await d.passkey.findUniqueOrThrow({ where: { id: "pk-d" } });
  assert.equal(passkey.counter, 0n);
  const tx = await d.loginTransaction.findUniqueOrThrow({ where: { id: "tx-d" } });
  assert.deepEqual([tx.amr, tx.crossDevice, tx.isSignup, tx.mfaFailures, tx.stage], [[], false, false, 0, null]);
  const ticket = await d.emailTicket.findUniqueOrThrow({ where: { id: "et-d" } });
  assert.deepEqual([ticket.attempts, ticket.transactionId, ticket.usedAt], [0, null, null]);
  assert.ok((await d.mailOutbox.findUniqueOrThrow({ where: { id: "mail-d" } })).createdAt instanceof Date);
  const event = await d.logEvent.findUniqueOrThrow({ where: { id: "log-d" } });
  assert.ok(event.date instanceof Date);
  // The session runs in UTC on both drivers here, so CURRENT_TIMESTAMP reads back as "now".
  assert.ok(Math.abs(event.date.getTime() - Date.now()) < 60_000, `log_event.date ${event.date.toISOString()}`);
});

test("(b) column types follow Prisma's PostgreSQL mapping", async () => {
  // The round trip cannot see these: Prisma reads TIMESTAMPTZ or VARCHAR just as happily, but
  // `prisma migrate diff` would report them as drift. DateTime → TIMESTAMP(3), String → TEXT.
  const odd = await db().$queryRaw<{ col: string; type: string }[]>`
    SELECT table_name || '.' || column_name AS col,
           data_type || coalesce('(' || datetime_precision || ')', '') AS type
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
      AND (data_type IN ('timestamp with time zone', 'character varying', 'character')
           OR (data_type = 'timestamp without time zone' AND datetime_precision <> 3))`;
  assert.deepEqual(odd, []);
});

test("(c) deleting a user cascades to its password and passkeys", async () => {
  const d = db();
  await d.user.create({
    data: {
      id: "user-cascade",
      connectionId: "con-1",
      email: "gone@example.test",
      updatedAt: new Date(),
      password: { create: { hash: "h" } },
      passkeys: {
        create: [
          { id: "pk-c1", publicKey: new Uint8Array([1]), aaguid: "a", deviceType: "singleDevice", backedUp: false, rpId: "rp" },
          { id: "pk-c2", publicKey: new Uint8Array([2]), aaguid: "a", deviceType: "singleDevice", backedUp: false, rpId: "rp" },
        ],
      },
      mfaFactors: { create: { id: "mfa-c", type: "totp", secret: "s" } },
    },
  });
  assert.equal(await d.passkey.count({ where: { userId: "user-cascade" } }), 2);

  await d.user.delete({ where: { id: "user-cascade" } });
  assert.equal(await d.passwordCredential.count({ where: { userId: "user-cascade" } }), 0);
  assert.equal(await d.passkey.count({ where: { userId: "user-cascade" } }), 0);
  assert.equal(await d.mfaFactor.count({ where: { userId: "user-cascade" } }), 0);
  // Other users' rows are untouched.
  assert.equal(await d.passkey.count({ where: { userId: "user-1" } }), 1);
});

test("(d) unique constraints reject duplicates", async () => {
  const d = db();
  const isUniqueViolation = (err: unknown) => {
    assert.ok(err instanceof Prisma.PrismaClientKnownRequestError, `expected a known request error, got ${String(err)}`);
    assert.equal(err.code, "P2002");
    return true;
  };

  // Same email in the same connection: rejected.
  await assert.rejects(d.user.create({ data: { id: "user-dup", connectionId: "con-1", email: "ada@example.test", updatedAt: new Date() } }), isUniqueViolation);
  // Same email in another connection: allowed.
  await d.user.create({ data: { id: "user-other-con", connectionId: "con-d", email: "ada@example.test", updatedAt: new Date() } });
  // Usernames and phone numbers are unique on a connection too; users without one do not collide.
  await assert.rejects(d.user.create({ data: { id: "user-dup-name", connectionId: "con-1", username: "ada", updatedAt: new Date() } }), isUniqueViolation);
  await assert.rejects(
    d.user.create({ data: { id: "user-dup-phone", connectionId: "con-1", phoneNumber: "+33612345678", updatedAt: new Date() } }),
    isUniqueViolation,
  );
  await d.user.create({ data: { id: "user-no-ids-1", connectionId: "con-d", username: "solo", updatedAt: new Date() } });
  await d.user.create({ data: { id: "user-no-ids-2", connectionId: "con-d", phoneNumber: "+14155552671", updatedAt: new Date() } });

  await assert.rejects(
    d.webAuthnChallenge.create({
      data: {
        id: "ch-dup",
        challenge: "cmFuZG9tLWNoYWxsZW5nZQ", // same as ch-1
        kind: "login",
        transactionId: "tx-2",
        expiresAt: new Date(Date.now() + 60_000),
      },
    }),
    isUniqueViolation,
  );
});

test("(e) migrate refuses to run when an applied migration's checksum differs", async () => {
  const stored = await db().$queryRaw<{ checksum: string }[]>`
    SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ${INIT}`;
  await db().$executeRaw`
    UPDATE "_prisma_migrations" SET checksum = ${"0".repeat(64)} WHERE migration_name = ${INIT}`;
  await closeDb();

  await assert.rejects(migrate(), /Migration 20261125000000_init was modified after it was applied/);

  // Restore it: the runner must accept the database again (and its failure left nothing open).
  await db().$executeRaw`
    UPDATE "_prisma_migrations" SET checksum = ${stored[0].checksum} WHERE migration_name = ${INIT}`;
  await closeDb();
  assert.deepEqual(await migrate(), []);
});

test(
  "on PGlite, a timer too long for 32 bits waits instead of firing at once (PostgreSQL's alarms after a clock jump)",
  { skip: databaseUrl() ? "PostgreSQL: no PGlite, nothing clamped" : false },
  async () => {
    await db().$queryRaw`SELECT 1`;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    let fired = false;
    const timer = setTimeout(() => (fired = true), 30 * 24 * 3600 * 1000); // 30 days: 2,592,000,000 ms > 2^31 - 1
    await new Promise((resolve) => setTimeout(resolve, 50));
    clearTimeout(timer);
    process.off("warning", onWarning);
    assert.equal(fired, false);
    assert.deepEqual(
      warnings.filter((name) => name === "TimeoutOverflowWarning"),
      [],
    );
  },
);
