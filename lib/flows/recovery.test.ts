// Password recovery (lib/flows/recovery.ts) with real transactions and a real SMTP server: the
// mail a user gets, the link's rules (once, 15 minutes, this browser), what a new password ends,
// MFA after it, the same answer for unknown accounts, the limits, and POST /dbconnections/change_password.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { generate } from "otplib";
import { DEMO_CLIENT_ID } from "../../prisma/seed-constants";
import { db } from "../db";
import { LimitReachedError } from "../limits";
import { CHANGE_PASSWORD_SENT } from "../dbconnections";
import { mailSettled } from "../mail/mailer";
import { outboxShown } from "../mail/outbox";
import { enrollTotp, newTotpSecret } from "../mfa/totp";
import { loadTransaction } from "../oidc/transaction";
import { apiResponse, call, verdict } from "../testing/api";
import { startHarness, type Harness } from "../testing/harness";
import { journeyHelpers, request } from "../testing/journeys";
import { startSmtp, type TestSmtp } from "../testing/smtp";
import { declineEnrollment } from "./enrollment";
import { loginWithPassword, submitLoginIdentifier } from "./login";
import { openRecoveryLink, recoverWithPasskey, recoveryPasskeyOptions, requestRecovery, resetPassword } from "./recovery";
import { signupWithPassword, submitSignupIdentity } from "./signup";
import { createConnection } from "../management/connections";
import { createUser } from "../management/users";
import { SoftAuthenticator } from "../testing/soft-authenticator";

let h: Harness;
let smtp: TestSmtp;
const { newEmail, newTransaction, reload, redirectOf, completeAtApplication, passwordSignup, passkeySignup } = journeyHelpers(() => h);
const logCount = (type: string, userId: string) => db().logEvent.count({ where: { type, userId } });

before(async () => {
  smtp = await startSmtp();
  h = await startHarness({ smtpUrl: smtp.url });
});
after(async () => {
  await mailSettled();
  await h.close();
  await smtp.close();
});

const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a new and longer secret";

/** The transaction in the browser that started it, as the link's page loads it; `null` for any other browser. */
const thisBrowser = (id: string) => loadTransaction(id, () => true).catch(() => null);
const otherBrowser = () => Promise.resolve(null);

async function userWithPassword() {
  const email = newEmail();
  redirectOf((await passwordSignup(email, PASSWORD)).result);
  return { email, user: await db().user.findFirstOrThrow({ where: { email } }) };
}

/** A login that reached the password step for `email` and asked for a reset link; returns the link's ticket. */
async function askForLink(email: string, locale: "en" | "fr" = "en") {
  const { browser, start, txn } = await newTransaction();
  redirectOf(await submitLoginIdentifier(txn, email));
  assert.equal(redirectOf(await requestRecovery(await reload(txn), email, request, locale)), `/u/reset-password/sent?state=${txn.id}`);
  await mailSettled();
  const mail = await smtp.mailTo(email);
  const link = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
  return { browser, start, txn, mail, link, ticket: link.searchParams.get("ticket")! };
}

async function passwordWorks(email: string, password: string) {
  const { txn } = await newTransaction();
  redirectOf(await submitLoginIdentifier(txn, email));
  return (await loginWithPassword(await reload(txn), { password }, request)).ok;
}

