// Email verification (lib/flows/verify-email.ts) with real transactions and a real SMTP server:
// the code a connection asks for before any session, its limits, the link every other signup
// gets, and email_verified in the tokens.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { DEMO_CLIENT_ID } from "../../prisma/seed-constants";
import { db } from "../db";
import { mailSettled } from "../mail/mailer";
import { createConnection, updateConnection } from "../management/connections";
import { call } from "../testing/api";
import { startHarness, type Harness } from "../testing/harness";
import { journeyHelpers, request } from "../testing/journeys";
import { startSmtp, type TestSmtp } from "../testing/smtp";
import { SoftAuthenticator } from "../testing/soft-authenticator";
import { MAX_CODE_ATTEMPTS } from "../users/email-tickets";
import { loginWithPassword, submitLoginIdentifier } from "./login";
import { signupWithPassword, submitSignupIdentity } from "./signup";
import { confirmEmailLink, resendEmailCode, verifyEmailCode } from "./verify-email";

let h: Harness;
let smtp: TestSmtp;
const { newEmail, newTransaction, reload, redirectOf, completeAtApplication, passkeySignup } = journeyHelpers(() => h);

before(async () => {
  smtp = await startSmtp();
  h = await startHarness({ smtpUrl: smtp.url });
});
after(async () => {
  await h.close();
  await smtp.close();
});

const PASSWORD = "correct horse battery";
const VERIFY_FIRST = { attributes: { email: { identifier: { active: true }, signup: { status: "required", verification: { active: true } } } } } as const;
const logCount = (type: string, userId: string) => db().logEvent.count({ where: { type, userId } });

async function mailTo(email: string) {
  await mailSettled();
  return smtp.mailTo(email);
}
const codeIn = (text: string) => /\b\d{6}\b/.exec(text)![0];

/** A password signup on `connection`, up to its first redirect after the password. */
async function signUp(connection: string, email = newEmail()) {
  const { browser, start, txn } = await newTransaction({ screen_hint: "signup", connection });
  redirectOf(await submitSignupIdentity(txn, { email }));
  const next = redirectOf(await signupWithPassword(await reload(txn), { password: PASSWORD }, request));
  const user = await db().user.findFirstOrThrow({ where: { email } });
  return { browser, start, txn, next, email, user };
}

