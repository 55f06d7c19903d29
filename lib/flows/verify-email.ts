import { logEvent, type RequestInfo } from "../logs/events";
import type { Transaction } from "../oidc/transaction";
import { checkCode, liveLinkTicket, spendTicket } from "../users/email-tickets";
import { markEmailVerified, sendVerificationCode } from "../users/email-verification";
import { loginUser } from "../users/store";
import { continueLogin, loginAt, type BrowserState } from "./after-login";
import { fail, go, type StepResult } from "./result";

// Email verification (Auth0's sv/fv events):
// - A connection with options.attributes.email.signup.verification.active asks for the code it
//   mailed before any session (lib/flows/after-login.ts sends it): six digits, 10 minutes, five
//   tries, good only in this login; "Send a new code" is paid like every mail.
// - Elsewhere a new signup gets a link; confirming it is a click on its page (a POST: mail
//   scanners open links), whenever the mail is read.
// Either way the user row says email_verified, and so do the tokens from then on.

const CODE = /^\d{6}$/;

export async function verifyEmailCode(txn: Transaction, typed: unknown, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const login = loginAt(txn, "verify_email");
  if (!login) return fail("expired");
  const code = typeof typed === "string" ? typed.replace(/\s+/g, "") : "";
  if (!CODE.test(code)) return fail("invalid_email_code");
  const context = { clientId: txn.clientId, connection: txn.connection.name, userId: login.userId, request };
  const checked = await checkCode(txn.id, login.userId, code);
  if (checked !== "ok") {
    await logEvent({
      type: "fv",
      ...context,
      description: checked === "wrong" ? "Wrong email verification code" : "Email verification code expired or tried too often",
    });
    return fail(checked === "wrong" ? "invalid_email_code" : "code_expired");
  }
  await markEmailVerified(login.userId);
  await logEvent({ type: "sv", ...context, description: "Email verified by a code" });
  return continueLogin(txn, request, browser);
}

export async function resendEmailCode(txn: Transaction, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const login = loginAt(txn, "verify_email");
  if (!login) return fail("expired");
  const user = await loginUser(login.userId);
  if (!user?.email) return fail("expired");
  await sendVerificationCode({ id: user.id, email: user.email }, { clientId: txn.clientId, transactionId: txn.id }, browser.locale ?? "en", request);
  return go(`/u/email-verification?state=${txn.id}&resent=1`);
}

/** The link mailed after signup: confirms the address (once). */
export async function confirmEmailLink(token: unknown, request: RequestInfo): Promise<StepResult> {
  const ticket = await liveLinkTicket("verify_link", token);
  if (!ticket || !(await spendTicket(ticket))) {
    await logEvent({ type: "fv", userId: ticket?.userId, request, description: "Email verification link used or expired" });
    return fail("link_invalid");
  }
  await markEmailVerified(ticket.userId);
  await logEvent({ type: "sv", userId: ticket.userId, request, description: "Email verified by a link" });
  return go("/u/verify-email?done=1");
}
