// The abuse limits (lib/limits.ts) through the real journeys: brute-force protection on
// passwords (per identifier + address, and per address), TOTP guessing across logins, signups
// and passkey challenges per address, client-credentials tokens per address, and the
// Management API's /user-blocks. Each test uses addresses of its own: the limits count by address.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { generate } from "otplib";
import { db } from "../db";
import { LimitReachedError } from "../limits";
import { managementAudience } from "../management/scopes";
import { enrollTotp, newTotpSecret } from "../mfa/totp";
import { call, managementToken } from "../testing/api";
import { unsetEnv } from "../testing/env";
import { startHarness, type Harness } from "../testing/harness";
import { journeyHelpers, request } from "../testing/journeys";
import { createUserWithPassword } from "../users/store";
import { loginWithPassword, passkeyLoginOptions, submitLoginIdentifier } from "./login";
import { verifyMfaCode } from "./mfa";
import { signupWithPassword, submitSignupIdentity } from "./signup";

let h: Harness;
let token: string;
const { newEmail, newTransaction, reload, redirectOf } = journeyHelpers(() => h);
const PASSWORD = "correct horse battery";
const LIMITS = { SIGNUP_RATE_LIMIT: "3", PASSKEY_API_RATE_LIMIT: "3", MANAGEMENT_TOKEN_RATE_LIMIT: "3", LOGIN_IP_FAILURE_LIMIT: "20" };

before(async () => {
  Object.assign(process.env, LIMITS);
  process.env.MANAGEMENT_CLIENT_ID = "mgmt-limits";
  process.env.MANAGEMENT_CLIENT_SECRET = "l".repeat(40);
  h = await startHarness();
  token = await managementToken(h); // one of the three client-credentials requests of 127.0.0.1's minute
});
after(async () => {
  await h.close();
  unsetEnv(...Object.keys(LIMITS), "MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET");
});

const from = (ip: string) => ({ ...request, ip });

async function passwordUser() {
  const email = newEmail();
  const connection = await db().connection.findFirstOrThrow();
  const user = await createUserWithPassword({ connectionId: connection.id, email, password: PASSWORD });
  return { email, user };
}

/** A login transaction past the email step, for `email`. */
async function atPassword(email: string) {
  const { txn } = await newTransaction();
  redirectOf(await submitLoginIdentifier(txn, email));
  return reload(txn);
}

const tryPassword = async (email: string, password: string, ip: string) => loginWithPassword(await atPassword(email), { password }, from(ip));
const events = (type: string, ip: string) => db().logEvent.findMany({ where: { type, ip }, orderBy: { date: "asc" } });

describe("brute-force protection on passwords", () => {
  test("ten wrong passwords for one email from one address block that pair (limit_wc); the right one is refused until an operator lifts it", async () => {
    const { email, user } = await passwordUser();
    const ip = "198.51.100.10";
    for (let i = 0; i < 9; i++) assert.deepEqual(await tryPassword(email, "wrong password", ip), { ok: false, error: "wrong_credentials" });
    assert.deepEqual(await tryPassword(email, "wrong password", ip), { ok: false, error: "account_blocked" });
    assert.deepEqual(await tryPassword(email, PASSWORD, ip), { ok: false, error: "account_blocked" });
    const blocked = await events("limit_wc", ip);
    assert.equal(blocked.length, 2, "the block as it starts, and the refused right password");
    assert.equal((blocked[0].details as { limit: string }).limit, "passwordFailuresPerAccount");
    assert.equal(blocked[0].connection, "Username-Password-Authentication");

    // Another address is not blocked for this email.
    assert.ok((await tryPassword(email, PASSWORD, "198.51.100.11")).ok);

    // The Management API lists the block by user id and by identifier, and lifts it.
    const byId = await call(h, { path: `/api/v2/user-blocks/${encodeURIComponent(user.id)}`, token });
    assert.equal(byId.status, 200);
    assert.deepEqual(byId.json, { blocked_for: [{ identifier: email, ip, connection: "Username-Password-Authentication" }] });
    const byIdentifier = await call(h, { path: `/api/v2/user-blocks?identifier=${encodeURIComponent(email)}`, token });
    assert.deepEqual(byIdentifier.json, byId.json);
    assert.equal((await call(h, { path: `/api/v2/user-blocks/${encodeURIComponent(user.id)}`, method: "DELETE", token })).status, 204);
    assert.deepEqual((await call(h, { path: `/api/v2/user-blocks/${encodeURIComponent(user.id)}`, token })).json, { blocked_for: [] });
    assert.ok((await tryPassword(email, PASSWORD, ip)).ok, "lifted: the right password works again");
  });

  test("an email with no account is blocked the same way: a block reveals nothing", async () => {
    const email = newEmail();
    const ip = "198.51.100.20";
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await tryPassword(email, "guess", ip));
    assert.deepEqual(
      results.map((r) => !r.ok && r.error),
      [...new Array<string>(9).fill("wrong_credentials"), "account_blocked", "account_blocked"],
    );
    const listed = await call(h, { path: `/api/v2/user-blocks?identifier=${encodeURIComponent(email)}`, token });
    assert.equal((listed.json.blocked_for as unknown[]).length, 1);
    assert.equal((await call(h, { path: `/api/v2/user-blocks?identifier=${encodeURIComponent(email)}`, method: "DELETE", token })).status, 204);
    assert.deepEqual(await tryPassword(email, "guess", ip), { ok: false, error: "wrong_credentials" });
  });

  test("a right password forgives the failures before it (the limit counts consecutive failures)", async () => {
    const { email } = await passwordUser();
    const ip = "198.51.100.30";
    for (let i = 0; i < 9; i++) await tryPassword(email, "wrong password", ip);
    assert.ok((await tryPassword(email, PASSWORD, ip)).ok);
    for (let i = 0; i < 9; i++) assert.deepEqual(await tryPassword(email, "wrong password", ip), { ok: false, error: "wrong_credentials" });
  });

  test("many failures from one address across emails block the address (limit_mu), for known and unknown emails alike", async () => {
    const ip = "198.51.100.40";
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await tryPassword(newEmail(), "guess", ip));
    assert.deepEqual(results.at(-1), { ok: false, error: "ip_blocked" });
    assert.ok(results.slice(0, 19).every((r) => !r.ok && r.error === "wrong_credentials"));
    const { email } = await passwordUser();
    assert.deepEqual(await tryPassword(email, PASSWORD, ip), { ok: false, error: "ip_blocked" });
    assert.equal((await events("limit_mu", ip)).length, 2);
    assert.ok((await tryPassword(email, PASSWORD, "198.51.100.41")).ok, "another address is not blocked");
  });

  test("the user-blocks endpoints check their input and scopes", async () => {
    assert.equal((await call(h, { path: "/api/v2/user-blocks/no-such-user", token })).status, 404);
    // Any identifier a login field takes (an email, a username, a phone number), within bounds.
    assert.equal((await call(h, { path: "/api/v2/user-blocks?identifier=a-username", token })).status, 200);
    assert.equal((await call(h, { path: `/api/v2/user-blocks?identifier=${"x".repeat(300)}`, token })).status, 400);
    assert.equal((await call(h, { path: "/api/v2/user-blocks?identifier=", token })).status, 400);
    assert.equal((await call(h, { path: "/api/v2/user-blocks", token })).status, 400);
    assert.equal((await call(h, { path: "/api/v2/user-blocks/x%E0%A4%A", token })).status, 400);
    assert.equal((await call(h, { path: "/api/v2/user-blocks?identifier=a@b.example" })).status, 401);
  });
});

