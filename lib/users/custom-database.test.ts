// A custom database connection without user import, end to end against a real HTTP user store on
// loopback (lib/testing/user-store.ts): hosted password and passkey signup and login, the native
// passkey API, and every way the store can fail at each of those steps — a translated error, an
// f/fs log naming the reason, and nothing half-written here.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { db } from "../db";
import { finishPasskeyLogin, loginWithPassword, passkeyLoginOptions, submitLoginIdentifier } from "../flows/login";
import { finishPasskeySignup, passkeySignupOptions, signupWithPassword, submitSignupIdentity } from "../flows/signup";
import { createConnection } from "../management/connections";
import { WEBAUTHN_GRANT } from "../oidc/constants";
import { call } from "../testing/api";
import { startHarness, tokenRequest, type Harness } from "../testing/harness";
import { journeyHelpers, request } from "../testing/journeys";
import { SoftAuthenticator } from "../testing/soft-authenticator";
import { startUserStore, type Misbehaviour, type UserStore } from "../testing/user-store";
import { clientCreateSchema, createClient } from "../management/clients";
import { generate } from "otplib";
import { verifyMfaCode } from "../flows/mfa";
import { enrollTotp, newTotpSecret } from "../mfa/totp";
import { authenticationMethods } from "./methods";

let h: Harness;
let store: UserStore;
let connection: { id: string; name: string };
let nativeClientId: string;
const SECRET = "store-secret-0123456789";
const PASSWORD = "correct horse battery";
const { newTransaction, reload, redirectOf, completeAtApplication } = journeyHelpers(() => h);

before(async () => {
  h = await startHarness();
  store = await startUserStore({ secret: SECRET });
  connection = await createConnection({
    name: "legacy-users",
    strategy: "auth0",
    options: {
      enabledDatabaseCustomization: true,
      import_mode: false,
      custom_store: { base_url: store.baseUrl, secret: SECRET, timeout_ms: 300 },
      // No passkey offer after a password login here (lib/flows/journeys.test.ts proves the offers).
      passkey_options: { progressive_enrollment_enabled: false },
    },
  });
  nativeClientId = (await createClient(clientCreateSchema.parse({ name: "Native", app_type: "native", grant_types: [WEBAUTHN_GRANT] }))).client_id;
});
after(async () => {
  await store.close();
  await h.close();
});
beforeEach(() => {
  store.calls.length = 0;
  for (const c of ["get_user", "create", "login"] as const) store.misbehave(c, undefined);
});

const newEmail = () => `legacy-${randomUUID()}@example.test`;
const onCustom = (params: Record<string, string> = {}) => newTransaction({ connection: connection.name, ...params });
const count = (c: "get_user" | "create" | "login") => store.calls.filter((x) => x.call === c).length;
const logsOf = async (type: string, reason: string) =>
  (await db().logEvent.findMany({ where: { type } })).filter((e) => JSON.stringify(e.details).includes(`"reason":"${reason}"`)).length;

async function passwordSignup(email: string) {
  const { browser, start, txn } = await onCustom({ screen_hint: "signup" });
  assert.equal(redirectOf(await submitSignupIdentity(txn, { email }, request)), `/u/signup/passkey?state=${txn.id}`);
  return { browser, start, result: await signupWithPassword(await reload(txn), { password: PASSWORD }, request) };
}

