// The Management API's credentials and the operations the hosted pages depend on: client-
// credentials tokens for the API audience (Auth0's `audience`, form or JSON bodies), scope
// checks, and connection/tenant updates with their prerequisites and strict input.

import { changeConfig } from "../config-cache";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { db } from "../db";
import { hashClientSecret } from "../oidc/clients";
import { startHarness, tokenRequest, type Harness } from "../testing/harness";
import { ApiError } from "../api/http";
import { bearerClaims } from "../api/bearer";
import { connectionPatchSchema, getConnection, updateConnection } from "./connections";
import { managementAudience } from "./scopes";
import { getTenantSettings, tenantSettingsPatchSchema, updateTenantSettings } from "./tenant-settings";
import { pageBranding } from "../tenant-branding";
import { recoveryMail } from "../mail/messages";
import { apiResponse, call, managementToken, verdict } from "../testing/api";
import { logEvent } from "../logs/events";
import { createUserWithPassword } from "../users/store";
import { WEBAUTHN_GRANT } from "../oidc/constants";

const ID = "mgmt-bootstrap";
const SECRET = "s".repeat(40);
let h: Harness;

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = ID;
  process.env.MANAGEMENT_CLIENT_SECRET = SECRET;
  h = await startHarness();
});
after(async () => {
  delete process.env.MANAGEMENT_CLIENT_ID;
  delete process.env.MANAGEMENT_CLIENT_SECRET;
  await h.close();
});

const basic = { clientId: ID, secret: SECRET };

/** The calling client's id, as the Management API's endpoints check a request's bearer token. */
async function requireScope(authorization: string | null, scope: string): Promise<string> {
  const request = new Request(h.origin, { headers: authorization ? { authorization } : {} });
  return String((await bearerClaims(request, managementAudience(), scope)).client_id);
}
const bearer = (token: unknown) => `Bearer ${String(token)}`;
const wellKnown = (file: string) => apiResponse(new Request(new URL(`/.well-known/${file}`, h.origin)));

async function rejectsWith(promise: Promise<unknown>, status: number, error: string) {
  await assert.rejects(promise, (e: unknown) => e instanceof ApiError && e.status === status && e.error === error);
}

