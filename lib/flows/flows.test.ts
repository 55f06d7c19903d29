// The login and signup journeys (lib/flows) with real transactions: each test starts an
// authorization request against the provider, as the demo application would, loads the
// interaction the provider created, drives the steps the pages would call, and follows the
// provider's resume URL to the code and the tokens.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { db } from "../db";
import { finishLogin, loadTransaction, TransactionError } from "../oidc/transaction";
import { startHarness, type Harness } from "../testing/harness";
import { journeyHelpers, request } from "../testing/journeys";
import { SoftAuthenticator } from "../testing/soft-authenticator";
import { finishPasskeyLogin, loginWithPassword, passkeyLoginOptions, submitLoginIdentifier } from "./login";
import { declineEnrollment } from "./enrollment";
import { finishPasskeySignup, passkeySignupOptions, signupWithPassword, submitSignupIdentity } from "./signup";

let h: Harness;
const { newEmail, newTransaction, reload, redirectOf, completeAtApplication, passkeySignup, passwordSignup, userCount, logCount } = journeyHelpers(() => h);

before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe("signup with a passkey", () => {
  test("creates the user and the passkey, logs ss, and ends in an ID token with amr phr", async () => {
    const { browser, start, txn, email, authenticator, result } = await passkeySignup(
      new SoftAuthenticator({ aaguid: "fbfc3007-154e-4ecc-8c0b-6e020557d7bd" }),
    );
    const resumeUrl = redirectOf(result);

    const user = await db().user.findUniqueOrThrow({
      where: { connectionId_email: { connectionId: txn.connection.id, email } },
      include: { passkeys: true, password: true },
    });
    assert.equal(user.passkeys.length, 1);
    assert.equal(user.passkeys[0].id, authenticator.credentials[0].id);
    assert.equal(user.passkeys[0].aaguid, "fbfc3007-154e-4ecc-8c0b-6e020557d7bd");
    assert.equal(user.passkeys[0].userAgent, request.userAgent);
    assert.equal(user.password, null);
    assert.ok(user.lastLoginAt);
    // The user handle on the authenticator is the user id.
    assert.equal(Buffer.from(authenticator.credentials[0].userHandle, "base64url").toString("utf8"), user.id);

    const event = await db().logEvent.findFirstOrThrow({ where: { type: "ss", userId: user.id } });
    assert.equal(event.clientId, "demo");
    assert.equal(event.connection, txn.connection.name);
    assert.equal(event.ip, request.ip);
    assert.equal(event.userAgent, request.userAgent);
    assert.deepEqual(event.details, { authentication_methods: ["passkey"] });

    const idToken = await completeAtApplication(browser, start, resumeUrl);
    assert.equal(idToken.sub, user.id);
    assert.equal(idToken.email, email);
    assert.deepEqual(idToken.amr, ["phr"]);
  });

  test("a tampered response is refused, writes no user, and logs fs", async () => {
    const { txn } = await newTransaction({ screen_hint: "signup" });
    redirectOf(await submitSignupIdentity(txn, { email: newEmail() }));
    const step = await reload(txn);
    const options = await passkeySignupOptions(step, {}, request);
    assert.ok(options.ok);
    const response = new SoftAuthenticator().register(options.options, { origin: h.origin, tamperSignature: true });

    const [users, passkeys, failures] = [await userCount(), await db().passkey.count(), await logCount("fs")];
    assert.deepEqual(await finishPasskeySignup(step, response, request), { ok: false, error: "verification_failed" });
    assert.equal(await userCount(), users);
    assert.equal(await db().passkey.count(), passkeys);
    assert.equal(await logCount("fs"), failures + 1);
    // The transaction is still usable: the person can try again.
    await reload(txn);
  });

  test("passkey signup options need the email step first, and refuse an email that has an account", async () => {
    const { txn } = await newTransaction({ screen_hint: "signup" });
    assert.deepEqual(await passkeySignupOptions(txn, {}, request), { ok: false, error: "expired" });

    const { email } = await passkeySignup();
    const other = await newTransaction({ screen_hint: "signup" });
    // Between the email step and the options, someone else signed up with that email.
    await db().loginTransaction.create({ data: { id: other.txn.id, connectionId: other.txn.connection.id, email, expiresAt: new Date(Date.now() + 60_000) } });
    assert.deepEqual(await passkeySignupOptions(await reload(other.txn), {}, request), { ok: false, error: "user_exists" });
  });
});

