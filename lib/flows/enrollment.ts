import type { RequestInfo } from "../logs/events";
import type { Transaction } from "../oidc/transaction";
import { ENROLLMENT_SNOOZE_MS } from "../policy/enrollment";
import { snoozePasskeyPrompt } from "../users/store";
import { addPasskeyOptions, finishAddPasskey, type AddPasskeyOptions } from "./add-passkey";
import { continueLogin, loginAt, type BrowserState } from "./after-login";
import { fail, type StepResult } from "./result";

// The passkey offers after a login: progressive enrollment (after a password) and local
// enrollment (after a passkey from another device). Accepting adds a passkey to the signed-in
// user; declining is remembered; either way the login then goes on to the application.

export async function enrollmentOptions(txn: Transaction): Promise<AddPasskeyOptions> {
  const login = loginAt(txn, "enroll", "enroll_local");
  if (!login) return { ok: false, error: "expired" };
  return addPasskeyOptions(txn.id, login.userId);
}

export async function finishEnrollment(txn: Transaction, response: unknown, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const login = loginAt(txn, "enroll", "enroll_local");
  if (!login) return fail("expired");
  const added = await finishAddPasskey({ transactionId: txn.id, kinds: ["enroll"] }, login.userId, response, {
    request,
    clientId: txn.clientId,
    connection: txn.connection.name,
    description: "Passkey enrolled",
    details: { authenticator: "passkey", offer: login.stage },
  });
  return added.ok ? continueLogin(txn, request, browser) : added;
}

/**
 * "Remind me later" (30 days, kept on the user) or "Don't ask again" (until the user adds a
 * passkey from account settings) for progressive enrollment; "Not now" for local enrollment,
 * which the page remembers in a cookie for this browser.
 */
export async function declineEnrollment(txn: Transaction, choice: unknown, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const login = loginAt(txn, "enroll", "enroll_local");
  if (!login) return fail("expired");
  const progressive = login.stage === "enroll";
  // "unavailable": the page found no platform authenticator, so the offer steps aside unasked.
  const passOn = choice === "unavailable" || (!progressive && choice === "skip");
  if (progressive && choice === "later") {
    await snoozePasskeyPrompt(login.userId, new Date(Date.now() + ENROLLMENT_SNOOZE_MS));
  } else if (progressive && choice === "never") {
    await snoozePasskeyPrompt(login.userId, null);
  } else if (!passOn) {
    return fail("invalid_request");
  }
  return continueLogin(txn, request, browser);
}