describe("tokens", () => {
  test("client credentials with audience: a JWT for the API with the granted scopes", async () => {
    const token = await tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, basic);
    assert.equal(token.status, 200, JSON.stringify(token.json));
    assert.equal(token.json.token_type, "Bearer");
    assert.match(String(token.json.scope), /read:connections/);
    assert.equal(await requireScope(bearer(token.json.access_token), "update:connections"), ID);
  });

  test("a JSON body with client_id and client_secret works too (Auth0's SDKs send JSON)", async () => {
    const response = await fetch(`${h.origin}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: ID,
        client_secret: SECRET,
        audience: managementAudience(),
        scope: "read:connections",
      }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    assert.equal(response.status, 200, JSON.stringify(json));
    assert.equal(json.scope, "read:connections");
    await rejectsWith(requireScope(bearer(json.access_token), "update:connections"), 403, "insufficient_scope");
  });

  test("a client without a grant for the audience, a wrong secret, or a broken body gets no token", async () => {
    const other = `m2m-${randomUUID()}`;
    await changeConfig("client", () =>
      db().client.create({
        data: {
          clientId: other,
          clientSecretHash: hashClientSecret(SECRET),
          name: "No grant",
          grantTypes: ["client_credentials"],
          redirectUris: [],
          postLogoutUris: [],
          webOrigins: [],
        },
      }),
    );
    const noGrant = await tokenRequest(
      h,
      { grant_type: "client_credentials", audience: managementAudience() },
      { clientId: other, secret: SECRET, method: "basic" },
    );
    assert.equal(noGrant.status, 400);
    assert.equal(noGrant.json.error, "invalid_target");
    const wrong = await tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, { clientId: ID, secret: "x".repeat(40) });
    assert.equal(wrong.status, 401);
    const broken = await fetch(`${h.origin}/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as { error: string }).error, "invalid_request");
    const huge = await fetch(`${h.origin}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pad: "x".repeat(70_000) }),
    });
    assert.equal(huge.status, 413);
  });

  test("no token, a malformed one, a forged one, or one for another audience: 401", async () => {
    await rejectsWith(requireScope(null, "read:connections"), 401, "unauthorized");
    await rejectsWith(requireScope("Basic abc", "read:connections"), 401, "unauthorized");
    await rejectsWith(requireScope("Bearer not.a.jwt", "read:connections"), 401, "invalid_token");
    const token = await tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, basic);
    const [header, payload] = String(token.json.access_token).split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const escalated = Buffer.from(JSON.stringify({ ...claims, scope: "update:tenant_settings" })).toString("base64url");
    await rejectsWith(requireScope(`Bearer ${header}.${escalated}.${String(token.json.access_token).split(".")[2]}`, "read:connections"), 401, "invalid_token");
  });
});

describe("connections and tenant settings", () => {
  test("passkey policy, passkeys on/off and MFA update; passwords and passkeys cannot both be off", async () => {
    const { id } = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
    const updated = await updateConnection(
      id,
      connectionPatchSchema.parse({ options: { passkey_options: { challenge_ui: "autofill" }, mfa: { required: true } } }),
    );
    assert.equal(updated.options.passkey_options.challenge_ui, "autofill");
    assert.equal(updated.options.passkey_options.progressive_enrollment_enabled, true, "other options kept");
    assert.equal(updated.options.mfa.required, true);
    // A PATCH changes only what it names: the other passkey options stay as they are.
    await updateConnection(id, connectionPatchSchema.parse({ options: { passkey_options: { local_enrollment_enabled: false } } }));
    const partial = await updateConnection(id, connectionPatchSchema.parse({ options: { passkey_options: { challenge_ui: "button" } } }));
    assert.deepEqual(partial.options.passkey_options, { challenge_ui: "button", progressive_enrollment_enabled: true, local_enrollment_enabled: false });
    await updateConnection(id, { options: { passkey_options: { challenge_ui: "autofill", local_enrollment_enabled: true } } });
    const before = await getConnection(id);
    await rejectsWith(
      updateConnection(id, { options: { authentication_methods: { password: { enabled: false }, passkey: { enabled: false } }, mfa: { required: false } } }),
      400,
      "invalid_body",
    );
    assert.deepEqual(await getConnection(id), before, "nothing half-written");
    // Passkey-only, then passkeys off while passwords are off: refused, by what the connection already has.
    const passkeyOnly = await updateConnection(id, { options: { authentication_methods: { password: { enabled: false } } } });
    assert.deepEqual(passkeyOnly.options.authentication_methods, { password: { enabled: false }, passkey: { enabled: true } });
    await rejectsWith(updateConnection(id, { options: { authentication_methods: { passkey: { enabled: false } } } }), 400, "invalid_body");
    await updateConnection(id, { options: { authentication_methods: { password: { enabled: true } } } });
    assert.deepEqual(await getConnection(id), before);
    await updateConnection(id, { options: { passkey_options: { challenge_ui: "both" }, mfa: { required: false } } });
    await rejectsWith(getConnection("con_missing"), 404, "not_found");
  });

  test("bad input is refused by the schemas", () => {
    for (const body of [
      {},
      { options: { passkey_options: { challenge_ui: "sometimes" } } },
      { options: { passkey_options: { extra: true } } },
      { options: { authentication_methods: { passkey: { enabled: "yes" } } } },
      { options: {}, name: "rename" },
      { options: { password_complexity_options: { min_length: 4 } } },
    ]) {
      assert.equal(connectionPatchSchema.safeParse(body).success, false, JSON.stringify(body));
    }
    for (const body of [{ mfa: { skip_after_passkey: "true" } }, { unknown: 1 }, { friendly_name: "" }]) {
      assert.equal(tenantSettingsPatchSchema.safeParse(body).success, false, JSON.stringify(body));
    }
  });

  test("POST /api/v2/connections: a custom database with its store; the secret is write-only; bad input refused, nothing stored", async () => {
    const token = await managementToken(h);
    const body = {
      name: "legacy-db",
      strategy: "auth0",
      options: {
        enabledDatabaseCustomization: true,
        import_mode: false,
        custom_store: { base_url: "https://users.example.test/api", secret: "0123456789abcdef-secret" },
      },
    };
    const created = await call(h, { path: "/api/v2/connections", token, body });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const options = created.json.options as Record<string, unknown>;
    assert.deepEqual(
      [options.enabledDatabaseCustomization, options.import_mode, options.custom_store],
      [true, false, { base_url: "https://users.example.test/api", timeout_ms: 5000 }],
    );
    assert.doesNotMatch(JSON.stringify(created.json), /0123456789abcdef-secret/);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/connections", token, body })), [409, "conflict"]);
    const plain = await call(h, { path: "/api/v2/connections", token, body: { name: "plain-db", strategy: "auth0" } });
    assert.equal(plain.status, 201, JSON.stringify(plain.json));
    assert.equal((plain.json.options as Record<string, unknown>).custom_store, undefined);
    const id = String(plain.json.id);
    assert.deepEqual(
      verdict(await call(h, { path: `/api/v2/connections/${id}`, method: "PATCH", token, body: { options: { custom_store: body.options.custom_store } } })),
      [400, "invalid_body"],
      "a built-in connection never becomes a custom one",
    );

    const before = await db().connection.count();
    for (const bad of [
      { ...body, name: "bad name!" },
      { ...body, name: "other", strategy: "google-oauth2" },
      { name: "other", strategy: "auth0", options: { enabledDatabaseCustomization: true } },
      { name: "other", strategy: "auth0", options: { custom_store: { base_url: "ftp://users.example.test", secret: "0123456789abcdef" } } },
      { name: "other", strategy: "auth0", options: { custom_store: { base_url: "https://u:p@users.example.test", secret: "0123456789abcdef" } } },
      { name: "other", strategy: "auth0", options: { custom_store: { base_url: "https://users.example.test", secret: "short" } } },
      {
        name: "other",
        strategy: "auth0",
        options: { custom_store: { base_url: "https://users.example.test", secret: "0123456789abcdef", timeout_ms: 60_000 } },
      },
      { name: "other", strategy: "auth0", options: { import_mode: true } },
    ]) {
      assert.deepEqual(verdict(await call(h, { path: "/api/v2/connections", token, body: bad })), [400, "invalid_body"], JSON.stringify(bad));
    }
    assert.equal(await db().connection.count(), before, "nothing stored");
    await db().connection.deleteMany({ where: { name: { in: ["legacy-db", "plain-db"] } } });
  });

  test("the MFA-after-passkey switch round-trips", async () => {
    assert.deepEqual((await updateTenantSettings({ mfa: { skip_after_passkey: true } })).mfa, { skip_after_passkey: true });
    assert.deepEqual((await getTenantSettings()).mfa, { skip_after_passkey: true });
    await updateTenantSettings({ mfa: { skip_after_passkey: false } });
  });
});

const FINGERPRINT = "14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5";

describe("clients", () => {
  test("create, read, update, delete; the secret is shown once; the provider accepts what is stored", async () => {
    const token = await managementToken(h);
    const created = await call(h, {
      path: "/api/v2/clients",
      token,
      body: {
        name: "Acme web",
        app_type: "regular_web",
        callbacks: ["https://acme.example.test/callback"],
        allowed_logout_urls: ["https://acme.example.test/"],
        web_origins: ["https://acme.example.test"],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const client = created.json as Record<string, unknown>;
    assert.equal(client.token_endpoint_auth_method, "client_secret_post");
    assert.deepEqual(client.grant_types, ["authorization_code", "refresh_token"]);
    assert.equal(client.is_first_party, true);
    assert.ok(typeof client.client_secret === "string" && client.client_secret.length >= 43);
    const id = String(client.client_id);
    const read = await call(h, { path: `/api/v2/clients/${id}`, token });
    assert.equal(read.status, 200);
    assert.equal((read.json as Record<string, unknown>).client_secret, undefined, "never shown again");
    // The provider loads the new client: a client-credentials request authenticates with the secret.
    const wrong = await tokenRequest(
      h,
      { grant_type: "authorization_code", code: "x", redirect_uri: "https://acme.example.test/callback" },
      { clientId: id, secret: "wrong" },
    );
    assert.equal(wrong.status, 401);

    const patched = await call(h, {
      path: `/api/v2/clients/${id}`,
      method: "PATCH",
      token,
      body: {
        name: "Acme",
        grant_types: ["authorization_code", "refresh_token", WEBAUTHN_GRANT],
        mobile: {
          ios: { team_id: "ABCDE12345", app_bundle_identifier: "com.acme.ios" },
          android: { app_package_name: "com.acme.android", sha256_cert_fingerprints: [FINGERPRINT.toLowerCase()] },
        },
      },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.json));
    assert.equal((patched.json as Record<string, unknown>).name, "Acme");
    assert.deepEqual((patched.json as Record<string, unknown>).callbacks, ["https://acme.example.test/callback"], "fields not named stay");

    // The association files follow the settings of first-party clients with the passkey grant, as JSON.
    const aasa = await wellKnown("apple-app-site-association");
    assert.match(aasa.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(((await aasa.json()) as { webcredentials: { apps: string[] } }).webcredentials.apps, ["ABCDE12345.com.acme.ios"]);
    const links = await wellKnown("assetlinks.json");
    assert.match(links.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(await links.json(), [
      {
        relation: ["delegate_permission/common.get_login_creds"],
        target: { namespace: "android_app", package_name: "com.acme.android", sha256_cert_fingerprints: [FINGERPRINT] },
      },
    ]);

    const thirdParty = await call(h, { path: `/api/v2/clients/${id}`, method: "PATCH", token, body: { is_first_party: false } });
    assert.equal(thirdParty.status, 200);
    assert.deepEqual(
      ((await (await wellKnown("apple-app-site-association")).json()) as { webcredentials: { apps: string[] } }).webcredentials.apps,
      [],
      "a third-party app is not trusted with passkeys",
    );

    const list = await call(h, { path: "/api/v2/clients", token });
    assert.ok((list.json as unknown as { client_id: string }[]).some((c) => c.client_id === id));
    assert.equal((await call(h, { path: `/api/v2/clients/${id}`, method: "DELETE", token })).status, 204);
    assert.deepEqual(verdict(await call(h, { path: `/api/v2/clients/${id}`, token })), [404, "not_found"]);
    assert.deepEqual((await (await wellKnown("apple-app-site-association")).json()) as unknown, { webcredentials: { apps: [] } }, "gone with its client");
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/clients/account", method: "DELETE", token })), [400, "invalid_request"]);
  });

  test("/.well-known/passkey-endpoints tells password managers where to create and manage passkeys", async () => {
    const answer = await wellKnown("passkey-endpoints");
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(await answer.json(), { enroll: `${h.origin}/u/account/passkeys#add-passkey`, manage: `${h.origin}/u/account/passkeys` });
  });

  test("bad client input is refused with the problem named, and nothing is stored", async () => {
    const token = await managementToken(h);
    const before = await db().client.count();
    const cases: [unknown, RegExp][] = [
      [{}, /name/],
      [{ name: "x", grant_types: ["password"] }, /grant_types/],
      [{ name: "x", app_type: "tv" }, /app_type/],
      [{ name: "x", web_origins: ["javascript:alert(1)"] }, /web_origins/],
      [{ name: "x", callbacks: ["not a url"] }, /redirect_uris|callbacks/],
      [{ name: "x", mobile: { ios: { team_id: "short", app_bundle_identifier: "com.acme" } } }, /team_id/],
      [{ name: "x", mobile: { android: { app_package_name: "com.acme", sha256_cert_fingerprints: ["AB:CD"] } } }, /sha256_cert_fingerprints/],
      [{ name: "x", client_id: "chosen" }, /client_id/],
    ];
    for (const [body, problem] of cases) {
      const answer = await call(h, { path: "/api/v2/clients", token, body });
      assert.deepEqual(verdict(answer), [400, "invalid_body"], JSON.stringify(body));
      assert.match(String((answer.json as Record<string, unknown>).message), problem, JSON.stringify(answer.json));
    }
    assert.equal(await db().client.count(), before);
    const narrow = await managementToken(h, ["read:clients"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/clients", token: narrow, body: { name: "x" } })), [403, "insufficient_scope"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/clients" })), [401, "unauthorized"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/clients/missing", method: "PATCH", token, body: { name: "y" } })), [404, "not_found"]);
    // Values the database cannot hold or search for are the caller's mistake: 400, never 500.
    assert.deepEqual(verdict(await call(h, { path: `/api/v2/clients/${encodeURIComponent("a\u0000b")}`, token })), [400, "invalid_request"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/clients", token, body: { name: "nul\u0000name", app_type: "non_interactive" } })), [
      400,
      "invalid_request",
    ]);
  });

  test("client grants: known APIs and scopes only, one per audience", async () => {
    const token = await managementToken(h);
    const app = (await call(h, { path: "/api/v2/clients", token, body: { name: "Native", app_type: "native", callbacks: ["com.acme.app:/callback"] } }))
      .json as Record<string, string>;
    const me = `${h.origin}/me/`;
    const created = await call(h, {
      path: "/api/v2/client-grants",
      token,
      body: { client_id: app.client_id, audience: me, scope: ["read:me:authentication_methods"] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/client-grants", token, body: { client_id: app.client_id, audience: me, scope: [] } })), [
      409,
      "conflict",
    ]);
    assert.deepEqual(
      verdict(await call(h, { path: "/api/v2/client-grants", token, body: { client_id: app.client_id, audience: "https://elsewhere/", scope: [] } })),
      [400, "invalid_body"],
    );
    assert.deepEqual(
      verdict(await call(h, { path: "/api/v2/client-grants", token, body: { client_id: app.client_id, audience: managementAudience(), scope: ["root"] } })),
      [400, "invalid_body"],
    );
    assert.deepEqual(
      verdict(await call(h, { path: "/api/v2/client-grants", token, body: { client_id: "nobody", audience: managementAudience(), scope: [] } })),
      [404, "not_found"],
    );
    const listed = await call(h, { path: `/api/v2/client-grants?client_id=${app.client_id}`, token });
    assert.deepEqual(
      (listed.json as unknown as { audience: string }[]).map((g) => g.audience),
      [me],
    );
    const id = (created.json as Record<string, string>).id;
    assert.equal((await call(h, { path: `/api/v2/client-grants/${id}`, method: "DELETE", token })).status, 204);
    assert.deepEqual(verdict(await call(h, { path: `/api/v2/client-grants/${id}`, method: "DELETE", token })), [404, "not_found"]);
  });
});

