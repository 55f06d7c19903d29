// Auth0's own SDKs, unmodified (`auth0` 7.1.0's ManagementClient, `@auth0/auth0-auth-js` 1.16.1's
// AuthClient for /dbconnections), against the service
// behind a loopback TLS terminator: each call asserts what the SDK hands its caller, not only
// that a request succeeded. node-auth0 v7 reads lists from `{ clients }`, `{ connections, next }`,
// `{ client_grants, next }`, `{ users }`, `{ logs }` and `{ authenticators }`; a bare array, which
// the service used to answer, gave an empty list and no error (custom domains are a bare array).

import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { db } from "../db";
import { logEvent } from "../logs/events";
import { startHarness, type Harness } from "../testing/harness";
import { startSdks, type Sdks } from "../testing/sdk";
import { startTlsTerminator, type TlsTerminator } from "../testing/tls";
import { createUserWithPassword } from "../users/store";
import { unsetEnv } from "../testing/env";
import { DEMO_CLIENT_ID } from "../../prisma/seed-constants";

type Page<T> = { data: T[]; response: Record<string, unknown>; hasNextPage: boolean };

let h: Harness;
let tls: TlsTerminator;
let sdk: Sdks;

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = "sdk-management";
  process.env.MANAGEMENT_CLIENT_SECRET = randomBytes(32).toString("base64url");
  tls = await startTlsTerminator();
  h = await startHarness({ publicOrigin: tls.origin });
  tls.forwardTo(h.listening);
  sdk = startSdks({
    tls,
    clientId: process.env.MANAGEMENT_CLIENT_ID,
    clientSecret: process.env.MANAGEMENT_CLIENT_SECRET,
    apps: { auth: { clientId: DEMO_CLIENT_ID } },
  });
});
after(async () => {
  await sdk.close();
  await h.close();
  await tls.close();
  unsetEnv("MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET");
});

test("clients: list (with totals, as the SDK always asks), create, get, update, delete", async () => {
  const page = await sdk.call<Page<{ client_id: string; name: string }>>("management.clients.list");
  const all = await db().client.findMany();
  assert.deepEqual(page.data.map((c) => c.client_id).sort(), all.map((c) => c.clientId).sort());
  assert.deepEqual([page.response.start, page.response.limit, page.response.total], [0, 50, all.length]);
  // The SDK pages on until a page comes back empty: the next one must.
  const second = await sdk.call<Page<unknown>>("management.clients.list", { page: 1 });
  assert.deepEqual([second.data, second.response.start], [[], 50]);

  const created = await sdk.call<{ client_id: string; client_secret?: string; app_type: string }>("management.clients.create", {
    name: "SDK app",
    app_type: "regular_web",
    callbacks: ["https://app.example/callback"],
  });
  assert.equal(created.app_type, "regular_web");
  assert.ok(created.client_secret, "a confidential client's secret is shown once");
  const read = await sdk.call<{ name: string; callbacks: string[] }>("management.clients.get", created.client_id);
  assert.deepEqual([read.name, read.callbacks], ["SDK app", ["https://app.example/callback"]]);
  const renamed = await sdk.call<{ name: string }>("management.clients.update", created.client_id, { name: "SDK app, renamed" });
  assert.equal(renamed.name, "SDK app, renamed");
  const spas = await sdk.call<Page<{ client_id: string }>>("management.clients.list", { app_type: "regular_web", fields: "client_id,name" });
  assert.ok(spas.data.some((c) => c.client_id === created.client_id));
  assert.ok(
    spas.data.every((c) => Object.keys(c).every((k) => k === "client_id" || k === "name")),
    "fields keeps only what was asked",
  );
  assert.equal(await sdk.call("management.clients.delete", created.client_id), null);

  const gone = await sdk.attempt("management.clients.get", created.client_id);
  assert.ok(!gone.ok);
  assert.equal(gone.error.name, "NotFoundError");
  assert.equal(gone.error.statusCode, 404);
  assert.deepEqual(gone.error.body, { statusCode: 404, error: "Not Found", message: "The client does not exist", errorCode: "not_found" });
});

test("connections and client grants: checkpoint pages ({ connections, next }, { client_grants, next })", async () => {
  const connections = await sdk.call<Page<{ id: string; name: string; strategy: string }>>("management.connections.list");
  const rows = await db().connection.findMany({ orderBy: { createdAt: "asc" } });
  assert.deepEqual(
    connections.data.map((c) => c.name),
    rows.map((c) => c.name),
  );
  assert.equal(connections.hasNextPage, false, "one page: no next");
  assert.ok(!("next" in connections.response));

  const grants = await sdk.call<Page<{ client_id: string; audience: string }>>("management.clientGrants.list");
  assert.equal(grants.data.length, await db().clientGrant.count());
  assert.ok(grants.data.some((g) => g.client_id === "sdk-management" && g.audience === `${tls.origin}/api/v2/`));
});