describe("login with a passkey", () => {
  test("the email step offers the passkey; the assertion ends in an ID token with amr phr and an s log", async () => {
    const { email, authenticator } = await passkeySignup();
    const user = await db().user.findFirstOrThrow({ where: { email } });
    const { browser, start, txn } = await newTransaction();
    assert.equal(redirectOf(await submitLoginIdentifier(txn, `  ${email.toUpperCase()} `)), `/u/login/passkey?state=${txn.id}`);

    const step = await reload(txn);
    const options = await passkeyLoginOptions(step, { forRememberedUser: true }, request);
    assert.ok(options.ok);
    // No credential ids for whoever typed the email: a discoverable request, checked after.
    assert.equal(options.options.allowCredentials?.length ?? 0, 0);
    const response = authenticator.authenticate(options.options, { origin: h.origin });
    const before = await logCount("s");
    const resumeUrl = redirectOf(await finishPasskeyLogin(step, response, { forRememberedUser: true }, request));
    assert.equal(await logCount("s"), before + 1);

    const idToken = await completeAtApplication(browser, start, resumeUrl);
    assert.equal(idToken.sub, user.id);
    assert.deepEqual(idToken.amr, ["phr"]);
  });

  test("a discoverable passkey of another account than the remembered email is refused", async () => {
    const mine = await passkeySignup();
    const theirs = await passkeySignup();
    const { txn } = await newTransaction();
    redirectOf(await submitLoginIdentifier(txn, mine.email));
    const step = await reload(txn);
    const options = await passkeyLoginOptions(step, { forRememberedUser: false }, request);
    assert.ok(options.ok);
    const response = theirs.authenticator.authenticate(options.options, { origin: h.origin });
    assert.deepEqual(await finishPasskeyLogin(step, response, { forRememberedUser: true }, request), { ok: false, error: "wrong_account" });
  });

  test("a bad assertion is an error code and a passkey_challenge_failed log", async () => {
    const { authenticator } = await passkeySignup();
    const { txn } = await newTransaction();
    const options = await passkeyLoginOptions(txn, { forRememberedUser: false }, request);
    assert.ok(options.ok);
    const response = authenticator.authenticate(options.options, { origin: h.origin, flags: { uv: false } });
    const before = await logCount("passkey_challenge_failed");
    assert.deepEqual(await finishPasskeyLogin(txn, response, { forRememberedUser: false }, request), { ok: false, error: "verification_failed" });
    assert.equal(await logCount("passkey_challenge_failed"), before + 1);
  });
});