describe("TOTP guessing across logins", () => {
  test("ten wrong codes in 15 minutes lock the factor (gd_otp_rate_limit_exceed), whatever the login; the right code is refused", async () => {
    const { email, user } = await passwordUser();
    const secret = newTotpSecret();
    assert.equal(await enrollTotp(user.id, secret, await generate({ secret }), []), "ok");
    const ip = "198.51.100.50";
    const outcomes = [];
    // Five per login (the per-login limit), so three logins are needed for ten.
    for (let login = 0; login < 3 && outcomes.length < 10; login++) {
      const txn = await atPassword(email);
      redirectOf(await loginWithPassword(txn, { password: PASSWORD }, from(ip)));
      for (let i = 0; i < 4 && outcomes.length < 10; i++) outcomes.push(await verifyMfaCode(await reload(txn), "000000", from(ip), {}));
    }
    assert.deepEqual(outcomes.at(-1), { ok: false, error: "mfa_locked" });
    assert.ok(outcomes.slice(0, 9).every((r) => !r.ok && r.error === "invalid_code"));

    const txn = await atPassword(email);
    redirectOf(await loginWithPassword(txn, { password: PASSWORD }, from(ip)));
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    assert.deepEqual(await verifyMfaCode(await reload(txn), code, from(ip), {}), { ok: false, error: "mfa_locked" });
    const locked = await db().logEvent.findMany({ where: { type: "gd_otp_rate_limit_exceed", userId: user.id } });
    assert.equal(locked.length, 2);
  });
});

describe("rates per address", () => {
  test("the fourth signup in a minute from one address is refused and creates nothing; another address may sign up", async () => {
    const ip = "198.51.100.60";
    const signup = async (address: string) => {
      const { txn } = await newTransaction({ screen_hint: "signup" });
      redirectOf(await submitSignupIdentity(txn, { email: newEmail() }));
      return signupWithPassword(await reload(txn), { password: PASSWORD }, from(address));
    };
    for (let i = 0; i < 3; i++) assert.ok((await signup(ip)).ok);
    const users = await db().user.count();
    await assert.rejects(signup(ip), (error) => error instanceof LimitReachedError && error.limit === "signupsPerIp");
    assert.equal(await db().user.count(), users, "no user written");
    assert.ok((await signup("198.51.100.61")).ok);
  });

  test("passkey challenges on the pages count per address like the API's", async () => {
    const ip = "198.51.100.70";
    const ask = async () => passkeyLoginOptions((await newTransaction()).txn, { forRememberedUser: false }, from(ip));
    for (let i = 0; i < 3; i++) assert.ok((await ask()).ok);
    const stored = await db().webAuthnChallenge.count();
    await assert.rejects(ask(), (error) => error instanceof LimitReachedError && error.limit === "passkeyChallengesPerIp");
    assert.equal(await db().webAuthnChallenge.count(), stored, "no challenge stored when refused");
  });

  test("client-credentials token requests: 429 with Retry-After past the limit, logged as api_limit", async () => {
    const ask = (ip: string) =>
      fetch(new URL("/oauth/token", h.origin), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          audience: managementAudience(),
          client_id: "mgmt-limits",
          client_secret: "wrong".repeat(8),
        }),
      });
    for (let i = 0; i < 3; i++) assert.equal((await ask("198.51.100.80")).status, 401);
    const refused = await ask("198.51.100.80");
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get("retry-after")) > 0);
    assert.deepEqual(await refused.json(), { error: "too_many_requests", error_description: "Too many token requests from this address; try again later" });
    assert.equal((await events("api_limit", "198.51.100.80")).length, 1);
    assert.equal((await ask("198.51.100.81")).status, 401, "another address is not limited");
  });
});
