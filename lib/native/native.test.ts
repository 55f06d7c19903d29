// The native passkey API, the passkey grant and the My Account API, driven as a native Android
// app would drive them: the software authenticator answers with the app's apk-key-hash origin,
// openid-client checks every token set against discovery and the JWKS, and the operator's setup
// goes through the Management API. Runs on PGlite and on PostgreSQL (see scripts/test.sh).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import * as createClientRoute from "../../app/api/v2/clients/route";
import * as clientGrantsRoute from "../../app/api/v2/client-grants/route";
import * as logsRoute from "../../app/api/v2/logs/route";
import * as userRoute from "../../app/api/v2/users/[id]/route";
import * as methodsRoute from "../../app/me/v1/authentication-methods/route";
import * as methodRoute from "../../app/me/v1/authentication-methods/[id]/route";
import * as verifyRoute from "../../app/me/v1/authentication-methods/[id]/verify/route";
import * as challengeRoute from "../../app/passkey/challenge/route";
import * as registerRoute from "../../app/passkey/register/route";
import { androidOrigin } from "../apps/mobile";
import { db } from "../db";
import { MY_ACCOUNT_SCOPES, myAccountAudience } from "../my-account/auth";
import { WEBAUTHN_GRANT } from "../oidc/constants";
import { call, managementToken, type Answer } from "../testing/api";
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
  const created = await call(h, createClientRoute.POST, {
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
  const grant = await call(h, clientGrantsRoute.POST, { path: "/api/v2/client-grants", token: mgmt, body: { client_id: app.client_id, audience: myAccountAudience(), scope: [...MY_ACCOUNT_SCOPES] } });
  assert.equal(grant.status, 201, JSON.stringify(grant.json));
  rp = await oidc.discovery(new URL(h.issuer), app.client_id, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
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
  return call(h, registerRoute.POST, { path: "/passkey/register", body: { client_id: app.client_id, user_profile: { email }, ...body } });
}

async function challenge(body: Record<string, unknown> = {}): Promise<Answer> {
  return call(h, challengeRoute.POST, { path: "/passkey/challenge", body: { client_id: app.client_id, ...body } });
}

/** The passkey grant through openid-client, which validates the ID token against discovery and the JWKS. */
function grant(authSession: string, response: unknown) {
  return oidc.genericGrantRequest(rp, WEBAUTHN_GRANT, { auth_session: authSession, authn_response: JSON.stringify(response), scope: SCOPE, audience: myAccountAudience() });
}

async function signUp(authenticator: SoftAuthenticator, email = newEmail()) {
  const started = await register(email);
  assert.equal(started.status, 200, JSON.stringify(started.json));
  const { auth_session, authn_params_public_key } = started.json as unknown as Challenge;
  const tokens = await grant(auth_session, authenticator.register(authn_params_public_key as never, { origin: ORIGIN }));
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
    const start = await call(h, methodsRoute.POST, { path: "/me/v1/authentication-methods", token: tokens.access_token, body: { type: "passkey" } });
    assert.equal(start.status, 201, JSON.stringify(start.json));
    assert.equal(start.headers.get("location"), "/me/v1/authentication-methods/passkey%7Cnew");
    const enrollment = start.json as unknown as Challenge;
    const excluded = (enrollment.authn_params_public_key.excludeCredentials as { id: string }[]).map((c) => c.id);
    assert.deepEqual(excluded, [phone.credentials[0]!.id], "the user's passkeys are excluded");
    const verified = await call(h, verifyRoute.POST, {
      path: "/me/v1/authentication-methods/passkey%7Cnew/verify",
      params: { id: "passkey%7Cnew" },
      token: tokens.access_token,
      body: { auth_session: enrollment.auth_session, authn_response: key.register(enrollment.authn_params_public_key as never, { origin: ORIGIN }) },
    });
    assert.equal(verified.status, 201, JSON.stringify(verified.json));
    const method = verified.json as Record<string, unknown>;
    assert.equal(method.id, `passkey|${key.credentials[0]!.id}`);
    assert.equal(method.type, "passkey");
    assert.equal(method.credential_device_type, "single_device");
    assert.equal(method.credential_backed_up, false);
    assert.deepEqual(method.transports, ["usb"]);
    assert.equal(method.relying_party_id, "localhost");
    assert.equal(method.aaguid, "00000000-0000-0000-0000-000000000000");
    assert.ok(!Number.isNaN(Date.parse(String(method.created_at))));
    for (const field of ["user_agent"]) assert.ok(field in method || method.user_agent === undefined);

    // Log in with the new passkey: a fresh token set, amr phr again.
    const login = await logIn(key);
    assert.equal(login.claims()!.sub, userId);
    assert.deepEqual(login.claims()!.amr, ["phr"]);

    // Refresh: openid-client validates the new ID token too; the access token stays a My Account token.
    const refreshed = await oidc.refreshTokenGrant(rp, login.refresh_token!);
    assert.equal(refreshed.claims()!.sub, userId);
    assert.deepEqual(refreshed.claims()!.amr, ["phr"]);
    const listed = await call(h, methodsRoute.GET, { path: "/me/v1/authentication-methods", token: refreshed.access_token });
    assert.equal(listed.status, 200, JSON.stringify(listed.json));
    const methods = (listed.json as unknown as { authentication_methods: { id: string; type: string }[] }).authentication_methods;
    assert.deepEqual(methods.map((m) => m.type), ["passkey", "passkey"]);

    // Rename, then delete the phone's passkey: the phone can no longer sign in.
    const phoneMethod = `passkey|${phone.credentials[0]!.id}`;
    const renamed = await call(h, methodRoute.PATCH, { path: `/me/v1/authentication-methods/${encodeURIComponent(phoneMethod)}`, method: "PATCH", params: { id: phoneMethod }, token: refreshed.access_token, body: { name: "Old phone" } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
    assert.equal((renamed.json as Record<string, unknown>).name, "Old phone");
    const deleted = await call(h, methodRoute.DELETE, { path: `/me/v1/authentication-methods/${encodeURIComponent(phoneMethod)}`, method: "DELETE", params: { id: phoneMethod }, token: refreshed.access_token });
    assert.equal(deleted.status, 204);
    await assert.rejects(logIn(phone), (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_grant");
    // The last passkey is the last way in: it stays.
    const last = `passkey|${key.credentials[0]!.id}`;
    const refused = await call(h, methodRoute.DELETE, { path: "/x", method: "DELETE", params: { id: last }, token: refreshed.access_token });
    assert.equal(refused.status, 400);

    // The operator deletes the user: the refresh token dies with them.
    const gone = await call(h, userRoute.DELETE, { path: `/api/v2/users/${userId}`, method: "DELETE", params: { id: userId }, token: mgmt });
    assert.equal(gone.status, 204);
    await assert.rejects(oidc.refreshTokenGrant(rp, refreshed.refresh_token!), (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_grant");

    // Every step left its event, with client, connection, user and description, and no secrets.
    const logs = await call(h, logsRoute.GET, { path: `/api/v2/logs?q=${encodeURIComponent(`user_id:"${userId}"`)}&sort=date:1&per_page=100`, token: mgmt });
    assert.equal(logs.status, 200, JSON.stringify(logs.json));
    const events = logs.json as unknown as Record<string, unknown>[];
    assert.deepEqual(events.map((e) => e.type), ["ss", "gd_enrollment_complete", "s"]);
    for (const event of events) {
      assert.equal(event.client_id, app.client_id);
      assert.equal(event.connection, "Username-Password-Authentication");
      assert.ok(event.description && event.date);
    }
    assert.deepEqual((events[0]!.details as Record<string, unknown>).authentication_methods, ["passkey"]);
    assert.deepEqual((events[2]!.details as Record<string, unknown>).performed_amr, ["phr"]);
    const everything = JSON.stringify((await call(h, logsRoute.GET, { path: "/api/v2/logs?per_page=100", token: mgmt })).json);
    for (const secret of [tokens.access_token, tokens.refresh_token!, enrollment.auth_session, process.env.MANAGEMENT_CLIENT_SECRET!]) {
      assert.ok(!everything.includes(secret), "no token, auth_session or secret in the logs");
    }
  });
});
