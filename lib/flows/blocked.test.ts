// Users as the Management API writes them (POST /api/v2/users, PATCH /api/v2/users/{id}), and
// `blocked`: a blocked user cannot sign in by any path, and the provider no longer knows their
// account (so their codes, refresh tokens and userinfo stop working).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { KoaContextWithOIDC } from "oidc-provider";
import { db } from "../db";
import { findAccount } from "../oidc/account";
import { call, managementToken, verdict } from "../testing/api";
import { unsetEnv } from "../testing/env";
import { startHarness, type Harness } from "../testing/harness";
import { journeyHelpers, request } from "../testing/journeys";
import { finishPasskeyLogin, loginWithPassword, passkeyLoginOptions, submitLoginIdentifier } from "./login";

let h: Harness;
let token: string;
const { newEmail, newTransaction, reload, redirectOf, passkeySignup } = journeyHelpers(() => h);
const PASSWORD = "correct horse battery";

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = "mgmt-users";
  process.env.MANAGEMENT_CLIENT_SECRET = "u".repeat(40);
  h = await startHarness();
  token = await managementToken(h);
});
after(async () => {
  await h.close();
  unsetEnv("MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET");
});

const connectionName = async () => (await db().connection.findFirstOrThrow({ where: { isDefault: true } })).name;

async function passwordLogin(email: string, password = PASSWORD) {
  const { txn } = await newTransaction();
  redirectOf(await submitLoginIdentifier(txn, email));
  return loginWithPassword(await reload(txn), { password }, request);
}

describe("POST /api/v2/users", () => {
  test("creates a database user with a profile, who can sign in with the password", async () => {
    const email = newEmail();
    const created = await call(h, {
      path: "/api/v2/users",
      token,
      body: {
        connection: await connectionName(),
        email,
        password: PASSWORD,
        name: "Ada Lovelace",
        given_name: "Ada",
        user_metadata: { theme: "dark" },
        app_metadata: { plan: "pro" },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.deepEqual(
      [created.json.email, created.json.name, created.json.given_name, created.json.user_metadata, created.json.app_metadata, created.json.blocked],
      [email, "Ada Lovelace", "Ada", { theme: "dark" }, { plan: "pro" }, false],
    );
    assert.ok(!JSON.stringify(created.json).includes(PASSWORD), "the password is never shown");
    assert.equal((await passwordLogin(email)).ok, true);
    const account = await findAccount({} as KoaContextWithOIDC, String(created.json.user_id));
    assert.deepEqual(await account?.claims("id_token", "openid profile", {}, []), {
      sub: created.json.user_id,
      email,
      email_verified: false,
      updated_at: Math.floor(new Date(String(created.json.updated_at)).getTime() / 1000),
      name: "Ada Lovelace",
      given_name: "Ada",
    });
  });

  test("bad input is a 400 or 409 that names the problem, and writes nothing", async () => {
    const connection = await connectionName();
    const email = newEmail();
    const before = await db().user.count();
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ connection, email, password: "short" }, 400, "invalid_body", /password: at least/],
      [{ connection: "no-such-connection", email, password: PASSWORD }, 400, "invalid_body", /connection/],
      [{ connection, email: "not an email", password: PASSWORD }, 400, "invalid_body", /email/],
      [{ connection, email, password: PASSWORD, picture: "http://insecure.example/p.png" }, 400, "invalid_body", /picture/],
      [{ connection, email, password: PASSWORD, user_metadata: "dark" }, 400, "invalid_body", /user_metadata/],
      [{ connection, email, password: PASSWORD, user_metadata: { big: "x".repeat(20_000) } }, 413, "payload_too_large", /./],
      [{ connection, email, password: PASSWORD, blocked: "yes" }, 400, "invalid_body", /blocked/],
      [{ connection, email, password: PASSWORD, role: "admin" }, 400, "invalid_body", /role/],
      [{ connection, email }, 400, "invalid_body", /password/],
    ];
    for (const [body, status, code, message] of cases) {
      const answer = await call(h, { path: "/api/v2/users", token, body });
      assert.deepEqual(verdict(answer), [status, code], JSON.stringify(body).slice(0, 80));
      assert.match(String(answer.json.message), message);
    }
    assert.equal(await db().user.count(), before, "no user written");
    assert.equal((await call(h, { path: "/api/v2/users", token, body: { connection, email, password: PASSWORD } })).status, 201);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/users", token, body: { connection, email, password: PASSWORD } })), [409, "conflict"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/users", body: { connection, email: newEmail(), password: PASSWORD } })), [401, "unauthorized"]);
  });
});

