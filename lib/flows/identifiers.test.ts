// Flexible identifiers end to end: a connection with usernames and phone numbers, set up through
// the Management API, then signup and login on the hosted steps, the native passkey API, the
// Management API's users, and a custom database asked by username.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { db } from "../db";
import { WEBAUTHN_GRANT } from "../oidc/constants";
import { clientCreateSchema, createClient } from "../management/clients";
import { call, managementToken, verdict } from "../testing/api";
import { startHarness, tokenRequest, type Harness } from "../testing/harness";
import { journeyHelpers, request } from "../testing/journeys";
import { SoftAuthenticator } from "../testing/soft-authenticator";
import { startUserStore, type UserStore } from "../testing/user-store";
import { finishPasskeyLogin, loginWithPassword, passkeyLoginOptions, submitLoginIdentifier } from "./login";
import { finishPasskeySignup, passkeySignupOptions, signupWithPassword, submitSignupIdentity } from "./signup";

let h: Harness;
let token: string;
let store: UserStore;
let nativeClientId: string;
const PASSWORD = "correct horse battery";
const { newTransaction, reload, redirectOf, completeAtApplication } = journeyHelpers(() => h);
const unique = () => randomUUID().replace(/-/g, "").slice(0, 10);

/** A connection made through the Management API, as an operator would. */
async function newConnection(options: Record<string, unknown>): Promise<string> {
  const name = `ids-${unique()}`;
  const created = await call(h, { path: "/api/v2/connections", token, body: { name, strategy: "auth0", options } });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return name;
}

const USERNAMES = {
  attributes: {
    email: { identifier: { active: true }, signup: { status: "required" } },
    username: { identifier: { active: true }, signup: { status: "required" }, validation: { min_length: 3, max_length: 20 } },
    phone_number: { identifier: { active: true }, signup: { status: "optional" } },
  },
  passkey_options: { progressive_enrollment_enabled: false },
};
const USERNAME_ONLY = {
  attributes: { username: { identifier: { active: true }, signup: { status: "required" } } },
  passkey_options: { progressive_enrollment_enabled: false },
};

let withUsernames: string;
let usernameOnly: string;

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = "ids-bootstrap";
  process.env.MANAGEMENT_CLIENT_SECRET = "i".repeat(40);
  h = await startHarness();
  token = await managementToken(h);
  store = await startUserStore({ secret: "store-secret-0123456789" });
  withUsernames = await newConnection(USERNAMES);
  usernameOnly = await newConnection(USERNAME_ONLY);
  nativeClientId = (await createClient(clientCreateSchema.parse({ name: "Native ids", app_type: "native", grant_types: [WEBAUTHN_GRANT] }))).client_id;
});
after(async () => {
  delete process.env.MANAGEMENT_CLIENT_ID;
  delete process.env.MANAGEMENT_CLIENT_SECRET;
  await store.close();
  await h.close();
});

describe("connection attributes (Management API)", () => {
  test("are shown in Auth0's shape; a set nobody could log in with is refused, saying why", async () => {
    const shown = await call(h, { path: `/api/v2/connections?name=${withUsernames}`, token });
    const [connection] = shown.json as unknown as { options: { attributes: unknown } }[];
    assert.deepEqual(connection.options.attributes, {
      email: { identifier: { active: true }, signup: { status: "required", verification: { active: false } } },
      username: { identifier: { active: true }, signup: { status: "required" }, validation: { min_length: 3, max_length: 20 } },
      phone_number: { identifier: { active: true }, signup: { status: "optional" } },
    });
    const before = await db().connection.count();
    const refusals: [unknown, RegExp][] = [
      [{ username: { identifier: { active: true }, signup: { status: "optional" } } }, /at least one identifier must be required/],
      [{ email: { identifier: { active: true }, signup: { status: "inactive" } } }, /email: an identifier users log in with must be asked at signup/],
      [{ email: { identifier: { active: true } }, username: { validation: { min_length: 9, max_length: 4 } } }, /min_length is above max_length/],
      [{ email: { identifier: { active: "yes" } } }, /active/],
      [{ fax: {} }, /fax/],
      [{ email: { identifier: { active: true }, signup: { status: "required", verification: { active: "yes" } } } }, /active/],
      [{ username: { identifier: { active: true }, signup: { status: "required", verification: { active: true } } } }, /verification/],
    ];
    for (const [attributes, message] of refusals) {
      const answer = await call(h, { path: "/api/v2/connections", token, body: { name: `bad-${unique()}`, strategy: "auth0", options: { attributes } } });
      assert.deepEqual(verdict(answer), [400, "invalid_body"], JSON.stringify(attributes));
      assert.match(String(answer.json.message), message);
    }
    assert.equal(await db().connection.count(), before, "nothing half-written");
  });
});