describe("on a custom database", () => {
  test("the connection shows its store (not its secret); /authorize refuses an unknown connection", async () => {
    const shown = await db().connection.findUniqueOrThrow({ where: { id: connection.id } });
    assert.notEqual(shown.customStoreSecret, SECRET, "the secret is stored encrypted");
    const { location } = await h
      .browser()
      .navigate(
        `/authorize?client_id=demo&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${h.origin}/demo/callback`)}&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&connection=nope`,
      );
    assert.equal(location?.searchParams.get("error"), "invalid_request", "sent back to the application");
    assert.match(location.searchParams.get("error_description") ?? "", /no connection with this name/);
  });

  test("password signup creates the user in the store; we keep a row without a password; login asks the store", async () => {
    const email = newEmail();
    const signup = await passwordSignup(email);
    assert.ok(signup.result.ok, JSON.stringify(signup.result));
    const stored = [...store.users.values()].find((u) => u.email === email);
    assert.ok(stored, "the store has the user");
    assert.equal(stored.password, PASSWORD, "and their password");
    const row = await db().user.findFirstOrThrow({ where: { email }, include: { password: true } });
    assert.deepEqual([row.connectionId, row.externalId, row.password], [connection.id, stored.user_id, null]);

    store.calls.length = 0;
    const { browser, start, txn } = await onCustom();
    assert.equal(redirectOf(await submitLoginIdentifier(txn, email, request)), `/u/login/password?state=${txn.id}`);
    assert.equal((await loginWithPassword(await reload(txn), { password: "wrong password" }, request)).ok, false);
    const result = await loginWithPassword(await reload(txn), { password: PASSWORD }, request);
    const claims = await completeAtApplication(browser, start, redirectOf(result));
    assert.deepEqual([claims.sub, claims.email], [row.id, email]);
    assert.deepEqual([count("get_user"), count("login")], [1, 2], "one Get User for the login; Login for each password");
  });

  test("passkey signup: the store creates the user (no password), then the row and the passkey; passkey login asks Get User once by user_id", async () => {
    const email = newEmail();
    const authenticator = new SoftAuthenticator();
    const { txn } = await onCustom({ screen_hint: "signup" });
    redirectOf(await submitSignupIdentity(txn, { email }, request));
    const step = await reload(txn);
    const options = await passkeySignupOptions(step, {}, request);
    assert.ok(options.ok);
    const created = await finishPasskeySignup(step, JSON.stringify(authenticator.register(options.options, { origin: h.origin })), request);
    assert.ok(created.ok, JSON.stringify(created));
    const stored = [...store.users.values()].find((u) => u.email === email);
    assert.ok(stored);
    assert.equal(stored.password, undefined);
    const row = await db().user.findFirstOrThrow({ where: { email }, include: { passkeys: true } });
    assert.equal(row.externalId, stored.user_id);
    assert.equal(row.passkeys.length, 1);

    store.calls.length = 0;
    const login = await onCustom();
    const request2 = await passkeyLoginOptions(login.txn, { forRememberedUser: false }, request);
    assert.ok(request2.ok);
    const done = await finishPasskeyLogin(
      login.txn,
      JSON.stringify(authenticator.authenticate(request2.options, { origin: h.origin })),
      { forRememberedUser: false },
      request,
    );
    const claims = await completeAtApplication(login.browser, login.start, redirectOf(done));
    assert.equal(claims.sub, row.id);
    assert.deepEqual(
      store.calls.map((c) => c.path),
      [`/get_user/${encodeURIComponent(stored.user_id)}?type=user_id`],
    );

    // Removed from the store: the passkey no longer signs them in.
    store.users.delete(stored.user_id);
    const again = await onCustom();
    const opts = await passkeyLoginOptions(again.txn, { forRememberedUser: false }, request);
    assert.ok(opts.ok);
    const refused = await finishPasskeyLogin(
      again.txn,
      JSON.stringify(authenticator.authenticate(opts.options, { origin: h.origin })),
      { forRememberedUser: false },
      request,
    );
    assert.deepEqual(refused, { ok: false, error: "unknown_credential" });
  });
});

describe("what this service owns works for a custom database's users", () => {
  test("an authenticator app (MFA after the store's password check) and the authentication methods My Account lists", async () => {
    const email = newEmail();
    assert.ok((await passwordSignup(email)).result.ok);
    const row = await db().user.findFirstOrThrow({ where: { email } });
    const secret = newTotpSecret();
    assert.equal(await enrollTotp(row.id, secret, await generate({ secret }), []), "ok");

    const { browser, start, txn } = await onCustom();
    redirectOf(await submitLoginIdentifier(txn, email, request));
    assert.equal(redirectOf(await loginWithPassword(await reload(txn), { password: PASSWORD }, request)), `/u/mfa?state=${txn.id}`);
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const claims = await completeAtApplication(browser, start, redirectOf(await verifyMfaCode(await reload(txn), code, request, {})));
    assert.deepEqual(claims.amr, ["pwd", "otp", "mfa"]);

    const methods = await authenticationMethods(row.id);
    assert.deepEqual(
      methods.map((m) => m.type),
      ["totp"],
    );
  });
});

describe("the native passkey API on a custom database", () => {
  test("signup creates the user in the store; login asks Get User once by user_id; the tokens name our user", async () => {
    const email = newEmail();
    const phone = new SoftAuthenticator();
    const grant = (auth_session: string, authn_response: unknown) =>
      tokenRequest(h, {
        grant_type: WEBAUTHN_GRANT,
        client_id: nativeClientId,
        auth_session,
        authn_response: JSON.stringify(authn_response),
        scope: "openid email",
      });
    const started = await call(h, {
      path: "/passkey/register",
      body: { client_id: nativeClientId, realm: connection.name, user_profile: { email, given_name: "Ada" } },
    });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const signup = started.json as unknown as { auth_session: string; authn_params_public_key: never };
    const created = await grant(signup.auth_session, phone.register(signup.authn_params_public_key, { origin: h.origin }));
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const stored = [...store.users.values()].find((u) => u.email === email);
    assert.equal(stored?.given_name, "Ada", "the store got the profile");
    const row = await db().user.findFirstOrThrow({ where: { email } });
    assert.equal(row.externalId, stored.user_id);

    store.calls.length = 0;
    const challenge = await call(h, { path: "/passkey/challenge", body: { client_id: nativeClientId, realm: connection.name } });
    const login = challenge.json as unknown as { auth_session: string; authn_params_public_key: never };
    const tokens = await grant(login.auth_session, phone.authenticate(login.authn_params_public_key, { origin: h.origin }));
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    assert.deepEqual(
      store.calls.map((c) => c.path),
      [`/get_user/${encodeURIComponent(stored.user_id)}?type=user_id`],
    );
    const idToken = JSON.parse(Buffer.from(String(tokens.json.id_token).split(".")[1], "base64url").toString()) as Record<string, unknown>;
    assert.deepEqual([idToken.sub, idToken.email], [row.id, email]);

    store.misbehave("get_user", { status: 500 });
    const down = await call(h, { path: "/passkey/challenge", body: { client_id: nativeClientId, realm: connection.name } });
    const again = down.json as unknown as { auth_session: string; authn_params_public_key: never };
    const refused = await grant(again.auth_session, phone.authenticate(again.authn_params_public_key, { origin: h.origin }));
    assert.deepEqual([refused.status, refused.json.error], [503, "temporarily_unavailable"]);
  });
});

const FAILURES: [string, Misbehaviour, string][] = [
  ["a timeout", { delayMs: 1000, body: "{}" }, "timeout"],
  ["a 5xx", { status: 502 }, "server_error"],
  ["a redirect", { status: 307, headers: { location: "https://evil.example/" } }, "redirect"],
  ["malformed JSON", { body: "{nope" }, "malformed"],
  ["a profile without user_id", { status: 201, body: JSON.stringify({ email: "x@example.test" }) }, "missing_user_id"],
];

describe("when the store fails", () => {
  for (const [label, how, reason] of FAILURES) {
    test(`${label}: the login's email step and the signup say so, log why, and write no user`, { timeout: 30_000 }, async () => {
      const [users, passkeys] = [await db().user.count(), await db().passkey.count()];
      const [f, fs] = [await logsOf("f", reason), await logsOf("fs", reason)];

      store.misbehave("get_user", how);
      const login = await onCustom();
      assert.deepEqual(await submitLoginIdentifier(login.txn, newEmail(), request), { ok: false, error: "store_unavailable" });

      store.misbehave("get_user", undefined);
      store.misbehave("create", how);
      const signup = await passwordSignup(newEmail());
      assert.deepEqual(signup.result, { ok: false, error: "store_unavailable" });

      const authenticator = new SoftAuthenticator();
      const { txn } = await onCustom({ screen_hint: "signup" });
      redirectOf(await submitSignupIdentity(txn, { email: newEmail() }, request));
      const step = await reload(txn);
      const options = await passkeySignupOptions(step, {}, request);
      assert.ok(options.ok);
      const passkey = await finishPasskeySignup(step, JSON.stringify(authenticator.register(options.options, { origin: h.origin })), request);
      assert.deepEqual(passkey, { ok: false, error: "store_unavailable" });

      assert.equal(await db().user.count(), users, "no user row");
      assert.equal(await db().passkey.count(), passkeys, "no passkey row");
      assert.equal(await logsOf("f", reason), f + 1, "the login's failure is logged with the reason");
      assert.equal(await logsOf("fs", reason), fs + 2, "both signups' failures are logged with the reason");
    });
  }

  test("the native API: signup through the passkey grant fails with 503 temporarily_unavailable, logged, nothing written", async () => {
    store.misbehave("create", { status: 500 });
    const users = await db().user.count();
    const started = await call(h, {
      path: "/passkey/register",
      body: { client_id: nativeClientId, realm: connection.name, user_profile: { email: newEmail() } },
    });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const { auth_session, authn_params_public_key } = started.json as unknown as { auth_session: string; authn_params_public_key: never };
    const answer = await tokenRequest(h, {
      grant_type: WEBAUTHN_GRANT,
      client_id: nativeClientId,
      auth_session,
      authn_response: JSON.stringify(new SoftAuthenticator().register(authn_params_public_key, { origin: h.origin })),
    });
    assert.equal(answer.status, 503, JSON.stringify(answer.json));
    assert.equal(answer.json.error, "temporarily_unavailable");
    assert.equal(await db().user.count(), users);

    store.misbehave("get_user", { status: 503 });
    const refused = await call(h, {
      path: "/passkey/register",
      body: { client_id: nativeClientId, realm: connection.name, user_profile: { email: newEmail() } },
    });
    assert.deepEqual([refused.status, refused.json.error], [503, "temporarily_unavailable"]);
  });
});