test("users: search v3 by email, users-by-email, authentication methods as { authenticators }", async () => {
  const connection = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
  const email = `sdk-${randomUUID()}@example.com`;
  const user = await createUserWithPassword({ connectionId: connection.id, email, password: "correct horse battery" });

  const found = await sdk.call<Page<{ user_id: string; email: string }>>("management.users.list", { q: `email:"${email}"`, search_engine: "v3" });
  assert.deepEqual(
    found.data.map((u) => [u.user_id, u.email]),
    [[user.id, email]],
  );
  assert.equal(found.response.total, 1);
  const both = await sdk.call<Page<{ user_id: string }>>("management.users.list", { q: `email:"${email}" AND user_id:"${user.id}"`, search_engine: "v3" });
  assert.equal(both.data.length, 1);
  const unreadable = await sdk.attempt("management.users.list", { q: "email:", search_engine: "v3" });
  assert.ok(!unreadable.ok && unreadable.error.statusCode === 400 && (unreadable.error.body as { errorCode: string }).errorCode === "invalid_query_string");

  const byEmail = await sdk.call<{ user_id: string }[]>("management.users.listUsersByEmail", { email: email.toUpperCase() });
  assert.deepEqual(
    byEmail.map((u) => u.user_id),
    [user.id],
  );

  const methods = await sdk.call<Page<{ id: string; type: string }>>("management.users.authenticationMethods.list", user.id);
  assert.deepEqual(
    methods.data.map((m) => m.type),
    ["password"],
  );
  assert.equal(methods.response.total, 1);
});

test("logs: the SDK's `search` filters, with totals", async () => {
  const userId = `sdk-log-${randomUUID()}`;
  for (const type of ["s", "f", "s"] as const) await logEvent({ type, userId, description: "from the SDK test" });
  const page = await sdk.call<Page<{ type: string; user_id: string }>>("management.logs.list", { search: `user_id:"${userId}" AND type:s` });
  assert.deepEqual(
    page.data.map((l) => [l.type, l.user_id]),
    [
      ["s", userId],
      ["s", userId],
    ],
  );
  assert.equal(page.response.total, 2);
});

test("custom domains: create, list (a bare array, as the SDK reads it), get, update the RP ID, delete", async () => {
  const created = await sdk.call<{ custom_domain_id: string; status: string; verification: { status: string } }>("management.customDomains.create", {
    domain: "login.sdk.localhost",
    type: "self_managed_certs",
  });
  assert.equal(created.status, "ready");
  assert.equal(created.verification.status, "verified");
  const list = await sdk.call<{ custom_domain_id: string }[]>("management.customDomains.list");
  assert.deepEqual(
    list.map((d) => d.custom_domain_id),
    [created.custom_domain_id],
  );
  const read = await sdk.call<{ domain: string; relying_party_identifier: string }>("management.customDomains.get", created.custom_domain_id);
  assert.deepEqual([read.domain, read.relying_party_identifier], ["login.sdk.localhost", "login.sdk.localhost"]);
  const moved = await sdk.call<{ relying_party_identifier: string }>("management.customDomains.update", created.custom_domain_id, {
    relying_party_identifier: "sdk.localhost",
  });
  assert.equal(moved.relying_party_identifier, "sdk.localhost");
  assert.equal(await sdk.call("management.customDomains.delete", created.custom_domain_id), null);
  const gone = await sdk.attempt("management.customDomains.get", created.custom_domain_id);
  assert.ok(!gone.ok);
  assert.deepEqual([gone.error.name, gone.error.statusCode], ["NotFoundError", 404]);
});

