// The native passkey API, the passkey grant and the My Account API, driven as a native Android
// app would drive them: the software authenticator answers with the app's apk-key-hash origin,
// openid-client checks every token set against discovery and the JWKS, and the operator's setup
// goes through the Management API. Runs on PGlite and on PostgreSQL (see scripts/test.sh).

import { changeConfig } from "../config-cache";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import { androidOrigin } from "../apps/mobile";
import { db } from "../db";
import { MY_ACCOUNT_SCOPES, myAccountAudience } from "../my-account/auth";
import { WEBAUTHN_GRANT } from "../oidc/constants";
import { call, managementToken, verdict, type Answer } from "../testing/api";
import { startHarness, type Harness } from "../testing/harness";
import { SoftAuthenticator } from "../testing/soft-authenticator";

const FINGERPRINT = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
const ORIGIN = androidOrigin(FINGERPRINT);

let h: Harness;
let mgmt: string;
let app: { client_id: string };
let rp: oidc.Configuration;

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = "mgmt-native";
  process.env.MANAGEMENT_CLIENT_SECRET = "n".repeat(40);
  h = await startHarness();
  mgmt = await managementToken(h);
  // The operator registers the app (passkey grant, Android identity) and lets it call My Account.
  const created = await call(h, {
    path: "/api/v2/clients",
    token: mgmt,
    body: {
      name: "Acme for Android",
      app_type: "native",
      grant_types: [WEBAUTHN_GRANT, "refresh_token"],
      mobile: { android: { app_package_name: "com.acme.app", sha256_cert_fingerprints: [FINGERPRINT] } },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  app = created.json as unknown as { client_id: string };
  const grant = await call(h, {
    path: "/api/v2/client-grants",
    token: mgmt,
    body: { client_id: app.client_id, audience: myAccountAudience(), scope: [...MY_ACCOUNT_SCOPES] },
  });
  assert.equal(grant.status, 201, JSON.stringify(grant.json));
  // The harness's issuer is http://localhost: the very case openid-client's deprecation marker is for.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only to stand out; testing against a non-TLS issuer is its intended use
  rp = await oidc.discovery(new URL(h.origin), app.client_id, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
});

after(async () => {
  delete process.env.MANAGEMENT_CLIENT_ID;
  delete process.env.MANAGEMENT_CLIENT_SECRET;
  await h.close();
});

const SCOPE = `openid profile email offline_access ${MY_ACCOUNT_SCOPES.join(" ")}`;
const newEmail = () => `native-${crypto.randomUUID()}@example.test`;

type Challenge = { auth_session: string; authn_params_public_key: Record<string, unknown> };

async function register(email: string, body: Record<string, unknown> = {}): Promise<Answer> {
  return call(h, { path: "/passkey/register", body: { client_id: app.client_id, user_profile: { email }, ...body } });
}

async function challenge(body: Record<string, unknown> = {}): Promise<Answer> {
  return call(h, { path: "/passkey/challenge", body: { client_id: app.client_id, ...body } });
}

/** The passkey grant through openid-client, which validates the ID token against discovery and the JWKS. */
function grant(authSession: string, response: unknown, scope = SCOPE) {
  return oidc.genericGrantRequest(rp, WEBAUTHN_GRANT, {
    auth_session: authSession,
    authn_response: JSON.stringify(response),
    scope,
    audience: myAccountAudience(),
  });
}

async function signUp(authenticator: SoftAuthenticator, email = newEmail(), scope = SCOPE) {
  const started = await register(email);
  assert.equal(started.status, 200, JSON.stringify(started.json));
  assert.equal((started.json as unknown as Challenge).authn_params_public_key.timeout, 300_000);
  const { auth_session, authn_params_public_key } = started.json as unknown as Challenge;
  const tokens = await grant(auth_session, authenticator.register(authn_params_public_key as never, { origin: ORIGIN }), scope);
  return { email, tokens };
}

async function logIn(authenticator: SoftAuthenticator) {
  const started = await challenge();
  assert.equal(started.status, 200, JSON.stringify(started.json));
  const { auth_session, authn_params_public_key } = started.json as unknown as Challenge;
  return grant(auth_session, authenticator.authenticate(authn_params_public_key as never, { origin: ORIGIN }));
}

describe("a native app's passkey journey", () => {
  test("signup → token → My Account enroll → login → token → refresh → delete", async () => {
    const phone = new SoftAuthenticator();
    const { email, tokens } = await signUp(phone);
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ["phr"]);
    assert.equal(claims.email, email);
    assert.equal(claims.aud, app.client_id);
    assert.ok(tokens.refresh_token, "offline_access gives a refresh token");
    assert.equal(tokens.token_type.toLowerCase(), "bearer");
    assert.ok(tokens.expires_in! > 0);
    const userId = claims.sub;
    assert.equal(tokens.scope, MY_ACCOUNT_SCOPES.join(" "));

    // My Account: enroll a second passkey (a security key) with the user's access token.
    const key = new SoftAuthenticator({ authenticatorAttachment: "cross-platform", transports: ["usb"], flags: { be: false, bs: false } });
    const start = await call(h, { path: "/me/v1/authentication-methods", token: tokens.access_token, body: { type: "passkey" } });
    assert.equal(start.status, 201, JSON.stringify(start.json));
    assert.equal(start.headers.get("location"), "/me/v1/authentication-methods/passkey%7Cnew");
    const enrollment = start.json as unknown as Challenge;
    const excluded = (enrollment.authn_params_public_key.excludeCredentials as { id: string }[]).map((c) => c.id);
    assert.deepEqual(excluded, [phone.credentials[0].id], "the user's passkeys are excluded");
    const verified = await call(h, {
      path: "/me/v1/authentication-methods/passkey%7Cnew/verify",
      token: tokens.access_token,
      body: { auth_session: enrollment.auth_session, authn_response: key.register(enrollment.authn_params_public_key as never, { origin: ORIGIN }) },
    });
    assert.equal(verified.status, 201, JSON.stringify(verified.json));
    const method = verified.json as Record<string, unknown>;
    assert.equal(method.id, `passkey|${key.credentials[0].id}`);
    assert.equal(method.type, "passkey");
    assert.equal(method.credential_device_type, "single_device");
    assert.equal(method.credential_backed_up, false);
    assert.deepEqual(method.transports, ["usb"]);
    assert.equal(method.relying_party_id, "localhost");
    assert.equal(method.aaguid, "00000000-0000-0000-0000-000000000000");
    assert.ok(!Number.isNaN(Date.parse(String(method.created_at))));
    for (const field of ["user_agent"]) assert.ok(field in method || method.user_agent === undefined);

    // Log in with the new passkey (naming the connection this time): a fresh token set, amr phr again.
    const named = await challenge({ realm: "Username-Password-Authentication" });
    assert.equal(named.status, 200);
    const login = await logIn(key);
    assert.equal(login.claims()!.sub, userId);
    assert.deepEqual(login.claims()!.amr, ["phr"]);

    // Refresh: openid-client validates the new ID token too; the access token stays a My Account token.
    const refreshed = await oidc.refreshTokenGrant(rp, login.refresh_token!);
    assert.equal(refreshed.claims()!.sub, userId);
    assert.deepEqual(refreshed.claims()!.amr, ["phr"]);
    const listed = await call(h, { path: "/me/v1/authentication-methods", token: refreshed.access_token });
    assert.equal(listed.status, 200, JSON.stringify(listed.json));
    const methods = (listed.json as unknown as { authentication_methods: { id: string; type: string }[] }).authentication_methods;
    assert.deepEqual(
      methods.map((m) => m.type),
      ["passkey", "passkey"],
    );

    // Rename, then delete the phone's passkey: the phone can no longer sign in.
    const phoneMethod = `passkey|${phone.credentials[0].id}`;
    const renamed = await call(h, {
      path: `/me/v1/authentication-methods/${encodeURIComponent(phoneMethod)}`,
      method: "PATCH",
      token: refreshed.access_token,
      body: { name: "Old phone" },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
    assert.equal((renamed.json as Record<string, unknown>).name, "Old phone");
    const deleted = await call(h, {
      path: `/me/v1/authentication-methods/${encodeURIComponent(phoneMethod)}`,
      method: "DELETE",
      token: refreshed.access_token,
    });
    assert.equal(deleted.status, 204);
    await assert.rejects(logIn(phone), (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_grant");
    // The last passkey is the last way in: it stays.
    const last = `passkey|${key.credentials[0].id}`;
    const refused = await call(h, { path: `/me/v1/authentication-methods/${encodeURIComponent(last)}`, method: "DELETE", token: refreshed.access_token });
    assert.equal(refused.status, 400);

    // The operator deletes the user: the refresh token dies with them.
    const gone = await call(h, { path: `/api/v2/users/${userId}`, method: "DELETE", token: mgmt });
    assert.equal(gone.status, 204);
    await assert.rejects(
      oidc.refreshTokenGrant(rp, refreshed.refresh_token!),
      (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_grant",
    );

    // Every step left its event, with client, connection, user and description, and no secrets.
    const logs = await call(h, { path: `/api/v2/logs?q=${encodeURIComponent(`user_id:"${userId}"`)}&sort=date:1&per_page=100`, token: mgmt });
    assert.equal(logs.status, 200, JSON.stringify(logs.json));
    const events = logs.json as unknown as Record<string, unknown>[];
    assert.deepEqual(
      events.map((e) => e.type),
      ["ss", "gd_enrollment_complete", "s"],
    );
    const started = await call(h, {
      path: `/api/v2/logs?q=${encodeURIComponent(`type:passkey_challenge_started AND client_id:${app.client_id}`)}`,
      token: mgmt,
    });
    assert.ok((started.json as unknown as unknown[]).length >= 2, "every login challenge is logged");
    for (const event of events) {
      assert.equal(event.client_id, app.client_id);
      assert.equal(event.connection, "Username-Password-Authentication");
      assert.ok(event.description && event.date);
    }
    assert.deepEqual((events[0].details as Record<string, unknown>).authentication_methods, ["passkey"]);
    assert.deepEqual((events[2].details as Record<string, unknown>).performed_amr, ["phr"]);
    const everything = JSON.stringify((await call(h, { path: "/api/v2/logs?per_page=100", token: mgmt })).json);
    for (const secret of [tokens.access_token, tokens.refresh_token, enrollment.auth_session, process.env.MANAGEMENT_CLIENT_SECRET!]) {
      assert.ok(!everything.includes(secret), "no token, auth_session or secret in the logs");
    }
  });
});

async function userCount() {
  return db().user.count();
}

/** A raw token request (JSON, as Auth0's SDKs send it), without openid-client's checks. */
async function rawGrant(body: Record<string, unknown>) {
  const response = await fetch(`${h.origin}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: WEBAUTHN_GRANT, client_id: app.client_id, ...body }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("the user_profile of a native signup", () => {
  test("given_name, family_name, nickname, picture and user_metadata make the user; the ID token carries the claims", async () => {
    const email = newEmail();
    const profile = { given_name: "Ada", family_name: "Lovelace", nickname: "ada", picture: "https://example.test/ada.png", name: "Ada Lovelace" };
    const started = await register(email, { user_profile: { email, ...profile }, user_metadata: { theme: "dark" } });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const { auth_session, authn_params_public_key } = started.json as unknown as Challenge;
    assert.equal((authn_params_public_key.user as { displayName: string }).displayName, "Ada Lovelace", "the name is what the platform shows");
    const tokens = await grant(auth_session, new SoftAuthenticator().register(authn_params_public_key as never, { origin: ORIGIN }));
    const claims = tokens.claims();
    assert.deepEqual(
      [claims?.given_name, claims?.family_name, claims?.nickname, claims?.picture, claims?.name],
      [profile.given_name, profile.family_name, profile.nickname, profile.picture, profile.name],
    );
    const user = await db().user.findFirstOrThrow({ where: { email } });
    assert.deepEqual(user.userMetadata, { theme: "dark" });
  });

  test("a profile field of the wrong type or form is a 400 that names it, and no challenge is stored", async () => {
    const challenges = await db().webAuthnChallenge.count();
    for (const [extra, field] of [
      [{ picture: "http://insecure.example/p.png" }, "picture"],
      [{ given_name: 7 }, "given_name"],
      [{ given_name: "" }, "given_name"],
      [{ user_metadata: ["a"] }, "user_metadata"],
      [{ organization: "org_1" }, "organization"],
    ] as const) {
      const email = newEmail();
      const answer = await register(email, { user_profile: { email, ...extra } });
      assert.deepEqual(verdict(answer), [400, "invalid_request"], JSON.stringify(extra));
      assert.match(String(answer.json.error_description), new RegExp(field));
    }
    assert.equal(await db().webAuthnChallenge.count(), challenges);
  });
});

describe("the client's jwt_configuration", () => {
  test("lifetime_in_seconds sets the ID token's lifetime for that client", async () => {
    const path = `/api/v2/clients/${app.client_id}`;
    const set = await call(h, { path, method: "PATCH", token: mgmt, body: { jwt_configuration: { lifetime_in_seconds: 600 } } });
    assert.equal(set.status, 200, JSON.stringify(set.json));
    try {
      const { tokens } = await signUp(new SoftAuthenticator());
      const claims = tokens.claims();
      assert.ok(claims);
      assert.equal(claims.exp - claims.iat, 600);
    } finally {
      await call(h, { path, method: "PATCH", token: mgmt, body: { jwt_configuration: {} } });
    }
    const { tokens } = await signUp(new SoftAuthenticator());
    const claims = tokens.claims();
    assert.ok(claims);
    assert.equal(claims.exp - claims.iat, 3600, "back to the default");
  });
});

describe("bad input to the challenge endpoints", () => {
  test("wrong content type, broken or oversized JSON, unknown or missing fields: 400/413, nothing stored", async () => {
    const challenges = await db().webAuthnChallenge.count();
    const form = await call(h, { path: "/passkey/register", body: "client_id=x", contentType: "application/x-www-form-urlencoded" });
    assert.deepEqual(verdict(form), [400, "invalid_request"]);
    assert.deepEqual(verdict(await call(h, { path: "/passkey/register", body: "{" })), [400, "invalid_request"]);
    const tooLarge = await db().logEvent.count({ where: { type: "api_limit" } });
    assert.deepEqual(
      verdict(
        await call(h, { path: "/passkey/register", body: { client_id: app.client_id, user_profile: { email: "a@example.test", pad: "x".repeat(20_000) } } }),
      ),
      [413, "payload_too_large"],
    );
    assert.equal(await db().logEvent.count({ where: { type: "api_limit" } }), tooLarge + 1, "a 413 is logged");
    assert.deepEqual(verdict(await register(newEmail(), { extra: 1 })), [400, "invalid_request"]);
    assert.deepEqual(verdict(await call(h, { path: "/passkey/register", body: { client_id: app.client_id } })), [400, "invalid_request"]);
    assert.deepEqual(verdict(await call(h, { path: "/passkey/challenge", body: [] })), [400, "invalid_request"]);
    assert.deepEqual(verdict(await register("not-an-email")), [400, "invalid_request"]);
    const username = await register(newEmail(), { user_profile: { email: newEmail(), username: "ada" } });
    assert.deepEqual(verdict(username), [400, "invalid_request"]);
    assert.match(String(username.json.error_description), /user_profile.username: connection .* does not use username/);
    assert.equal(await db().webAuthnChallenge.count(), challenges, "no challenge stored for a refused request");
  });

  test("unknown client, wrong secret, a client without the grant or not first party: 401/403", async () => {
    assert.deepEqual(verdict(await challenge({ client_id: "nobody" })), [401, "invalid_client"]);
    const confidential = await call(h, {
      path: "/api/v2/clients",
      token: mgmt,
      body: { name: "Back end", app_type: "regular_web", grant_types: [WEBAUTHN_GRANT] },
    });
    assert.equal(confidential.status, 201, JSON.stringify(confidential.json));
    const { client_id, client_secret } = confidential.json as unknown as { client_id: string; client_secret: string };
    assert.deepEqual(verdict(await challenge({ client_id })), [401, "invalid_client"]);
    assert.deepEqual(verdict(await challenge({ client_id, client_secret: "wrong" })), [401, "invalid_client"]);
    assert.equal((await challenge({ client_id, client_secret })).status, 200);
    const noGrant = await call(h, { path: "/api/v2/clients", token: mgmt, body: { name: "Web", app_type: "spa", callbacks: ["https://spa.example.test/cb"] } });
    assert.deepEqual(verdict(await challenge({ client_id: (noGrant.json as Record<string, string>).client_id })), [403, "unauthorized_client"]);
    const thirdParty = await call(h, {
      path: "/api/v2/clients",
      token: mgmt,
      body: { name: "Partner", app_type: "native", is_first_party: false, grant_types: [WEBAUTHN_GRANT] },
    });
    const partner = (thirdParty.json as Record<string, string>).client_id;
    assert.deepEqual(verdict(await challenge({ client_id: partner })), [403, "unauthorized_client"]);
    // The token endpoint applies the same rule.
    const started = await challenge();
    const refused = await rawGrant({ client_id: partner, auth_session: (started.json as unknown as Challenge).auth_session, authn_response: {} });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error, "unauthorized_client");
  });

  test("unknown realm 400, passkeys off 403, an existing email 400", async () => {
    assert.deepEqual(verdict(await challenge({ realm: "no-such-connection" })), [400, "invalid_request"]);
    const existing = await signUp(new SoftAuthenticator());
    const again = await register(existing.email);
    assert.deepEqual(verdict(again), [400, "invalid_request"]);
    assert.match(String(again.json.error_description), /already exists/);
    const connection = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
    await changeConfig("connection", () => db().connection.update({ where: { id: connection.id }, data: { passkeysEnabled: false } }));
    try {
      assert.deepEqual(verdict(await challenge()), [403, "access_denied"]);
    } finally {
      await changeConfig("connection", () => db().connection.update({ where: { id: connection.id }, data: { passkeysEnabled: true } }));
    }
  });
});

describe("bad input to the passkey grant", () => {
  test("missing parameters, malformed authn_response (JSON, base64url, CBOR): 400, the user is not created", async () => {
    const before = await userCount();
    const started = (await register(newEmail())).json as unknown as Challenge;
    const good = new SoftAuthenticator().register(started.authn_params_public_key as never, { origin: ORIGIN });
    const cases: [string, Record<string, unknown>][] = [
      ["no auth_session", { authn_response: good }],
      ["no authn_response", { auth_session: started.auth_session }],
      ["not JSON", { auth_session: started.auth_session, authn_response: "{not json" }],
      ["not base64url", { auth_session: started.auth_session, authn_response: { ...good, response: { ...good.response, clientDataJSON: "***" } } }],
      [
        "not CBOR",
        {
          auth_session: started.auth_session,
          authn_response: { ...good, response: { ...good.response, attestationObject: Buffer.from("not cbor at all").toString("base64url") } },
        },
      ],
    ];
    for (const [name, body] of cases) {
      const answer = await rawGrant(body);
      assert.equal(answer.status, 400, `${name}: ${JSON.stringify(answer.json)}`);
      assert.ok(["invalid_request", "invalid_grant"].includes(String(answer.json.error)), name);
      assert.ok(answer.json.error_description, name);
    }
    assert.equal(await userCount(), before, "nothing half-written");
  });

  test("an auth_session is single use, expires, and belongs to the client that asked for it", async () => {
    const authenticator = new SoftAuthenticator();
    const started = (await register(newEmail())).json as unknown as Challenge;
    const response = authenticator.register(started.authn_params_public_key as never, { origin: ORIGIN });
    // Another client cannot redeem it (and does not burn it).
    const other = await call(h, { path: "/api/v2/clients", token: mgmt, body: { name: "Other app", app_type: "native", grant_types: [WEBAUTHN_GRANT] } });
    const stolen = await rawGrant({
      client_id: (other.json as Record<string, string>).client_id,
      auth_session: started.auth_session,
      authn_response: response,
    });
    assert.deepEqual([stolen.status, stolen.json.error], [400, "invalid_grant"]);
    const first = await rawGrant({ auth_session: started.auth_session, authn_response: response, scope: "openid" });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    const failuresBefore = await db().logEvent.count({ where: { type: "fs" } });
    const replay = await rawGrant({ auth_session: started.auth_session, authn_response: response, scope: "openid" });
    assert.deepEqual([replay.status, replay.json.error], [400, "invalid_grant"]);
    assert.equal(await db().logEvent.count({ where: { type: "fs" } }), failuresBefore + 1, "a replayed auth_session is logged");

    const login = (await challenge()).json as unknown as Challenge;
    await db().webAuthnChallenge.updateMany({ where: { transactionId: login.auth_session }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const refusedBefore = await db().logEvent.count({ where: { type: "passkey_challenge_failed" } });
    const expired = await rawGrant({
      auth_session: login.auth_session,
      authn_response: authenticator.authenticate(login.authn_params_public_key as never, { origin: ORIGIN }),
    });
    assert.deepEqual([expired.status, expired.json.error], [400, "invalid_grant"]);
    assert.equal(await db().logEvent.count({ where: { type: "passkey_challenge_failed" } }), refusedBefore + 1, "an expired auth_session is logged");
  });

  test("a wrong origin, a tampered signature or an unknown passkey: invalid_grant, logged as failures", async () => {
    const authenticator = new SoftAuthenticator();
    await signUp(authenticator);
    const wrongOrigin = (await challenge()).json as unknown as Challenge;
    const a = await rawGrant({
      auth_session: wrongOrigin.auth_session,
      authn_response: authenticator.authenticate(wrongOrigin.authn_params_public_key as never, { origin: "https://evil.example" }),
    });
    assert.deepEqual([a.status, a.json.error], [400, "invalid_grant"]);
    const tampered = (await challenge()).json as unknown as Challenge;
    const b = await rawGrant({
      auth_session: tampered.auth_session,
      authn_response: authenticator.authenticate(tampered.authn_params_public_key as never, { origin: ORIGIN, tamperSignature: true }),
    });
    assert.deepEqual([b.status, b.json.error], [400, "invalid_grant"]);
    const stranger = (await challenge()).json as unknown as Challenge;
    const fresh = new SoftAuthenticator();
    fresh.register(
      {
        ...(wrongOrigin.authn_params_public_key as object),
        rp: { id: "localhost", name: "x" },
        user: { id: "eA", name: "x", displayName: "x" },
        pubKeyCredParams: [{ type: "public-key", alg: -7 }],
        challenge: "AAAAAAAAAAAAAAAAAAAAAA",
      } as never,
      { origin: ORIGIN },
    );
    const c = await rawGrant({
      auth_session: stranger.auth_session,
      authn_response: fresh.authenticate(stranger.authn_params_public_key as never, { origin: ORIGIN }),
    });
    assert.deepEqual([c.status, c.json.error], [400, "invalid_grant"]);
    const failed = await db().logEvent.findMany({ where: { type: "passkey_challenge_failed", clientId: app.client_id } });
    assert.ok(failed.length >= 3, `passkey_challenge_failed events: ${failed.length}`);
    // Where the credential names a stored passkey (the wrong origin, the tampered signature), the event names its user.
    const owner = await db().passkey.findUniqueOrThrow({ where: { id: authenticator.credentials[0].id } });
    const named = failed.filter((e) => e.userId === owner.userId);
    assert.ok(named.length >= 2, `failures naming the user: ${named.length}`);
    assert.ok(named.every((e) => (e.details as { passkey_id?: string }).passkey_id === owner.id));
    const loginFailures = await db().logEvent.findMany({ where: { type: "f", clientId: app.client_id } });
    assert.ok(loginFailures.length >= 3 && loginFailures.every((e) => e.description?.startsWith("Passkey login failed")), "each failure is also an f event");
  });

  test("an audience the client has no grant for is refused before the passkey is used", async () => {
    const before = await userCount();
    const started = (await register(newEmail())).json as unknown as Challenge;
    const response = new SoftAuthenticator().register(started.authn_params_public_key as never, { origin: ORIGIN });
    const answer = await rawGrant({ auth_session: started.auth_session, authn_response: response, audience: `${h.origin}/api/v2/` });
    assert.deepEqual([answer.status, answer.json.error], [400, "invalid_target"]);
    assert.equal(await userCount(), before);
    const retry = await rawGrant({ auth_session: started.auth_session, authn_response: response });
    assert.equal(retry.status, 200, "the auth_session was not used up");

    // Even with a client grant for the Management API, a user's passkey never yields a Management token.
    const backEnd = (
      await call(h, {
        path: "/api/v2/clients",
        token: mgmt,
        body: { name: "Ops app", app_type: "regular_web", grant_types: [WEBAUTHN_GRANT, "client_credentials"] },
      })
    ).json as Record<string, string>;
    const mgmtGrant = await call(h, {
      path: "/api/v2/client-grants",
      token: mgmt,
      body: { client_id: backEnd.client_id, audience: `${h.origin}/api/v2/`, scope: ["delete:users"] },
    });
    assert.equal(mgmtGrant.status, 201, JSON.stringify(mgmtGrant.json));
    const login = (await call(h, { path: "/passkey/challenge", body: { client_id: backEnd.client_id, client_secret: backEnd.client_secret } }))
      .json as unknown as Challenge;
    const escalation = await fetch(`${h.origin}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: WEBAUTHN_GRANT,
        client_id: backEnd.client_id,
        client_secret: backEnd.client_secret,
        auth_session: login.auth_session,
        authn_response: {},
        audience: `${h.origin}/api/v2/`,
        scope: "delete:users",
      }),
    });
    assert.equal(escalation.status, 400);
    assert.equal(((await escalation.json()) as Record<string, unknown>).error, "invalid_target");
    // A NUL character in the auth_session is refused like any unknown one, not a server error.
    const nul = await rawGrant({ auth_session: "a\u0000b", authn_response: response });
    assert.deepEqual([nul.status, nul.json.error], [400, "invalid_grant"]);
  });
});