describe("forgot password", () => {
  test("the mail is translated and branded; the link sets a new password once, ends old sessions and goes on to the application", async () => {
    const { email, user } = await userWithPassword();
    // A session from an earlier login: the new password must end it.
    const earlier = await newTransaction();
    redirectOf(await submitLoginIdentifier(earlier.txn, email));
    const offered = redirectOf(await loginWithPassword(await reload(earlier.txn), { password: PASSWORD }, request));
    await completeAtApplication(earlier.browser, earlier.start, redirectOf(await declineEnrollment(await reload(earlier.txn), "later", request, {})));
    assert.equal(offered, `/u/passkey-enrollment?state=${earlier.txn.id}`);
    const sessionsOf = async () =>
      (await db().oidcModel.findMany({ where: { type: "Session", payload: { path: ["accountId"], equals: user.id } }, select: { id: true } })).map((r) => r.id);
    const earlierSessions = await sessionsOf();
    assert.equal(earlierSessions.length, 1);

    const { browser, start, mail, link, ticket } = await askForLink(email, "fr");
    assert.equal(mail.subject, "Réinitialisez votre mot de passe Passkey Universal Login");
    assert.match(mail.text, /dans les 15 minutes/);
    assert.match(mail.html, /<html lang="fr" dir="ltr">/);
    assert.match(mail.html, /Choisir un nouveau mot de passe/);
    assert.equal(`${link.origin}${link.pathname}`, `${h.origin}/u/reset-password/new`);
    assert.match(ticket, /^[A-Za-z0-9_-]{43}$/);
    // Only a digest is kept.
    assert.equal(await db().emailTicket.count({ where: { tokenHash: ticket } }), 0);
    assert.equal(await logCount("scpr", user.id), 1);

    // Another browser: refused, and the link still works where it was asked for.
    const elsewhere = await openRecoveryLink(ticket, otherBrowser);
    assert.deepEqual(await resetPassword(elsewhere, NEW_PASSWORD, request, {}), { ok: false, error: "link_elsewhere" });
    // A password the connection refuses does not use the link up.
    assert.deepEqual(await resetPassword(await openRecoveryLink(ticket, thisBrowser), "short", request, {}), { ok: false, error: "password_too_short" });
    // As after a password login: on to the application (the passkey offer was snoozed by the earlier "later").
    const next = redirectOf(await resetPassword(await openRecoveryLink(ticket, thisBrowser), NEW_PASSWORD, request, {}));
    const idToken = await completeAtApplication(browser, start, next);
    assert.equal(idToken.sub, user.id);
    assert.deepEqual(idToken.amr, ["pwd"]);

    // The earlier session ended with the old password; the login that recovered has its own.
    const now = await sessionsOf();
    assert.equal(now.length, 1);
    assert.ok(!earlierSessions.includes(now[0]));
    assert.equal(await passwordWorks(email, PASSWORD), false);
    assert.equal(await passwordWorks(email, NEW_PASSWORD), true);
    // Once only.
    assert.deepEqual((await openRecoveryLink(ticket, thisBrowser)).ok, false);
    assert.deepEqual(await resetPassword(await openRecoveryLink(ticket, thisBrowser), "yet another password", request, {}), {
      ok: false,
      error: "link_invalid",
    });
    assert.equal(await logCount("scp", user.id), 1);
    assert.equal(await logCount("fcp", user.id), 1); // the other browser's try; the used link's has no user to name
  });

  test("a user with an authenticator app still passes MFA after recovery", async () => {
    const { email, user } = await userWithPassword();
    const secret = newTotpSecret();
    assert.equal(await enrollTotp(user.id, secret, await generate({ secret }), []), "ok");
    const { browser, start, txn, ticket } = await askForLink(email);
    assert.equal(redirectOf(await resetPassword(await openRecoveryLink(ticket, thisBrowser), NEW_PASSWORD, request, {})), `/u/mfa?state=${txn.id}`);
    assert.equal((await reload(txn)).login?.stage, "mfa");
    // Skipping the MFA page gets nothing: the interaction has no result yet.
    const { location } = await browser.navigate(`${h.origin}/authorize/${start.uid}`);
    assert.ok(!location?.searchParams.get("code"), `no code without MFA, got ${location}`);
  });

  test("a link expires after 15 minutes, and a newer one replaces it; recovery then offers a passkey", async () => {
    const { email } = await userWithPassword();
    const first = await askForLink(email);
    const second = await askForLink(email);
    assert.equal((await openRecoveryLink(first.ticket, thisBrowser)).ok, false);
    assert.equal((await openRecoveryLink(second.ticket, thisBrowser)).ok, true);
    const ticket = await db().emailTicket.findFirstOrThrow({ where: { purpose: "recovery", usedAt: null, user: { email } } });
    assert.ok(Math.abs(ticket.expiresAt.getTime() - ticket.createdAt.getTime() - 15 * 60_000) < 1000);
    await db().emailTicket.update({ where: { id: ticket.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    assert.deepEqual(await resetPassword(await openRecoveryLink(second.ticket, thisBrowser), NEW_PASSWORD, request, {}), { ok: false, error: "link_invalid" });
    assert.equal(await passwordWorks(email, PASSWORD), true);
    const third = await askForLink(email);
    const next = redirectOf(await resetPassword(await openRecoveryLink(third.ticket, thisBrowser), NEW_PASSWORD, request, {}));
    assert.equal(next, `/u/passkey-enrollment?state=${third.txn.id}`);
  });

  test("an unknown email gets the same answer and no mail; a malformed one is told; junk tickets open nothing", async () => {
    const { txn } = await newTransaction();
    const email = newEmail();
    const before = smtp.received.length;
    const fcpr = await db().logEvent.count({ where: { type: "fcpr" } });
    assert.equal(redirectOf(await requestRecovery(txn, email, request, "en")), `/u/reset-password/sent?state=${txn.id}`);
    await mailSettled();
    assert.equal(smtp.received.length, before);
    assert.equal(await db().logEvent.count({ where: { type: "fcpr" } }), fcpr + 1);
    for (const typed of ["not-an-email", "", { email }, "x".repeat(300)]) {
      assert.deepEqual(await requestRecovery(txn, typed, request, "en"), { ok: false, error: "invalid_email" }, JSON.stringify(typed));
    }
    for (const junk of [undefined, "", "a", { t: 1 }, "x".repeat(43), "../../etc/passwd"]) {
      assert.deepEqual(await openRecoveryLink(junk, thisBrowser), { ok: false, reason: "link_invalid" }, JSON.stringify(junk));
    }
  });

  test("at most five links per email an hour, from the pages and the API together, whether or not it has an account", async () => {
    const connection = (await db().connection.findFirstOrThrow({ where: { isDefault: true } })).name;
    for (const exists of [true, false]) {
      const email = exists ? (await userWithPassword()).email : newEmail();
      const { txn } = await newTransaction();
      for (let i = 0; i < 5; i++) redirectOf(await requestRecovery(await reload(txn), email, request, "en"));
      await assert.rejects(
        requestRecovery(await reload(txn), email, request, "en"),
        (e: unknown) => e instanceof LimitReachedError && e.limit === "mailsPerRecipient",
      );
      const limited = await db().logEvent.count({ where: { type: "api_limit" } });
      const answer = await call(h, { path: "/dbconnections/change_password", body: { client_id: DEMO_CLIENT_ID, connection, email } });
      assert.deepEqual(verdict(answer), [429, "too_many_requests"]);
      assert.ok(Number(answer.headers.get("retry-after")) > 0);
      assert.equal(await db().logEvent.count({ where: { type: "api_limit" } }), limited + 1);
    }
  });
});

describe("POST /dbconnections/change_password", () => {
  const connectionName = async () => (await db().connection.findFirstOrThrow({ where: { isDefault: true } })).name;
  const changePassword = async (body: unknown, headers: Record<string, string> = {}) =>
    apiResponse(
      new Request(`${h.origin}/dbconnections/change_password`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      }),
    );

  test("sends the link (in the caller's language); it works in any browser and ends at the done page", async () => {
    const { email, user } = await userWithPassword();
    const answer = await changePassword({ client_id: DEMO_CLIENT_ID, connection: await connectionName(), email }, { "accept-language": "de-DE,de;q=0.9" });
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), CHANGE_PASSWORD_SENT);
    await mailSettled();
    const mail = await smtp.mailTo(email);
    assert.equal(mail.subject, "Setzen Sie Ihr Passkey Universal Login-Passwort zurück");
    const ticket = new URL(/https?:\/\/\S+/.exec(mail.text)![0]).searchParams.get("ticket");
    assert.equal(redirectOf(await resetPassword(await openRecoveryLink(ticket, otherBrowser), NEW_PASSWORD, request, {})), "/u/reset-password/done");
    assert.equal(await passwordWorks(email, NEW_PASSWORD), true);
    assert.equal(await logCount("scp", user.id), 1);
    // An unknown email: the same answer, no mail.
    const unknown = await changePassword({ client_id: DEMO_CLIENT_ID, connection: await connectionName(), email: newEmail() });
    assert.equal(unknown.status, 200);
    assert.equal(await unknown.text(), CHANGE_PASSWORD_SENT);
  });

  test("bad requests: a clear error, an fcpr event where readable, no ticket", async () => {
    const connection = await connectionName();
    const email = newEmail();
    const tickets = await db().emailTicket.count();
    const cases: [unknown, number, string, RegExp][] = [
      [{ client_id: "no-such-app", connection, email }, 401, "invalid_client", /Unknown client/],
      [{ client_id: DEMO_CLIENT_ID, connection: "nope", email }, 400, "invalid_request", /No connection/],
      [{ client_id: DEMO_CLIENT_ID, connection, email: "not-an-email" }, 400, "invalid_request", /email/],
      [{ client_id: DEMO_CLIENT_ID, connection }, 400, "invalid_request", /email/],
      [{ client_id: DEMO_CLIENT_ID, connection, email, password: "x" }, 400, "invalid_request", /password/],
      [[1], 400, "invalid_request", /./],
    ];
    const refusals = await db().logEvent.count({ where: { type: "fcpr" } });
    for (const [body, status, code, message] of cases) {
      const answer = await call(h, { path: "/dbconnections/change_password", body });
      assert.deepEqual(verdict(answer), [status, code], JSON.stringify(body));
      assert.match(String(answer.json.error_description), message);
    }
    assert.equal(await db().logEvent.count({ where: { type: "fcpr" } }), refusals + 3);
    assert.equal(await db().emailTicket.count(), tickets);
  });
});