test("users: create and update through the SDK, search by name", async () => {
  const connection = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
  const email = `sdk-new-${randomUUID()}@example.com`;
  const created = await sdk.call<{ user_id: string; email: string; name: string; user_metadata: unknown }>("management.users.create", {
    connection: connection.name,
    email,
    password: "correct horse battery",
    name: `Grace ${email}`,
    user_metadata: { team: "compilers" },
  });
  assert.deepEqual([created.email, created.name, created.user_metadata], [email, `Grace ${email}`, { team: "compilers" }]);
  const updated = await sdk.call<{ blocked: boolean; app_metadata: unknown }>("management.users.update", created.user_id, {
    blocked: true,
    app_metadata: { tier: 2 },
  });
  assert.deepEqual([updated.blocked, updated.app_metadata], [true, { tier: 2 }]);
  const byName = await sdk.call<Page<{ user_id: string }>>("management.users.list", { q: `name:"Grace ${email}"`, search_engine: "v3" });
  assert.deepEqual(
    byName.data.map((u) => u.user_id),
    [created.user_id],
  );
  const weak = await sdk.attempt("management.users.create", { connection: connection.name, email: `x-${email}`, password: "short" });
  assert.ok(!weak.ok);
  assert.equal(weak.error.name, "BadRequestError");
  assert.equal((weak.error.body as { errorCode: string }).errorCode, "invalid_body");
});

test("auth0-auth-js: database.signUp makes a user who signs in; its errors carry our description", async () => {
  const connection = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
  const email = `sdk-signup-${randomUUID()}@example.com`;
  const result = await sdk.call<{ id: string; email: string; emailVerified: boolean; givenName?: string }>("auth.database.signUp", {
    email,
    password: "correct horse battery",
    connection: connection.name,
    givenName: "Grace",
  });
  const user = await db().user.findFirstOrThrow({ where: { email } });
  assert.deepEqual([result.id, result.email, result.emailVerified, result.givenName], [user.id, email, false, "Grace"]);
  assert.equal(user.givenName, "Grace");
  const again = await sdk.attempt("auth.database.signUp", { email, password: "correct horse battery", connection: connection.name });
  assert.ok(!again.ok);
  assert.equal(again.error.statusCode, 400);
  assert.match(again.error.message, /already exists/);
  const weak = await sdk.attempt("auth.database.signUp", { email: `x-${email}`, password: "short", connection: connection.name });
  assert.ok(!weak.ok);
  assert.match(weak.error.message, /password: at least/);
  assert.equal(await db().user.count({ where: { email: `x-${email}` } }), 0);
});

test("Auth0's fields are understood: client jwt_configuration and origins, a connection's passwordPolicy, tenant support fields", async () => {
  const client = await sdk.call<{ client_id: string; allowed_origins: string[]; oidc_conformant: boolean; jwt_configuration: unknown }>(
    "management.clients.create",
    {
      name: "SPA from the docs",
      app_type: "spa",
      callbacks: ["https://spa.example/callback"],
      allowed_origins: ["https://spa.example"],
      web_origins: ["https://spa.example"],
      oidc_conformant: true,
      jwt_configuration: { alg: "RS256", lifetime_in_seconds: 600 },
    },
  );
  assert.deepEqual(
    [client.allowed_origins, client.oidc_conformant, client.jwt_configuration],
    [["https://spa.example"], true, { alg: "RS256", lifetime_in_seconds: 600 }],
  );
  const hs256 = await sdk.attempt("management.clients.update", client.client_id, { jwt_configuration: { alg: "HS256" } });
  assert.ok(!hs256.ok && hs256.error.statusCode === 400);
  assert.match((hs256.error.body as { message: string }).message, /only RS256/);
  await sdk.call("management.clients.delete", client.client_id);

  const connection = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
  const updated = await sdk.call<{ options: { passwordPolicy: string; password_complexity_options: { min_length: number } } }>(
    "management.connections.update",
    connection.id,
    { options: { passwordPolicy: "excellent" } },
  );
  assert.deepEqual([updated.options.passwordPolicy, updated.options.password_complexity_options.min_length], ["excellent", 10]);
  const low = await sdk.attempt("management.connections.update", connection.id, { options: { passwordPolicy: "low" } });
  assert.ok(!low.ok && low.error.statusCode === 400);
  await sdk.call("management.connections.update", connection.id, { options: { password_complexity_options: { min_length: connection.passwordMinLength } } });

  const settings = await sdk.call<{ support_email: string; picture_url: string }>("management.tenants.settings.update", {
    support_email: "help@example.com",
    picture_url: "https://cdn.example.com/tenant.png",
  });
  assert.deepEqual([settings.support_email, settings.picture_url], ["help@example.com", "https://cdn.example.com/tenant.png"]);
  const wrong = await sdk.attempt("management.tenants.settings.update", { support_email: "not an email" });
  assert.ok(!wrong.ok && wrong.error.statusCode === 400);
  await sdk.call("management.tenants.settings.update", { support_email: null, picture_url: null });
});
