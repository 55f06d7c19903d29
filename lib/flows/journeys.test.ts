// The steps after the first factor (lib/flows/after-login, enrollment, mfa) with real
// transactions: passkey offers and their snoozes, the MFA rule, TOTP, and the passkey limit.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { generate } from "otplib";
import { db } from "../db";
import { decryptSecret } from "../mfa/secrets";
import { enrollTotp, newTotpSecret } from "../mfa/totp";
import { updateConnection } from "../management/connections";
import { updateTenantSettings } from "../management/tenant-settings";
import { ENROLLMENT_SNOOZE_MS, offerProgressiveEnrollment } from "../policy/enrollment";
import { DEFAULT_PASSKEY_OPTIONS } from "../policy/passkey-options";
import { startHarness, type Harness } from "../testing/harness";
import { journeyHelpers, request } from "../testing/journeys";
import { SoftAuthenticator } from "../testing/soft-authenticator";
import { addPasskey, deletePasskey, LastSignInMethodError, PASSKEY_LIMIT, PasskeyLimitError, renamePasskey, PasskeyNotFoundError } from "../users/passkeys";
import { declineEnrollment, enrollmentOptions, finishEnrollment } from "./enrollment";
import { finishPasskeyLogin, loginWithPassword, passkeyLoginOptions, submitLoginIdentifier } from "./login";
import { confirmMfaSetup, MAX_MFA_FAILURES, mfaSetup, verifyMfaCode, verifyRecoveryCode } from "./mfa";
import { renewRecoveryCodes } from "./account";
import { newRecoveryCodes, RECOVERY_CODE_COUNT, recoveryCodesLeft, storeRecoveryCodes } from "../mfa/recovery-codes";

let h: Harness;
const { newEmail, newTransaction, reload, redirectOf, completeAtApplication, passkeySignup, passwordSignup, logCount } = journeyHelpers(() => h);

before(async () => {
  h = await startHarness();
});
after(() => h.close());

const PASSWORD = "correct horse battery";

async function passwordUser() {
  const email = newEmail();
  const signup = await passwordSignup(email, PASSWORD);
  redirectOf(signup.result);
  const user = await db().user.findFirstOrThrow({ where: { email } });
  return { email, user };
}

/** A password login up to its first redirect after the password. */
async function passwordLogin(email: string) {
  const { browser, start, txn } = await newTransaction();
  redirectOf(await submitLoginIdentifier(txn, email));
  const next = redirectOf(await loginWithPassword(await reload(txn), { password: PASSWORD }, request));
  return { browser, start, txn, next };
}

/** A discoverable passkey login with `authenticator`, up to its first redirect. */
async function passkeyLogin(authenticator: SoftAuthenticator, browserState = {}) {
  const { browser, start, txn } = await newTransaction();
  const options = await passkeyLoginOptions(txn, { forRememberedUser: false }, request);
  assert.ok(options.ok);
  const response = authenticator.authenticate(options.options, { origin: h.origin });
  const next = redirectOf(await finishPasskeyLogin(txn, response, { forRememberedUser: false }, request, browserState));
  return { browser, start, txn, next };
}

async function enroll(txn: Awaited<ReturnType<typeof reload>>, authenticator: SoftAuthenticator) {
  const options = await enrollmentOptions(txn);
  assert.ok(options.ok, JSON.stringify(options));
  return finishEnrollment(txn, authenticator.register(options.options, { origin: h.origin }), request, {});
}

const isResume = (url: string) => url.startsWith(`${h.origin}/authorize/`);