describe("PATCH /api/v2/users/{id}", () => {
  test("changes and clears profile fields, the password and the email", async () => {
    const connection = await connectionName();
    const email = newEmail();
    const { json: user } = await call(h, { path: "/api/v2/users", token, body: { connection, email, password: PASSWORD, nickname: "ada" } });
    const path = `/api/v2/users/${encodeURIComponent(String(user.user_id))}`;
    const patched = await call(h, {
      path,
      method: "PATCH",
      token,
      body: { nickname: null, family_name: "Lovelace", email_verified: true, password: "a new long password" },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.json));
    assert.deepEqual([patched.json.nickname, patched.json.family_name, patched.json.email_verified], [undefined, "Lovelace", true]);
    assert.equal((await passwordLogin(email)).ok, false, "the old password no longer works");
    assert.equal((await passwordLogin(email, "a new long password")).ok, true);
    const moved = newEmail();
    const renamed = await call(h, { path, method: "PATCH", token, body: { email: moved } });
    assert.deepEqual([renamed.json.email, renamed.json.email_verified], [moved, false], "a new email is unverified unless said otherwise");
    assert.deepEqual(verdict(await call(h, { path, method: "PATCH", token, body: { password: "short" } })), [400, "invalid_body"]);
    assert.deepEqual(verdict(await call(h, { path, method: "PATCH", token, body: { user_id: "other" } })), [400, "invalid_body"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/users/nobody", method: "PATCH", token, body: { name: "x" } })), [404, "not_found"]);
  });

  test("blocked: no password login, no passkey grant account, a log event; unblocked: back in", async () => {
    const email = newEmail();
    const { json: user } = await call(h, { path: "/api/v2/users", token, body: { connection: await connectionName(), email, password: PASSWORD } });
    const userId = String(user.user_id);
    const path = `/api/v2/users/${encodeURIComponent(userId)}`;
    assert.equal((await call(h, { path, method: "PATCH", token, body: { blocked: true } })).json.blocked, true);

    assert.deepEqual(await passwordLogin(email), { ok: false, error: "user_blocked" });
    const logged = await db().logEvent.findMany({ where: { type: "f", userId } });
    assert.deepEqual(
      logged.map((e) => e.description),
      ["user is blocked (password)"],
    );
    assert.equal(await findAccount({} as KoaContextWithOIDC, userId), undefined, "codes, refresh tokens and userinfo find no account");

    await call(h, { path, method: "PATCH", token, body: { blocked: false } });
    assert.equal((await passwordLogin(email)).ok, true);
    assert.ok(await findAccount({} as KoaContextWithOIDC, userId));
  });

  test("blocked: the passkey is verified, then refused with a translated error and an f event", async () => {
    const { email, authenticator } = await passkeySignup();
    const user = await db().user.findFirstOrThrow({ where: { email } });
    await call(h, { path: `/api/v2/users/${encodeURIComponent(user.id)}`, method: "PATCH", token, body: { blocked: true } });
    const { txn } = await newTransaction();
    const step = await reload(txn);
    const options = await passkeyLoginOptions(step, { forRememberedUser: false }, request);
    assert.ok(options.ok);
    const failures = await db().logEvent.count({ where: { type: "f", description: "user is blocked (passkey)" } });
    const response = authenticator.authenticate(options.options, { origin: h.origin });
    assert.deepEqual(await finishPasskeyLogin(step, response, { forRememberedUser: false }, request), { ok: false, error: "user_blocked" });
    assert.equal(await db().logEvent.count({ where: { type: "f", description: "user is blocked (passkey)" } }), failures + 1);
  });
});