describe("users and logs", () => {
  test("read, list by email with totals, authentication methods, delete", async () => {
    const token = await managementToken(h);
    const { id: connectionId } = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
    const email = `ops-${randomUUID()}@example.test`;
    const user = await createUserWithPassword({ connectionId, email, password: "correct horse battery" });
    const read = await call(h, { path: `/api/v2/users/${user.id}`, token });
    assert.equal(read.status, 200);
    assert.equal((read.json as Record<string, unknown>).email, email);
    assert.deepEqual((read.json as Record<string, unknown>).identities, [
      { connection: "Username-Password-Authentication", provider: "auth0", user_id: user.id, isSocial: false },
    ]);
    assert.ok(!JSON.stringify(read.json).includes("hash"), "no password hash");
    const found = await call(h, { path: `/api/v2/users?email=${encodeURIComponent(email.toUpperCase())}&include_totals=true`, token });
    assert.equal(found.status, 200, JSON.stringify(found.json));
    assert.equal((found.json as Record<string, unknown>).total, 1);
    const methods = await call(h, { path: `/api/v2/users/${user.id}/authentication-methods`, token });
    assert.deepEqual(
      (methods.json as unknown as { type: string }[]).map((m) => m.type),
      ["password"],
    );
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/users?per_page=1000", token })), [400, "invalid_query_string"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/users?email=nope", token })), [400, "invalid_query_string"]);
    assert.equal((await call(h, { path: `/api/v2/users/${user.id}`, method: "DELETE", token })).status, 204);
    assert.deepEqual(verdict(await call(h, { path: `/api/v2/users/${user.id}`, token })), [404, "not_found"]);
    assert.deepEqual(verdict(await call(h, { path: `/api/v2/users/${user.id}/authentication-methods`, token })), [404, "not_found"]);
  });

  test("logs filter by type, user and date, paginate both ways, and refuse queries they cannot read", async () => {
    const token = await managementToken(h);
    const userId = randomUUID();
    for (const type of ["s", "f", "s"] as const) {
      await logEvent({
        type,
        userId,
        clientId: "demo",
        connection: "Username-Password-Authentication",
        request: { ip: "198.51.100.9", userAgent: "test" },
        description: `event ${type}`,
      });
      await new Promise((resolve) => setTimeout(resolve, 3)); // distinct dates: the sort below is by date
    }
    const q = (query: string) => `/api/v2/logs?q=${encodeURIComponent(query)}`;
    const mine = await call(h, { path: `${q(`user_id:"${userId}" AND type:s`)}&include_totals=true&per_page=1`, token });
    assert.equal(mine.status, 200, JSON.stringify(mine.json));
    const page = mine.json as unknown as { total: number; length: number; logs: Record<string, unknown>[] };
    assert.deepEqual([page.total, page.length], [2, 1]);
    const event = page.logs[0];
    assert.equal(event.client_name, "Demo application");
    assert.equal(event.ip, "198.51.100.9");
    const second = await call(h, { path: `${q(`user_id:${userId}`)}&page=1&per_page=2&sort=date:1`, token });
    assert.deepEqual(
      (second.json as unknown as { type: string }[]).map((e) => e.type),
      ["s"],
    );
    const future = await call(h, { path: q(`user_id:${userId} AND date:[2999-01-01 TO *]`), token });
    assert.deepEqual(future.json, []);
    const single = await call(h, { path: `/api/v2/logs/${String(event.log_id)}`, token });
    assert.equal((single.json as Record<string, unknown>).log_id, event.log_id);
    for (const bad of ["password:secret", "type:s OR type:f", "date:[yesterday TO *]", "date:[-100000-01-01 TO *]", "type:", "type:s\u0000"]) {
      const answer = await call(h, { path: q(bad), token });
      assert.equal(answer.status, 400, bad);
      assert.ok(["invalid_query_string", "invalid_request"].includes(String(verdict(answer)[1])), bad);
    }
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/logs?sort=ip:1", token })), [400, "invalid_query_string"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/logs/missing", token })), [404, "not_found"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/logs", token: await managementToken(h, ["read:users"]) })), [403, "insufficient_scope"]);
  });
});