test("the development outbox is shown only without SMTP and on a loopback issuer", () => {
  // This harness sends by SMTP.
  assert.equal(outboxShown(), false);
});

describe("passkey-only connection", () => {
  let connection: string;
  before(async () => {
    connection = `passkeys-only-${randomUUID().slice(0, 8)}`;
    const created = await createConnection({ name: connection, strategy: "auth0", options: { authentication_methods: { password: { enabled: false } } } });
    assert.deepEqual(created.options.authentication_methods, { password: { enabled: false }, passkey: { enabled: true } });
  });
  const connectionRow = () => db().connection.findUniqueOrThrow({ where: { name: connection } });

  test("signup and login have no password; the APIs refuse one", async () => {
    const device = new SoftAuthenticator();
    const { email, result } = await passkeySignup(device, newEmail(), { connection });
    redirectOf(result);
    // A password signup on the same connection: refused, no user.
    const signup = await newTransaction({ screen_hint: "signup", connection });
    const other = newEmail();
    redirectOf(await submitSignupIdentity(signup.txn, { email: other }));
    assert.deepEqual(await signupWithPassword(await reload(signup.txn), { password: PASSWORD }, request), { ok: false, error: "passwords_disabled" });
    assert.equal(await db().user.count({ where: { email: other } }), 0);
    // Known or not, the identifier leads to the passkey step; a password is refused there too.
    for (const typed of [email, newEmail()]) {
      const { txn } = await newTransaction({ connection });
      assert.equal(redirectOf(await submitLoginIdentifier(txn, typed)), `/u/login/passkey?state=${txn.id}`);
      assert.deepEqual(await loginWithPassword(await reload(txn), { password: PASSWORD }, request), { ok: false, error: "passwords_disabled" });
    }
    const api = await call(h, { path: "/dbconnections/signup", body: { client_id: DEMO_CLIENT_ID, connection, email: other, password: PASSWORD } });
    assert.deepEqual(verdict(api), [400, "invalid_request"]);
    assert.match(String(api.json.error_description), /passkey-only/);
    await assert.rejects(createUser({ connection, email: other, password: PASSWORD }), /passkey-only/);
    const invited = await createUser({ connection, email: other });
    assert.equal(invited.email, other);
  });

  test("lost passkey: an emailed link, bound to this browser, makes a new passkey before the session; old passkeys stay listed", async () => {
    const lost = new SoftAuthenticator();
    const { email } = await passkeySignup(lost, newEmail(), { connection });
    const user = await db().user.findFirstOrThrow({ where: { email, connectionId: (await connectionRow()).id } });
    const { browser, start, txn } = await newTransaction({ connection });
    redirectOf(await submitLoginIdentifier(txn, email));
    assert.equal(redirectOf(await requestRecovery(await reload(txn), email, request, "en")), `/u/reset-password/sent?state=${txn.id}`);
    await mailSettled();
    const mail = await smtp.mailTo(email);
    assert.equal(mail.subject, "Recover your Passkey Universal Login account");
    assert.match(mail.text, /create a new passkey/);
    const ticket = new URL(/https?:\/\/\S+/.exec(mail.text)![0]).searchParams.get("ticket");

    assert.deepEqual(await recoveryPasskeyOptions(await openRecoveryLink(ticket, otherBrowser)), { ok: false, error: "link_elsewhere" });
    assert.deepEqual(await recoverWithPasskey(await openRecoveryLink(ticket, otherBrowser), "{}", request, {}), { ok: false, error: "link_elsewhere" });
    // No new password through this link.
    assert.deepEqual(await resetPassword(await openRecoveryLink(ticket, thisBrowser), NEW_PASSWORD, request, {}), { ok: false, error: "passwords_disabled" });
    const options = await recoveryPasskeyOptions(await openRecoveryLink(ticket, thisBrowser));
    assert.ok(options.ok, JSON.stringify(options));
    // The lost passkey is excluded: the new one is another.
    assert.deepEqual(
      options.options.excludeCredentials?.map((c) => c.id),
      lost.credentials.map((c) => c.id),
    );
    const device = new SoftAuthenticator();
    const response = device.register(options.options, { origin: h.origin });
    const next = redirectOf(await recoverWithPasskey(await openRecoveryLink(ticket, thisBrowser), JSON.stringify(response), request, {}));
    const idToken = await completeAtApplication(browser, start, next);
    assert.equal(idToken.sub, user.id);
    assert.deepEqual(idToken.amr, ["email"]);
    assert.equal(await db().passkey.count({ where: { userId: user.id } }), 2, "the lost passkey stays listed, to be removed");
    assert.equal(
      await db().logEvent.count({ where: { type: "gd_enrollment_complete", userId: user.id, description: "Passkey enrolled by account recovery" } }),
      1,
    );
    // Once only.
    assert.deepEqual(await recoveryPasskeyOptions(await openRecoveryLink(ticket, thisBrowser)), { ok: false, error: "link_invalid" });
    assert.equal(await db().logEvent.count({ where: { type: "passkey_recovery_failed", userId: user.id } }), 1);
  });

  test("the API sends no link for a passkey-only account (recovery starts from the login page)", async () => {
    const { email } = await passkeySignup(new SoftAuthenticator(), newEmail(), { connection });
    const answer = await apiResponse(
      new Request(`${h.origin}/dbconnections/change_password`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: DEMO_CLIENT_ID, connection, email }),
      }),
    );
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), CHANGE_PASSWORD_SENT);
    await mailSettled();
    assert.equal(
      smtp.received.some((m) => m.to === email && m.subject.startsWith("Recover")),
      false,
    );
    assert.equal((await db().logEvent.count({ where: { type: "fcpr", description: { contains: "passkey-only" } } })) > 0, true);
  });
});