describe("password signup and login", () => {
  test("signup with a password, then login with it: ID tokens with amr pwd", async () => {
    const email = newEmail();
    const signup = await passwordSignup(email, "correct horse battery");
    const user = await db().user.findFirstOrThrow({ where: { email }, include: { password: true, passkeys: true } });
    assert.match(user.password!.hash, /^\$argon2id\$/);
    assert.equal(user.passkeys.length, 0);
    assert.deepEqual((await db().logEvent.findFirstOrThrow({ where: { type: "ss", userId: user.id } })).details, { authentication_methods: ["password"] });
    const first = await completeAtApplication(signup.browser, signup.start, redirectOf(signup.result));
    assert.deepEqual(first.amr, ["pwd"]);

    const { browser, start, txn } = await newTransaction();
    assert.equal(redirectOf(await submitLoginIdentifier(txn, email)), `/u/login/password?state=${txn.id}`);
    // No passkey yet: the login stops at the passkey offer (progressive enrollment) first.
    const offer = redirectOf(await loginWithPassword(await reload(txn), { password: "correct horse battery" }, request));
    assert.equal(offer, `/u/passkey-enrollment?state=${txn.id}`);
    const resumeUrl = redirectOf(await declineEnrollment(await reload(txn), "later", request, {}));
    const idToken = await completeAtApplication(browser, start, resumeUrl);
    assert.equal(idToken.sub, user.id);
    assert.deepEqual(idToken.amr, ["pwd"]);
    const event = await db().logEvent.findFirstOrThrow({ where: { type: "s", userId: user.id } });
    assert.deepEqual(event.details, { performed_amr: ["pwd"] });
  });

  test("a wrong password is wrong_credentials and an fp log, and the transaction stays open", async () => {
    const email = newEmail();
    await passwordSignup(email, "correct horse battery");
    const { txn } = await newTransaction();
    redirectOf(await submitLoginIdentifier(txn, email));
    const step = await reload(txn);
    const before = await logCount("fp");
    assert.deepEqual(await loginWithPassword(step, { password: "incorrect horse battery" }, request), { ok: false, error: "wrong_credentials" });
    assert.equal(await logCount("fp"), before + 1);
    assert.deepEqual(await loginWithPassword(step, { password: "" }, request), { ok: false, error: "wrong_credentials" });
    assert.deepEqual(await loginWithPassword(step, "correct horse battery", request), { ok: false, error: "wrong_credentials" });
    redirectOf(await loginWithPassword(await reload(txn), { password: "correct horse battery" }, request));
  });

  test("an unknown email goes to the password step like a real one (no enumeration), and fails there", async () => {
    const { txn } = await newTransaction();
    const email = newEmail();
    assert.equal(redirectOf(await submitLoginIdentifier(txn, email)), `/u/login/password?state=${txn.id}`);
    const step = await reload(txn);
    assert.deepEqual(step.identity, { email });
    assert.deepEqual(await loginWithPassword(step, { password: "whatever it is" }, request), { ok: false, error: "wrong_credentials" });
  });

  test("the password step without the email step is expired", async () => {
    const { txn } = await newTransaction();
    assert.deepEqual(await loginWithPassword(txn, { password: "correct horse battery" }, request), { ok: false, error: "expired" });
    assert.deepEqual(await signupWithPassword(txn, { password: "correct horse battery" }, request), { ok: false, error: "expired" });
  });

  test("signup with an email that has an account goes to login with exists=1", async () => {
    const email = newEmail();
    await passwordSignup(email, "correct horse battery");
    const { txn } = await newTransaction({ screen_hint: "signup" });
    assert.equal(redirectOf(await submitSignupIdentity(txn, { email: email.toUpperCase() })), `/u/login?state=${txn.id}&exists=1`);
  });

  test("password rules: too short, too long, not a string", async () => {
    const { txn } = await newTransaction({ screen_hint: "signup" });
    redirectOf(await submitSignupIdentity(txn, { email: newEmail() }));
    const step = await reload(txn);
    assert.equal(step.connection.passwordMinLength, 8);
    const users = await userCount();
    assert.deepEqual(await signupWithPassword(step, { password: "1234567" }, request), { ok: false, error: "password_too_short" });
    assert.deepEqual(await signupWithPassword(step, { password: "x".repeat(129) }, request), { ok: false, error: "password_too_long" });
    assert.deepEqual(await signupWithPassword(step, { password: 12345678 }, request), { ok: false, error: "invalid_request" });
    assert.deepEqual(await signupWithPassword(step, null, request), { ok: false, error: "invalid_request" });
    assert.equal(await userCount(), users);
  });
});