describe("a connection that verifies emails before the first session", () => {
  let connection: string;
  before(async () => {
    connection = `verify-first-${randomUUID().slice(0, 8)}`;
    const created = await createConnection({ name: connection, strategy: "auth0", options: VERIFY_FIRST });
    assert.deepEqual(created.options.attributes.email.signup, { status: "required", verification: { active: true } });
  });

  test("signup waits for the mailed code; wrong and malformed codes are refused and logged; then email_verified is true", async () => {
    const { browser, start, txn, next, email, user } = await signUp(connection);
    assert.equal(next, `/u/email-verification?state=${txn.id}`);
    const mail = await mailTo(email);
    assert.equal(mail.subject, "Your Passkey Universal Login code");
    const code = codeIn(mail.text);
    assert.match(mail.html, new RegExp(`>${code}<`));
    const wrong = code === "000000" ? "111111" : "000000";
    for (const typed of [wrong, "12345", "abcdef", { code }, "1".repeat(100)]) {
      assert.deepEqual(await verifyEmailCode(await reload(txn), typed, request, {}), { ok: false, error: "invalid_email_code" }, JSON.stringify(typed));
    }
    assert.equal(await logCount("fv", user.id), 1, "only a well-formed wrong code costs a try");
    // Typed with a space, as people copy it.
    const resume = redirectOf(await verifyEmailCode(await reload(txn), `${code.slice(0, 3)} ${code.slice(3)}`, request, {}));
    const idToken = await completeAtApplication(browser, start, resume);
    assert.equal(idToken.email_verified, true);
    assert.equal(await logCount("sv", user.id), 1);
    assert.equal(await db().emailTicket.count({ where: { userId: user.id, purpose: "verify_code", usedAt: { not: null } } }), 1, "used up");
  });

  test(`${MAX_CODE_ATTEMPTS} wrong codes spend it (parallel guesses too); a new code works; a code is good only in its login, and the newest replaces the others`, async () => {
    const { txn, email } = await signUp(connection);
    const code = codeIn((await mailTo(email)).text);
    const wrong = code === "000000" ? "111111" : "000000";
    const results = await Promise.all(Array.from({ length: MAX_CODE_ATTEMPTS + 3 }, async () => verifyEmailCode(await reload(txn), wrong, request, {})));
    assert.equal(results.filter((r) => !r.ok && r.error === "code_expired").length, 3);
    assert.deepEqual(await verifyEmailCode(await reload(txn), code, request, {}), { ok: false, error: "code_expired" });
    assert.equal(redirectOf(await resendEmailCode(await reload(txn), request, {})), `/u/email-verification?state=${txn.id}&resent=1`);
    const fresh = codeIn((await mailTo(email)).text);
    // Another login of the same user gets its own code, which replaces this one; neither works in the other's login.
    const other = await newTransaction({ connection });
    redirectOf(await submitLoginIdentifier(other.txn, email));
    assert.equal(redirectOf(await loginWithPassword(await reload(other.txn), { password: PASSWORD }, request)), `/u/email-verification?state=${other.txn.id}`);
    const otherCode = codeIn((await mailTo(email)).text);
    assert.deepEqual(await verifyEmailCode(await reload(other.txn), fresh, request, {}), { ok: false, error: "invalid_email_code" });
    assert.deepEqual(await verifyEmailCode(await reload(txn), otherCode, request, {}), { ok: false, error: "code_expired" });
    redirectOf(await verifyEmailCode(await reload(other.txn), otherCode, request, {}));
  });

  test("a passkey signup waits for the code too", async () => {
    const email = newEmail();
    const { txn, result } = await passkeySignup(new SoftAuthenticator(), email, { connection });
    assert.equal(redirectOf(result), `/u/email-verification?state=${txn.id}`);
    redirectOf(await verifyEmailCode(await reload(txn), codeIn((await mailTo(email)).text), request, {}));
  });

  test("turned on later: an unverified user gets the code at the next login", async () => {
    const name = `verify-later-${randomUUID().slice(0, 8)}`;
    const created = await createConnection({ name, strategy: "auth0" });
    const { next, email } = await signUp(name);
    assert.ok(next.includes("/authorize/"), next);
    await updateConnection(created.id, { options: VERIFY_FIRST });
    const { txn } = await newTransaction({ connection: name });
    redirectOf(await submitLoginIdentifier(txn, email));
    assert.equal(redirectOf(await loginWithPassword(await reload(txn), { password: PASSWORD }, request)), `/u/email-verification?state=${txn.id}`);
  });
});

describe("every other signup", () => {
  test("goes straight to the application unverified, and gets a link that verifies once", async () => {
    const { browser, start, txn, next, email, user } = await signUp("Username-Password-Authentication");
    assert.equal(next, `${h.origin}/authorize/${start.uid}`);
    assert.equal((await completeAtApplication(browser, start, next)).email_verified, false);
    assert.equal(txn.connection.attributes.email.verifyBeforeLogin, false);
    const mail = await mailTo(email);
    assert.equal(mail.subject, "Confirm your email address for Passkey Universal Login");
    const link = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
    assert.equal(`${link.origin}${link.pathname}`, `${h.origin}/u/verify-email`);
    const token = link.searchParams.get("ticket");
    assert.equal(redirectOf(await confirmEmailLink(token, request)), "/u/verify-email?done=1");
    assert.equal((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified, true);
    assert.deepEqual(await confirmEmailLink(token, request), { ok: false, error: "link_invalid" });
    for (const junk of [undefined, "", "x".repeat(43), { token }])
      assert.deepEqual(await confirmEmailLink(junk, request), { ok: false, error: "link_invalid" });
    assert.equal(await logCount("sv", user.id), 1);
    // The next login's tokens say so.
    const again = await newTransaction();
    redirectOf(await submitLoginIdentifier(again.txn, email));
    const offered = redirectOf(await loginWithPassword(await reload(again.txn), { password: PASSWORD }, request));
    assert.equal(offered, `/u/passkey-enrollment?state=${again.txn.id}`);
  });

  test("POST /dbconnections/signup sends the link too", async () => {
    const email = newEmail();
    const answer = await call(h, {
      path: "/dbconnections/signup",
      body: { client_id: DEMO_CLIENT_ID, connection: "Username-Password-Authentication", email, password: PASSWORD },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.email_verified, false);
    assert.equal((await mailTo(email)).subject, "Confirm your email address for Passkey Universal Login");
  });
});