describe("tenant settings over HTTP", () => {
  test("RP ID must fit the issuer's host; branding is checked; null RP ID goes back to the default", async () => {
    const token = await managementToken(h);
    const patch = (body: unknown) => call(h, { path: "/api/v2/tenants/settings", method: "PATCH", token, body });
    assert.deepEqual(verdict(await patch({ rp_id: "example.com" })), [400, "invalid_body"]);
    assert.deepEqual(verdict(await patch({ rp_id: "not a domain" })), [400, "invalid_body"]);
    assert.deepEqual(verdict(await patch({ branding: { logo_url: "http://insecure.example/logo.png" } })), [400, "invalid_body"]);
    assert.deepEqual(verdict(await patch({ branding: { colors: { primary: "red" } } })), [400, "invalid_body"]);
    const ok = await patch({ rp_id: "localhost", branding: { logo_url: "https://cdn.example.test/logo.svg", colors: { primary: "#0a7d55" } } });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.deepEqual((ok.json as Record<string, unknown>).branding, { logo_url: "https://cdn.example.test/logo.svg", colors: { primary: "#0a7d55" } });
    const reset = await patch({ rp_id: null, branding: {} });
    // (Moving the RP ID away from one that has passkeys is refused: lib/sites.test.ts, on a custom domain.)
    assert.equal((reset.json as Record<string, unknown>).rp_id, "localhost");
    assert.deepEqual((reset.json as Record<string, unknown>).branding, {});
  });

  test("an application's branding overrides the tenant's field by field; unreadable colours are refused with their ratio", async () => {
    const token = await managementToken(h);
    const tenant = (body: unknown) => call(h, { path: "/api/v2/tenants/settings", method: "PATCH", token, body });
    const refused = await tenant({ branding: { colors: { primary: "#ffcc00" } } });
    assert.deepEqual(verdict(refused), [400, "invalid_body"]);
    assert.match(String(refused.json.message), /colors\.primary: contrast 1\.51:1 with the white button text; WCAG AA needs at least 4\.5:1/);
    assert.equal(
      (
        await tenant({
          branding: { logo_url: "https://cdn.example.test/tenant.svg", favicon_url: "https://cdn.example.test/t.ico", colors: { primary: "#0a7d55" } },
        })
      ).status,
      200,
    );
    const created = await call(h, {
      path: "/api/v2/clients",
      token,
      body: {
        name: "Branded",
        app_type: "spa",
        callbacks: ["https://branded.example.test/cb"],
        branding: { colors: { primary: "#1d4ed8", page_background: "#eff6ff" } },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const clientId = String(created.json.client_id);
    assert.deepEqual(created.json.branding, { colors: { primary: "#1d4ed8", page_background: "#eff6ff" } });
    assert.deepEqual(await pageBranding(clientId), {
      name: (await getTenantSettings()).friendly_name,
      logoUrl: "https://cdn.example.test/tenant.svg",
      faviconUrl: "https://cdn.example.test/t.ico",
      primary: "#1d4ed8",
      background: "#eff6ff",
    });
    assert.equal((await pageBranding()).primary, "#0a7d55", "other applications keep the tenant's");
    // Its mail too: the button in its colour, the logo the tenant's (it sets none).
    const mail = await recoveryMail({ kind: "password", to: "ada@example.test", locale: "en", link: "https://login.example.test/x", minutes: 15, clientId });
    assert.match(mail.html, /background:#1d4ed8/);
    assert.match(mail.html, /<img src="https:\/\/cdn\.example\.test\/tenant\.svg"/);
    assert.match(
      (await recoveryMail({ kind: "password", to: "ada@example.test", locale: "en", link: "https://login.example.test/x", minutes: 15 })).html,
      /background:#0a7d55/,
    );
    const patched = await call(h, { path: `/api/v2/clients/${clientId}`, method: "PATCH", token, body: { branding: { colors: { primary: "#93c5fd" } } } });
    assert.deepEqual(verdict(patched), [400, "invalid_body"]);
    assert.match(String(patched.json.message), /contrast 1\.\d\d:1/);
    assert.equal((await pageBranding(clientId)).primary, "#1d4ed8", "nothing half-written");
    await tenant({ branding: {} });
  });
});

describe("Auth0's list shapes", () => {
  test("bare without paging, { <plural>, start, limit, length, total } with totals, { <plural>, next } with checkpoints", async () => {
    const token = await managementToken(h);
    const get = async (path: string) => call(h, { path, token });
    const bare = await get("/api/v2/connections");
    assert.ok(Array.isArray(bare.json));
    const rows = await db().connection.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const totals = await get("/api/v2/connections?include_totals=true&per_page=1");
    assert.deepEqual([totals.json.start, totals.json.limit, totals.json.length, totals.json.total], [0, 1, 1, rows.length]);
    // Walk the checkpoints one at a time: every connection once, in order, and no next at the end.
    const seen: string[] = [];
    let from: string | undefined;
    for (;;) {
      const page = await get(`/api/v2/connections?take=1${from ? `&from=${encodeURIComponent(from)}` : ""}`);
      assert.equal(page.status, 200, JSON.stringify(page.json));
      seen.push(...(page.json.connections as { id: string }[]).map((c) => c.id));
      from = page.json.next as string | undefined;
      if (from === undefined) break;
    }
    assert.deepEqual(
      seen,
      rows.map((c) => c.id),
    );
    const grants = await get("/api/v2/client-grants?include_totals=true&take=50");
    assert.ok(Array.isArray(grants.json.client_grants) && !("next" in grants.json));
    const fields = await get("/api/v2/clients?fields=client_id&include_fields=true");
    assert.ok((fields.json as unknown as Record<string, unknown>[]).every((c) => Object.keys(c).join() === "client_id"));
    const without = await get("/api/v2/clients?fields=client_id&include_fields=false");
    assert.ok((without.json as unknown as Record<string, unknown>[]).every((c) => !("client_id" in c) && "name" in c));
  });

  test("wrong list parameters are 400s that name the problem", async () => {
    const token = await managementToken(h);
    const cases: [string, string][] = [
      ["/api/v2/connections?take=0", "invalid_query_string"],
      ["/api/v2/connections?take=101", "invalid_query_string"],
      ["/api/v2/connections?from=not-a-connection", "invalid_query_string"],
      ["/api/v2/client-grants?from=nope", "invalid_query_string"],
      ["/api/v2/clients?fields=client_id;drop", "invalid_query_string"],
      ["/api/v2/clients?app_type=mainframe", "invalid_query_string"],
      ["/api/v2/clients?include_totals=yes", "invalid_query_string"],
      ["/api/v2/logs?q=type:s&search=type:f", "invalid_query_string"],
      ["/api/v2/logs?from=no-such-log", "invalid_query_string"],
      ["/api/v2/users?q=email:&search_engine=v3", "invalid_query_string"],
      ["/api/v2/users?q=name:*&search_engine=v3", "invalid_query_string"],
      ["/api/v2/users?search_engine=v2", "invalid_query_string"],
      ["/api/v2/users-by-email", "invalid_query_string"],
      ["/api/v2/users-by-email?email=a@b.c&unknown=1", "invalid_query_string"],
    ];
    for (const [path, code] of cases) {
      const answer = await call(h, { path, token });
      assert.deepEqual(verdict(answer), [400, code], `${path}: ${JSON.stringify(answer.json)}`);
      assert.ok(typeof answer.json.message === "string" && answer.json.message.length > 0, path);
    }
  });
});