describe("hosted signup and login", () => {
  test("signup asks email and username (phone optional); login takes any of them, in any case", async () => {
    const username = `Ada_${unique()}`;
    const email = `${username.toLowerCase()}@example.test`;
    const signup = await newTransaction({ connection: withUsernames, screen_hint: "signup", scope: "openid email profile phone" });
    assert.equal(
      redirectOf(await submitSignupIdentity(signup.txn, { email, username, phone_number: "" }, request)),
      `/u/signup/passkey?state=${signup.txn.id}`,
    );
    const step = await reload(signup.txn);
    assert.deepEqual(step.identity, { email, username: username.toLowerCase() });
    const claims = await completeAtApplication(signup.browser, signup.start, redirectOf(await signupWithPassword(step, { password: PASSWORD }, request)));
    assert.deepEqual([claims.email, claims.preferred_username, claims.phone_number], [email, username.toLowerCase(), undefined]);

    for (const typed of [username.toUpperCase(), ` ${email} `]) {
      const login = await newTransaction({ connection: withUsernames });
      assert.equal(redirectOf(await submitLoginIdentifier(login.txn, typed, request)), `/u/login/password?state=${login.txn.id}`);
      assert.equal((await loginWithPassword(await reload(login.txn), { password: "wrong password" }, request)).ok, false);
      const result = await loginWithPassword(await reload(login.txn), { password: PASSWORD }, request);
      assert.equal((await completeAtApplication(login.browser, login.start, redirectOf(result))).email, email, typed);
    }
  });

  test("a taken username or phone number is said so; nothing is written", async () => {
    const username = `grace_${unique()}`;
    const phone = `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const first = await newTransaction({ connection: withUsernames, screen_hint: "signup" });
    redirectOf(await submitSignupIdentity(first.txn, { email: `${username}@example.test`, username, phone_number: phone }, request));
    assert.ok((await signupWithPassword(await reload(first.txn), { password: PASSWORD }, request)).ok);
    const users = await db().user.count();

    const again = await newTransaction({ connection: withUsernames, screen_hint: "signup" });
    const taken = (identity: Record<string, string>) => submitSignupIdentity(again.txn, identity, request);
    assert.deepEqual(await taken({ email: `other-${unique()}@example.test`, username: username.toUpperCase() }), { ok: false, error: "username_taken" });
    assert.deepEqual(await taken({ email: `other-${unique()}@example.test`, username: `x${unique()}`, phone_number: phone }), {
      ok: false,
      error: "phone_number_taken",
    });
    // The email has an account: to login, as before flexible identifiers.
    assert.equal(redirectOf(await taken({ email: `${username}@example.test`, username: `x${unique()}` })), `/u/login?state=${again.txn.id}&exists=1`);
    assert.equal(await db().user.count(), users);

    // And the phone number logs in, typed any way libphonenumber-js reads it.
    const login = await newTransaction({ connection: withUsernames });
    const spaced = `${phone.slice(0, 2)} (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    assert.equal(redirectOf(await submitLoginIdentifier(login.txn, spaced, request)), `/u/login/password?state=${login.txn.id}`);
    assert.deepEqual((await reload(login.txn)).identifier, { type: "phone_number", value: phone });
    assert.ok((await loginWithPassword(await reload(login.txn), { password: PASSWORD }, request)).ok);
  });

  test("bad identifiers get the message for what they look like, and nothing is remembered", async () => {
    const { txn } = await newTransaction({ connection: withUsernames, screen_hint: "signup" });
    const cases: [unknown, string][] = [
      ["ad", "invalid_username"],
      ["+33 1", "invalid_phone_number"],
      ["ada@", "invalid_email"],
      ["12345", "invalid_username"],
    ];
    for (const [typed, error] of cases) assert.deepEqual(await submitLoginIdentifier(txn, typed, request), { ok: false, error }, String(typed));
    assert.deepEqual(await submitSignupIdentity(txn, { email: `${unique()}@example.test` }, request), { ok: false, error: "invalid_username" });
    assert.deepEqual(await submitSignupIdentity(txn, { email: `${unique()}@example.test`, username: "no spaces please" }, request), {
      ok: false,
      error: "invalid_username",
    });
    assert.deepEqual(await submitSignupIdentity(txn, "just a string", request), { ok: false, error: "invalid_request" });
    assert.deepEqual((await reload(txn)).identity, {});
    // The default connection is email only: a username is refused at signup.
    const plain = await newTransaction({ screen_hint: "signup" });
    assert.deepEqual(await submitSignupIdentity(plain.txn, { email: `${unique()}@example.test`, username: "ada" }, request), {
      ok: false,
      error: "invalid_username",
    });
  });

  test("a username-only account signs up with a passkey and logs in with it: no email anywhere", async () => {
    const username = `hopper${unique().slice(0, 8)}`;
    const authenticator = new SoftAuthenticator();
    const signup = await newTransaction({ connection: usernameOnly, screen_hint: "signup", scope: "openid email profile" });
    redirectOf(await submitSignupIdentity(signup.txn, { username }, request));
    const step = await reload(signup.txn);
    const options = await passkeySignupOptions(step, {}, request);
    assert.ok(options.ok, JSON.stringify(options));
    assert.equal(options.options.user.name, username, "the authenticator shows the username");
    const created = await finishPasskeySignup(step, JSON.stringify(authenticator.register(options.options, { origin: h.origin })), request);
    const claims = await completeAtApplication(signup.browser, signup.start, redirectOf(created));
    assert.deepEqual([claims.preferred_username, "email" in claims, "email_verified" in claims], [username, false, false]);
    const row = await db().user.findFirstOrThrow({ where: { username } });
    assert.equal(row.email, null);

    const login = await newTransaction({ connection: usernameOnly });
    assert.equal(redirectOf(await submitLoginIdentifier(login.txn, username, request)), `/u/login/passkey?state=${login.txn.id}`);
    const remembered = await reload(login.txn);
    const request2 = await passkeyLoginOptions(remembered, { forRememberedUser: true }, request);
    assert.ok(request2.ok);
    const result = await finishPasskeyLogin(
      remembered,
      JSON.stringify(authenticator.authenticate(request2.options, { origin: h.origin })),
      { forRememberedUser: true },
      request,
    );
    assert.equal((await completeAtApplication(login.browser, login.start, redirectOf(result))).sub, row.id);
  });
});

describe("the native passkey API", () => {
  const register = (realm: string, user_profile: Record<string, unknown>) =>
    call(h, { path: "/passkey/register", body: { client_id: nativeClientId, realm, user_profile } });

  test("user_profile follows the connection: a username-only signup works, a refused identifier says why", async () => {
    const username = `native${unique().slice(0, 8)}`;
    const started = await register(usernameOnly, { username, name: "Native User" });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const session = started.json as unknown as { auth_session: string; authn_params_public_key: { user: { name: string } } };
    assert.equal(session.authn_params_public_key.user.name, username);
    const created = await tokenRequest(h, {
      grant_type: WEBAUTHN_GRANT,
      client_id: nativeClientId,
      auth_session: session.auth_session,
      authn_response: JSON.stringify(new SoftAuthenticator().register(session.authn_params_public_key as never, { origin: h.origin })),
      scope: "openid profile",
    });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    assert.equal((await db().user.findFirstOrThrow({ where: { username } })).name, "Native User");

    const users = await db().user.count();
    const refusals: [string, Record<string, unknown>, RegExp][] = [
      [usernameOnly, { name: "No Identifier" }, /user_profile.username: required on connection/],
      [usernameOnly, { username, email: "a@example.test" }, /user_profile.email: connection .* does not use email/],
      [usernameOnly, { username: "x y" }, /user_profile.username: must be a username .* of 1 to 15 characters/],
      [
        withUsernames,
        { email: `${unique()}@example.test`, username: `n${unique()}`, phone_number: "0612345678" },
        /user_profile.phone_number: must be a phone number in E.164/,
      ],
      [
        "Username-Password-Authentication",
        { email: `${unique()}@example.test`, username: "ada" },
        /user_profile.username: connection .* does not use username/,
      ],
    ];
    for (const [realm, profile, message] of refusals) {
      const answer = await register(realm, profile);
      assert.deepEqual(verdict(answer), [400, "invalid_request"], JSON.stringify(profile));
      assert.match(String(answer.json.error_description), message);
    }
    assert.deepEqual(verdict(await register(usernameOnly, { username })), [400, "invalid_request"], "taken");
    assert.equal(await db().user.count(), users);
  });
});

describe("the Management API's users", () => {
  test("are created and changed with the identifiers their connection allows, and searched by them", async () => {
    const username = `mgmt${unique()}`;
    const created = await call(h, {
      path: "/api/v2/users",
      token,
      body: { connection: withUsernames, email: `${username}@example.test`, username: username.toUpperCase(), password: PASSWORD },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal(created.json.username, username);
    assert.equal("phone_number" in created.json, false);
    const id = String(created.json.user_id);

    const patched = await call(h, { path: `/api/v2/users/${id}`, method: "PATCH", token, body: { phone_number: "+33 6 12 34 56 78" } });
    assert.equal(patched.json.phone_number, "+33612345678");
    const found = await call(h, { path: `/api/v2/users?q=${encodeURIComponent(`username:"${username.toUpperCase()}"`)}`, token });
    assert.deepEqual(
      (found.json as unknown as { user_id: string }[]).map((u) => u.user_id),
      [id],
    );

    const users = await db().user.count();
    const refusals: [string, string, Record<string, unknown>, RegExp][] = [
      ["POST", "/api/v2/users", { connection: withUsernames, email: `${unique()}@example.test`, password: PASSWORD }, /username: required on this connection/],
      [
        "POST",
        "/api/v2/users",
        { connection: "Username-Password-Authentication", email: `${unique()}@example.test`, username: "ada", password: PASSWORD },
        /username: this connection does not use it/,
      ],
      ["POST", "/api/v2/users", { connection: usernameOnly, username: "12345", password: PASSWORD }, /username: 1 to 15 letters/],
      ["PATCH", `/api/v2/users/${id}`, { phone_number: "12345" }, /phone_number: must be in E.164/],
    ];
    for (const [method, path, body, message] of refusals) {
      const answer = await call(h, { path, method, token, body });
      assert.deepEqual(verdict(answer), [400, "invalid_body"], JSON.stringify(body));
      assert.match(String(answer.json.message), message);
    }
    const conflict = await call(h, {
      path: "/api/v2/users",
      token,
      body: { connection: withUsernames, email: `${unique()}@example.test`, username, password: PASSWORD },
    });
    assert.deepEqual(verdict(conflict), [409, "conflict"]);
    assert.equal(await db().user.count(), users);
  });
});

describe("a custom database with usernames", () => {
  test("Get User and Login are asked by username; Create gets the username", async () => {
    const name = await newConnection({
      ...USERNAME_ONLY,
      enabledDatabaseCustomization: true,
      import_mode: false,
      custom_store: { base_url: store.baseUrl, secret: "store-secret-0123456789" },
    });
    const username = `legacy${unique().slice(0, 8)}`;
    const signup = await newTransaction({ connection: name, screen_hint: "signup" });
    redirectOf(await submitSignupIdentity(signup.txn, { username }, request));
    assert.ok((await signupWithPassword(await reload(signup.txn), { password: PASSWORD }, request)).ok);
    const stored = [...store.users.values()].find((u) => u.username === username);
    assert.ok(stored, "the store created the user with the username");
    assert.equal(stored.email, undefined);

    store.calls.length = 0;
    const login = await newTransaction({ connection: name });
    redirectOf(await submitLoginIdentifier(login.txn, username.toUpperCase(), request));
    assert.ok((await loginWithPassword(await reload(login.txn), { password: PASSWORD }, request)).ok);
    assert.deepEqual(
      store.calls.map((c) => [c.path, c.body]),
      [
        [`/get_user/${username}?type=username`, undefined],
        ["/login", { identifier: username, type: "username", password: PASSWORD }],
      ],
    );
  });
});