describe("email input", () => {
  for (const [name, input] of [
    ["a number", 42],
    ["an object", { email: "a@example.test" }],
    ["undefined", undefined],
    ["an empty string", ""],
    ["no @", "not-an-email"],
    ["two @", "a@b@example.test"],
    ["more than 254 characters", `${"a".repeat(250)}@example.test`],
    ["a 300 KB string", `${"a".repeat(300_000)}@example.test`],
  ] as [string, unknown][]) {
    test(`${name} is invalid_email at login and at signup, and remembers nothing`, async () => {
      const { txn } = await newTransaction();
      assert.deepEqual(await submitLoginIdentifier(txn, input), { ok: false, error: "invalid_email" });
      assert.deepEqual(await submitSignupIdentity(txn, { email: input }), { ok: false, error: "invalid_email" });
      assert.deepEqual((await reload(txn)).identity, {});
    });
  }
});

describe("transactions", () => {
  test("a finished transaction cannot be loaded or finished again", async () => {
    const email = newEmail();
    const { txn, result, browser, start } = await passwordSignup(email, "correct horse battery");
    const resumeUrl = redirectOf(result);
    const user = await db().user.findFirstOrThrow({ where: { email } });

    await assert.rejects(
      loadTransaction(txn.id, () => true),
      TransactionError,
    );
    await assert.rejects(finishLogin(txn.id, { accountId: user.id, amr: ["pwd"] }), TransactionError);
    // A step still holding the old transaction gets "expired", and logs no successful login.
    const before = await logCount("s");
    assert.deepEqual(await loginWithPassword(txn, { password: "correct horse battery" }, request), { ok: false, error: "expired" });
    assert.equal(await logCount("s"), before);

    // Once the provider resumed it, the interaction is gone for good.
    await completeAtApplication(browser, start, resumeUrl);
    await assert.rejects(
      loadTransaction(txn.id, () => true),
      TransactionError,
    );
    await assert.rejects(finishLogin(txn.id, { accountId: user.id, amr: ["pwd"] }), TransactionError);
  });

  test("a passkey login on a finished transaction is expired, and logs no successful login", async () => {
    const { authenticator, txn } = await passkeySignup();
    // An old page left open: a challenge for the same transaction, answered after it finished.
    const options = await passkeyLoginOptions(txn, { forRememberedUser: false }, request);
    assert.ok(options.ok);
    const response = authenticator.authenticate(options.options, { origin: h.origin });
    const before = await logCount("s");
    assert.deepEqual(await finishPasskeyLogin(txn, response, { forRememberedUser: false }, request), { ok: false, error: "expired" });
    assert.equal(await logCount("s"), before);
  });

  test("loadTransaction refuses a malformed state, an unknown uid, and another browser", async () => {
    const { txn } = await newTransaction();
    for (const state of [undefined, null, 42, "", "short", `${txn.id}!`, "x".repeat(65), [txn.id], `${txn.id}\n`]) {
      await assert.rejects(
        loadTransaction(state, () => true),
        TransactionError,
        `state ${JSON.stringify(state)}`,
      );
    }
    await assert.rejects(
      loadTransaction("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", () => true),
      TransactionError,
    );
    let asked: string | undefined;
    await assert.rejects(
      loadTransaction(txn.id, (uid) => ((asked = uid), false)),
      TransactionError,
    );
    assert.equal(asked, txn.id);
    assert.equal((await loadTransaction(txn.id, () => true)).id, txn.id);
  });

  test("a transaction carries the client, the prompt, the login_hint and the default connection", async () => {
    const { txn } = await newTransaction({ login_hint: "hint@example.test" });
    assert.equal(txn.clientId, "demo");
    assert.equal(txn.prompt, "login");
    assert.equal(txn.loginHint, "hint@example.test");
    assert.equal(txn.identifier, undefined);
    assert.equal(txn.connection.name, "Username-Password-Authentication");
    assert.equal(txn.connection.passkeysEnabled, true);
  });
});
