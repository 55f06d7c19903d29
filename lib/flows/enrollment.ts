import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { db } from "../db";
import { logEvent, type RequestInfo } from "../logs/events";
import type { Transaction } from "../oidc/transaction";
import { ENROLLMENT_SNOOZE_MS } from "../policy/enrollment";
import { addPasskey, canAddPasskey } from "../users/passkeys";
import { findUserById } from "../users/store";
import { registrationOptions, verifyRegistration } from "../webauthn/registration";
import { WebAuthnError } from "../webauthn/errors";
import { continueLogin, loginAt, type BrowserState } from "./after-login";
import { errorResult, fail, type ErrorCode, type StepResult } from "./result";

// The passkey offers after a login: progressive enrollment (after a password) and local
// enrollment (after a passkey from another device). Accepting adds a passkey to the signed-in
// user; declining is remembered; either way the login then goes on to the application.

type OptionsResult = { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; error: ErrorCode };

export async function enrollmentOptions(txn: Transaction, opts: { hybrid?: boolean } = {}): Promise<OptionsResult> {
  const login = loginAt(txn, "enroll", "enroll_local");
  if (!login) return { ok: false, error: "expired" };
  const user = await findUserById(login.userId);
  if (!user) return { ok: false, error: "expired" };
  if (!(await canAddPasskey(user.id))) return { ok: false, error: "passkey_limit" };
  const options = await registrationOptions({
    transactionId: txn.id,
    user: { id: user.id, email: user.email },
    existingCredentials: user.passkeys,
    hybrid: opts.hybrid,
  });
  return { ok: true, options };
}

export async function finishEnrollment(txn: Transaction, response: unknown, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const login = loginAt(txn, "enroll", "enroll_local");
  if (!login) return fail("expired");
  try {
    const verified = await verifyRegistration({ transactionId: txn.id, response });
    if (verified.userId !== login.userId) throw new WebAuthnError("verification_failed", "The passkey was made for another account");
    await addPasskey(login.userId, verified.passkey, request.userAgent);
  } catch (error) {
    const result = errorResult(error);
    await logEvent({ type: "gd_webauthn_enrollment_failed", clientId: txn.clientId, connection: txn.connection.name, userId: login.userId, request, description: `Passkey enrollment failed: ${result.error}` });
    return result;
  }
  await logEvent({ type: "gd_enrollment_complete", clientId: txn.clientId, connection: txn.connection.name, userId: login.userId, request, description: "Passkey enrolled", details: { authenticator: "passkey", offer: login.stage } });
  return continueLogin(txn, request, browser);
}

/**
 * "Remind me later" (30 days, kept on the user) or "Don't ask again" (until the user adds a
 * passkey from account settings) for progressive enrollment; "Not now" for local enrollment,
 * which the page remembers in a cookie for this browser.
 */
export async function declineEnrollment(
  txn: Transaction,
  choice: unknown,
  request: RequestInfo,
  browser: BrowserState,
): Promise<StepResult> {
  const login = loginAt(txn, "enroll", "enroll_local");
  if (!login) return fail("expired");
  if (login.stage === "enroll" && choice === "later") {
    await db().user.update({ where: { id: login.userId }, data: { passkeyPromptSnoozedUntil: new Date(Date.now() + ENROLLMENT_SNOOZE_MS) } });
  } else if (login.stage === "enroll" && choice === "never") {
    await db().user.update({ where: { id: login.userId }, data: { passkeyPromptNever: true } });
  } else if (!(login.stage === "enroll_local" && choice === "skip") && choice !== "unavailable") {
    // "unavailable": the page found no platform authenticator, so the offer is skipped unasked.
    return fail("invalid_request");
  }
  return continueLogin(txn, request, browser);
}