describe("progressive enrollment", () => {
  test("after a password login: create a passkey, back to the application, never offered again", async () => {
    const { email, user } = await passwordUser();
    const { browser, start, txn, next } = await passwordLogin(email);
    assert.equal(next, `/u/passkey-enrollment?state=${txn.id}`);
    const before = await logCount("gd_enrollment_complete");
    const resume = redirectOf(await enroll(await reload(txn), new SoftAuthenticator({ aaguid: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4" })));
    assert.ok(isResume(resume));
    assert.equal(await logCount("gd_enrollment_complete"), before + 1);
    const idToken = await completeAtApplication(browser, start, resume);
    assert.deepEqual(idToken.amr, ["pwd"]);
    assert.equal(await db().passkey.count({ where: { userId: user.id } }), 1);
    assert.equal((await db().logEvent.findFirstOrThrow({ where: { type: "s", userId: user.id } })).clientId, "demo");

    // With a passkey, the next password login goes straight back (and the email step offers the passkey).
    const again = await newTransaction();
    assert.equal(redirectOf(await submitLoginIdentifier(again.txn, email)), `/u/login/passkey?state=${again.txn.id}`);
    assert.ok(isResume(redirectOf(await loginWithPassword(await reload(again.txn), { password: PASSWORD }, request))));
  });

  test("remind me later: 30 days on the user, then the offer returns", async () => {
    const { email, user } = await passwordUser();
    const first = await passwordLogin(email);
    const t0 = Date.now();
    assert.ok(isResume(redirectOf(await declineEnrollment(await reload(first.txn), "later", request, {}))));
    const snoozed = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    const until = snoozed.passkeyPromptSnoozedUntil!.getTime();
    assert.ok(Math.abs(until - (t0 + ENROLLMENT_SNOOZE_MS)) < 10_000, "snoozed for 30 days");
    assert.ok(isResume((await passwordLogin(email)).next), "no offer within the 30 days");

    // The decision itself, on both sides of the boundary (the e2e suite moves the server clock).
    const input = { connection: { passkeysEnabled: true, passkeyOptions: DEFAULT_PASSKEY_OPTIONS }, amr: ["pwd"], user: { ...snoozed, passkeyCount: 0 } };
    assert.equal(offerProgressiveEnrollment({ ...input, now: new Date(until - 1000) }), false);
    assert.equal(offerProgressiveEnrollment({ ...input, now: new Date(until + 1000) }), true);
    assert.equal(offerProgressiveEnrollment({ ...input, amr: ["phr"], now: new Date(until + 1000) }), false);
  });

  test("don't ask again: never offered, until the user adds a passkey themselves", async () => {
    const { email, user } = await passwordUser();
    const first = await passwordLogin(email);
    assert.ok(isResume(redirectOf(await declineEnrollment(await reload(first.txn), "never", request, {}))));
    assert.equal((await db().user.findUniqueOrThrow({ where: { id: user.id } })).passkeyPromptNever, true);
    assert.ok(isResume((await passwordLogin(email)).next));
  });

  test("bad choices and out-of-order steps are refused and change nothing", async () => {
    const { email, user } = await passwordUser();
    const { txn } = await passwordLogin(email);
    for (const choice of ["skip", "", null, 42, { later: true }, "LATER"]) {
      assert.deepEqual(await declineEnrollment(await reload(txn), choice, request, {}), { ok: false, error: "invalid_request" });
    }
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    assert.equal(row.passkeyPromptSnoozedUntil, null);
    assert.equal(row.passkeyPromptNever, false);
    // A transaction that never reached the offer cannot use it.
    const other = await newTransaction();
    assert.deepEqual(await enrollmentOptions(other.txn), { ok: false, error: "expired" });
    assert.deepEqual(await declineEnrollment(other.txn, "later", request, {}), { ok: false, error: "expired" });
    // A passkey made on another site is refused, and logged; so is garbage.
    const failures = await logCount("gd_webauthn_enrollment_failed");
    const options = await enrollmentOptions(await reload(txn));
    assert.ok(options.ok);
    const phished = new SoftAuthenticator().register(options.options, { origin: "https://evil.example" });
    assert.deepEqual(await finishEnrollment(await reload(txn), phished, request, {}), { ok: false, error: "verification_failed" });
    assert.deepEqual(await finishEnrollment(await reload(txn), "{not json", request, {}), { ok: false, error: "malformed_response" });
    assert.equal(await logCount("gd_webauthn_enrollment_failed"), failures + 2);
    assert.equal(await db().passkey.count({ where: { userId: user.id } }), 0);
  });

  test("the connection's switches: progressive enrollment off, or passkeys off, means no offer", async () => {
    const connection = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
    const { email } = await passwordUser();
    try {
      await updateConnection(connection.id, { options: { passkey_options: { progressive_enrollment_enabled: false } } });
      assert.ok(isResume((await passwordLogin(email)).next));
      await updateConnection(connection.id, {
        options: { passkey_options: { progressive_enrollment_enabled: true }, authentication_methods: { passkey: { enabled: false } } },
      });
      assert.ok(isResume((await passwordLogin(email)).next));
    } finally {
      await updateConnection(connection.id, { options: { passkey_options: DEFAULT_PASSKEY_OPTIONS, authentication_methods: { passkey: { enabled: true } } } });
    }
    assert.match((await passwordLogin(email)).next, /^\/u\/passkey-enrollment\?/);
  });
});

describe("local enrollment", () => {
  const phone = () => new SoftAuthenticator({ authenticatorAttachment: "cross-platform", transports: ["hybrid"] });

  test("a passkey from another device offers one on this device; accepting adds it", async () => {
    const device = phone();
    const { txn: signupTxn } = await passkeySignup(device);
    const userId = (await db().passkey.findUniqueOrThrow({ where: { id: device.credentials[0].id } })).userId;
    assert.ok(signupTxn);
    const { txn, next } = await passkeyLogin(device);
    assert.equal(next, `/u/passkey-enrollment/local?state=${txn.id}`);
    assert.ok(isResume(redirectOf(await enroll(await reload(txn), new SoftAuthenticator()))));
    assert.equal(await db().passkey.count({ where: { userId } }), 2);
  });

  test("not now: this browser's snooze (its cookie) holds the offer back; other logins are not offered", async () => {
    const device = phone();
    await passkeySignup(device);
    const first = await passkeyLogin(device);
    assert.ok(isResume(redirectOf(await declineEnrollment(await reload(first.txn), "skip", request, {}))));
    assert.ok(isResume((await passkeyLogin(device, { localEnrollmentSnoozedUntil: Date.now() + ENROLLMENT_SNOOZE_MS })).next));
    assert.match((await passkeyLogin(device, { localEnrollmentSnoozedUntil: Date.now() - 1 })).next, /^\/u\/passkey-enrollment\/local\?/);
    // A passkey on this device (platform) or a security key (cross-platform, usb) is no cross-device login.
    const laptop = new SoftAuthenticator();
    await passkeySignup(laptop);
    assert.ok(isResume((await passkeyLogin(laptop)).next));
    const key = new SoftAuthenticator({ authenticatorAttachment: "cross-platform", transports: ["usb"] });
    await passkeySignup(key);
    assert.ok(isResume((await passkeyLogin(key)).next));
  });
});

describe("MFA", () => {
  async function withTotp(userId: string) {
    const secret = newTotpSecret();
    assert.equal(await enrollTotp(userId, secret, "000000x", []), "invalid_code");
    assert.equal(await enrollTotp(userId, secret, await generate({ secret }), []), "ok");
    // A second app never silently replaces the first.
    const other = newTotpSecret();
    assert.equal(await enrollTotp(userId, other, await generate({ secret: other }), []), "exists");
    return secret;
  }
  // A code from the next time step: enrolment just used the current one.
  const nextCode = (secret: string, steps = 1) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });

  test("a user with an authenticator app: password, then a code; replays and wrong codes refused", async () => {
    const { email, user } = await passwordUser();
    const secret = await withTotp(user.id);
    const stored = await db().mfaFactor.findFirstOrThrow({ where: { userId: user.id } });
    assert.notEqual(stored.secret, secret, "stored encrypted");
    assert.equal(await decryptSecret(stored.secret), secret);

    const { browser, start, txn, next } = await passwordLogin(email);
    assert.equal(next, `/u/mfa?state=${txn.id}`);
    assert.deepEqual(await verifyMfaCode(await reload(txn), "123", request, {}), { ok: false, error: "invalid_code" });
    assert.deepEqual(await verifyMfaCode(await reload(txn), { code: 1 }, request, {}), { ok: false, error: "invalid_code" });
    const code = await nextCode(secret);
    const done = redirectOf(await verifyMfaCode(await reload(txn), code, request, {}));
    // No passkey yet: the passkey offer comes after the second factor.
    assert.equal(done, `/u/passkey-enrollment?state=${txn.id}`);
    const resume = redirectOf(await declineEnrollment(await reload(txn), "later", request, {}));
    const idToken = await completeAtApplication(browser, start, resume);
    assert.deepEqual(idToken.amr, ["pwd", "otp", "mfa"]);
    assert.deepEqual((await db().logEvent.findFirstOrThrow({ where: { type: "s", userId: user.id } })).details, { performed_amr: ["pwd", "otp", "mfa"] });

    // The same code cannot be used again.
    const replay = await passwordLogin(email);
    assert.deepEqual(await verifyMfaCode(await reload(replay.txn), code, request, {}), { ok: false, error: "invalid_code" });
  });

  test("a recovery code stands in for a lost app, once; wrong and malformed ones are refused and logged", async () => {
    const { email, user } = await passwordUser();
    await withTotp(user.id);
    const codes = newRecoveryCodes();
    assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT);
    assert.ok(
      codes.every((c) => /^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/.test(c)),
      codes.join(" "),
    );
    await storeRecoveryCodes(user.id, codes);
    const { browser, start, txn } = await passwordLogin(email);
    for (const wrong of ["AAAA-AAAA-AAAA-AAAA", "", { code: 1 }, "x".repeat(1000)]) {
      assert.deepEqual(await verifyRecoveryCode(await reload(txn), wrong, request, {}), { ok: false, error: "invalid_recovery_code" }, JSON.stringify(wrong));
    }
    assert.equal(await db().logEvent.count({ where: { type: "gd_recovery_failed", userId: user.id } }), 4);
    // Typed as people type it: lower case, spaces instead of dashes.
    const typed = codes[3].toLowerCase().replaceAll("-", " ");
    const done = redirectOf(await verifyRecoveryCode(await reload(txn), typed, request, {}));
    assert.equal(done, `/u/passkey-enrollment?state=${txn.id}`);
    const resume = redirectOf(await declineEnrollment(await reload(txn), "later", request, {}));
    assert.deepEqual((await completeAtApplication(browser, start, resume)).amr, ["pwd", "mfa"]);
    assert.deepEqual((await db().logEvent.findFirstOrThrow({ where: { type: "gd_recovery_succeed", userId: user.id } })).details, { left: 9 });
    assert.equal(await recoveryCodesLeft(user.id), 9);
    // Used up: the same code again is refused.
    const again = await passwordLogin(email);
    assert.deepEqual(await verifyRecoveryCode(await reload(again.txn), codes[3], request, {}), { ok: false, error: "invalid_recovery_code" });
    // New codes from account settings replace the old ones.
    const renewed = await renewRecoveryCodes(user.id, request);
    assert.ok(renewed.ok);
    assert.deepEqual(await verifyRecoveryCode(await reload(again.txn), codes[0], request, {}), { ok: false, error: "invalid_recovery_code" });
    redirectOf(await verifyRecoveryCode(await reload(again.txn), renewed.recoveryCodes[0], request, {}));
    // "Not you?" on the MFA page: another account starts the same login again from the first step.
    const stuck = await passwordLogin(email);
    const other = await passwordUser();
    redirectOf(await submitLoginIdentifier(await reload(stuck.txn), other.email));
    const offered = redirectOf(await loginWithPassword(await reload(stuck.txn), { password: PASSWORD }, request));
    assert.equal(offered, `/u/passkey-enrollment?state=${stuck.txn.id}`);
    const resumed = redirectOf(await declineEnrollment(await reload(stuck.txn), "later", request, {}));
    assert.equal((await completeAtApplication(stuck.browser, stuck.start, resumed)).sub, other.user.id);
  });

  test(`${MAX_MFA_FAILURES} wrong codes end the attempt, even with the right code after`, async () => {
    const { email, user } = await passwordUser();
    const secret = await withTotp(user.id);
    const { txn } = await passwordLogin(email);
    // Sending the password again does not buy more guesses.
    for (let i = 0; i < MAX_MFA_FAILURES - 1; i++) await verifyMfaCode(await reload(txn), "000000", request, {});
    redirectOf(await loginWithPassword(await reload(txn), { password: PASSWORD }, request));
    assert.equal((await reload(txn)).login?.mfaFailures, MAX_MFA_FAILURES - 1);
    const results = await Promise.all(Array.from({ length: MAX_MFA_FAILURES + 2 }, async () => verifyMfaCode(await reload(txn), "000000", request, {})));
    assert.equal(results.filter((r) => !r.ok && r.error === "too_many_attempts").length >= 2, true);
    assert.deepEqual(await verifyMfaCode(await reload(txn), await nextCode(secret), request, {}), { ok: false, error: "too_many_attempts" });
  });

  test("required after a passkey by default; the tenant setting skips it after a passkey only", async () => {
    const device = new SoftAuthenticator();
    const { email } = await passkeySignup(device);
    const user = await db().user.findFirstOrThrow({ where: { email } });
    const secret = await withTotp(user.id);
    const first = await passkeyLogin(device);
    assert.equal(first.next, `/u/mfa?state=${first.txn.id}`);
    const resume = redirectOf(await verifyMfaCode(await reload(first.txn), await nextCode(secret), request, {}));
    assert.deepEqual((await completeAtApplication(first.browser, first.start, resume)).amr, ["phr", "otp", "mfa"]);
    try {
      await updateTenantSettings({ mfa: { skip_after_passkey: true } });
      const skipped = await passkeyLogin(device);
      assert.ok(isResume(skipped.next));
      assert.deepEqual((await completeAtApplication(skipped.browser, skipped.start, skipped.next)).amr, ["phr"]);
    } finally {
      await updateTenantSettings({ mfa: { skip_after_passkey: false } });
    }
  });

  test("a connection that requires MFA sets it up during the login", async () => {
    const connection = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
    const { email, user } = await passwordUser();
    try {
      await updateConnection(connection.id, { options: { mfa: { required: true } } });
      const { txn, next } = await passwordLogin(email);
      assert.equal(next, `/u/mfa/enroll?state=${txn.id}`);
      const setup = await mfaSetup(await reload(txn));
      assert.ok(setup);
      assert.match(setup.uri, /^otpauth:\/\/totp\//);
      assert.match(setup.qr, /^data:image\/png;base64,/);
      assert.equal((await mfaSetup(await reload(txn)))?.secret, setup.secret, "the same secret on reload");
      assert.equal(setup.recoveryCodes.length, RECOVERY_CODE_COUNT);
      assert.deepEqual((await mfaSetup(await reload(txn)))?.recoveryCodes, setup.recoveryCodes, "and the same recovery codes");
      assert.equal(await db().mfaFactor.count({ where: { userId: user.id } }), 0);
      assert.deepEqual(await confirmMfaSetup(await reload(txn), "999999", request, {}), { ok: false, error: "invalid_code" });
      assert.equal(await db().mfaFactor.count({ where: { userId: user.id } }), 0);
      // Set up elsewhere meanwhile (account settings): this login must not replace it.
      const parallel = await passwordLogin(email);
      const otherSetup = await mfaSetup(await reload(parallel.txn));
      redirectOf(await confirmMfaSetup(await reload(txn), await generate({ secret: setup.secret }), request, {}));
      assert.equal(await db().mfaFactor.count({ where: { userId: user.id } }), 1);
      // The codes shown with the QR code are stored with the app, as digests only.
      const digests = await db().mfaRecoveryCode.findMany({ where: { userId: user.id } });
      assert.equal(digests.length, RECOVERY_CODE_COUNT);
      assert.ok(digests.every((d) => !setup.recoveryCodes.some((c) => d.codeHash.includes(c.replaceAll("-", "")))));
      assert.deepEqual(await confirmMfaSetup(await reload(parallel.txn), await generate({ secret: otherSetup!.secret }), request, {}), {
        ok: false,
        error: "expired",
      });
      assert.equal(await decryptSecret((await db().mfaFactor.findFirstOrThrow({ where: { userId: user.id } })).secret), setup.secret);
      assert.equal((await passwordLogin(email)).next.startsWith("/u/mfa?"), true);
    } finally {
      await updateConnection(connection.id, { options: { mfa: { required: false } } });
    }
  });
});

describe("passkey limit and management", () => {
  const somePasskey = (i: number) => ({
    id: `limit-${i}-${Math.random().toString(36).slice(2)}`,
    publicKey: new Uint8Array([1, 2, 3]),
    counter: 0,
    transports: ["internal"],
    aaguid: "00000000-0000-0000-0000-000000000000",
    deviceType: "multiDevice",
    backedUp: true,
    rpId: "localhost",
  });

  test(`at most ${PASSKEY_LIMIT} passkeys, also when requests race`, async () => {
    const { user } = await passwordUser();
    for (let i = 0; i < PASSKEY_LIMIT - 3; i++) await addPasskey(user.id, somePasskey(i));
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => addPasskey(user.id, somePasskey(100 + i))));
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 3);
    assert.ok(results.filter((r) => r.status === "rejected").every((r) => r.reason instanceof PasskeyLimitError));
    assert.equal(await db().passkey.count({ where: { userId: user.id } }), PASSKEY_LIMIT);
  });

  test("at the limit, the enrollment offer says so before any prompt", async () => {
    const device = new SoftAuthenticator({ authenticatorAttachment: "cross-platform", transports: ["hybrid"] });
    const { email } = await passkeySignup(device);
    const user = await db().user.findFirstOrThrow({ where: { email } });
    for (let i = 0; i < PASSKEY_LIMIT - 2; i++) await addPasskey(user.id, somePasskey(i));
    const { txn, next } = await passkeyLogin(device);
    assert.match(next, /^\/u\/passkey-enrollment\/local\?/);
    await addPasskey(user.id, somePasskey(99)); // the 20th, from elsewhere, while the offer is open
    assert.deepEqual(await enrollmentOptions(await reload(txn)), { ok: false, error: "passkey_limit" });
    // Full: no local offer any more.
    assert.ok(isResume((await passkeyLogin(device)).next));
  });

  test("rename and delete: only your own passkeys, and never the last way in", async () => {
    const device = new SoftAuthenticator();
    const { email } = await passkeySignup(device);
    const user = await db().user.findFirstOrThrow({ where: { email } });
    const [only] = await db().passkey.findMany({ where: { userId: user.id } });
    await renamePasskey(user.id, only.id, "Work laptop");
    assert.equal((await db().passkey.findUniqueOrThrow({ where: { id: only.id } })).name, "Work laptop");
    const stranger = await passwordUser();
    await assert.rejects(renamePasskey(stranger.user.id, only.id, "mine"), PasskeyNotFoundError);
    await assert.rejects(deletePasskey(stranger.user.id, only.id), PasskeyNotFoundError);
    await assert.rejects(deletePasskey(user.id, only.id), LastSignInMethodError);
    const second = await addPasskey(user.id, somePasskey(1));
    // Two deletes racing for the last two passkeys: one wins, one is refused.
    const results = await Promise.allSettled([deletePasskey(user.id, only.id), deletePasskey(user.id, second.id)]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.equal(await db().passkey.count({ where: { userId: user.id } }), 1);
  });
});