describe("bad input to My Account", () => {
  test("no token, another API's token, a missing scope: 401/403", async () => {
    assert.deepEqual(verdict(await call(h, { path: "/me/v1/authentication-methods" })), [401, "unauthorized"]);
    assert.deepEqual(verdict(await call(h, { path: "/me/v1/authentication-methods", token: mgmt })), [401, "invalid_token"]);
    const narrow = (await signUp(new SoftAuthenticator(), newEmail(), "openid read:me:authentication_methods")).tokens.access_token;
    assert.equal((await call(h, { path: "/me/v1/authentication-methods", token: narrow })).status, 200);
    assert.deepEqual(verdict(await call(h, { path: "/me/v1/authentication-methods", token: narrow, body: { type: "passkey" } })), [403, "insufficient_scope"]);
  });

  test("wrong type, unknown method, another user's auth_session, a blank name: 400/404", async () => {
    const { tokens } = await signUp(new SoftAuthenticator());
    const other = await signUp(new SoftAuthenticator());
    const at = tokens.access_token;
    assert.deepEqual(verdict(await call(h, { path: "/me/v1/authentication-methods", token: at, body: { type: "totp" } })), [400, "invalid_request"]);
    assert.deepEqual(verdict(await call(h, { path: "/me/v1/authentication-methods/passkey%7Cnope", token: at })), [404, "not_found"]);
    assert.deepEqual(verdict(await call(h, { path: `/me/v1/authentication-methods/${encodeURIComponent("%E0%A4%A")}`, method: "DELETE", token: at })), [
      404,
      "not_found",
    ]);
    const theirs = (await call(h, { path: "/me/v1/authentication-methods", token: other.tokens.access_token, body: { type: "passkey" } }))
      .json as unknown as Challenge;
    const response = new SoftAuthenticator().register(theirs.authn_params_public_key as never, { origin: ORIGIN });
    const hijack = await call(h, {
      path: "/me/v1/authentication-methods/passkey%7Cnew/verify",
      token: at,
      body: { auth_session: theirs.auth_session, authn_response: response },
    });
    assert.deepEqual(verdict(hijack), [400, "invalid_request"]);
    const mine = `passkey|${(await db().passkey.findFirstOrThrow({ where: { userId: tokens.claims()!.sub } })).id}`;
    assert.deepEqual(
      verdict(await call(h, { path: `/me/v1/authentication-methods/${encodeURIComponent(mine)}`, method: "PATCH", token: at, body: { name: "  " } })),
      [400, "invalid_request"],
    );
    assert.deepEqual(
      verdict(
        await call(h, { path: "/me/v1/authentication-methods/passkey%7Cnew/verify", token: at, body: { auth_session: "x", authn_response: "not an object" } }),
      ),
      [400, "invalid_request"],
    );
  });
});
