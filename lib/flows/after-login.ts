import type { Locale } from "../i18n/locales";
import { logEvent, type RequestInfo } from "../logs/events";
import { finishLogin, openInteraction, saveLoginState, saveStage, TransactionError, type Transaction } from "../oidc/transaction";
import { offerLocalEnrollment, offerProgressiveEnrollment } from "../policy/enrollment";
import { mfaNeeded } from "../policy/mfa";
import { skipsMfaAfterPasskey } from "../tenant";
import { PASSKEY_LIMIT } from "../users/passkeys";
import { sendVerificationCode, sendVerificationLink } from "../users/email-verification";
import { loginUser, recordLogin, type LoginUser } from "../users/store";
import { errorResult, fail, go, type StepResult } from "./result";

// What happens between a verified first factor and the application: the email's code when the
// connection verifies emails before any session, a second factor when the MFA rule asks for one, then at most one passkey offer (progressive or local enrollment), then
// the interaction ends and the provider issues the code. The state lives on the login
// transaction, so each page can check it is the step this login is really at.

export type Stage = "verify_email" | "mfa" | "mfa_enroll" | "enroll" | "enroll_local" | "done";

/** What this browser told us: until when it does not want the local passkey offer (a cookie), and the page's language (for mail). */
export type BrowserState = { localEnrollmentSnoozedUntil?: number; locale?: Locale };

type Login = NonNullable<Transaction["login"]>;

const pages: Record<Exclude<Stage, "done">, string> = {
  verify_email: "/u/email-verification",
  mfa: "/u/mfa",
  mfa_enroll: "/u/mfa/enroll",
  enroll: "/u/passkey-enrollment",
  enroll_local: "/u/passkey-enrollment/local",
};

/** The first factor is verified (login or signup): remember who and how, and go on. */
export async function afterFirstFactor(
  txn: Transaction,
  first: { userId: string; amr: string[]; crossDevice?: boolean; isSignup?: boolean },
  request: RequestInfo,
  browser: BrowserState,
): Promise<StepResult> {
  if (!(await stillOpen(txn))) return fail("expired");
  const login: Login = {
    userId: first.userId,
    amr: first.amr,
    stage: null,
    crossDevice: first.crossDevice ?? false,
    isSignup: first.isSignup ?? false,
    // Sending the password again must not buy more MFA guesses.
    mfaFailures: txn.login?.mfaFailures ?? 0,
    pendingTotpSecret: null,
  };
  // Decided first, then written once: the login's state, or the end of the transaction.
  const stage = await nextStage(txn, login, browser);
  await sendEmailConfirmation(txn, login, stage, request, browser);
  if (stage === "done") return completeLogin(txn, login, request);
  await saveLoginState(txn.id, txn.connection.id, { ...login, stage });
  return go(`${pages[stage]}?state=${txn.id}`);
}

/** Decides the next step of a login whose first factor is done, and goes there. */
export async function continueLogin(txn: Transaction, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  // A step from a page left open after the login ended (or never got past its first factor).
  if (!txn.login || !(await stillOpen(txn))) return fail("expired");
  return advance(txn, txn.login, request, browser);
}

async function stillOpen(txn: Transaction): Promise<boolean> {
  try {
    await openInteraction(txn.id);
    return true;
  } catch (error) {
    if (error instanceof TransactionError) return false;
    throw error;
  }
}

async function advance(txn: Transaction, login: Login, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const stage = await nextStage(txn, login, browser);
  if (stage === "done") return completeLogin(txn, login, request);
  await saveStage(txn.id, stage);
  return go(`${pages[stage]}?state=${txn.id}`);
}

async function nextStage(txn: Transaction, login: Login, browser: BrowserState): Promise<Stage> {
  const user = await loginUser(login.userId);
  if (!user) return "done"; // deleted meanwhile: the provider's account lookup fails the login
  if (needsEmailCode(txn, user)) return "verify_email";
  const userHasFactor = user.hasMfaFactor;
  const mfa = mfaNeeded({
    amr: login.amr,
    userHasFactor,
    connectionRequiresMfa: txn.connection.mfaRequired,
    skipAfterPasskey: await skipsMfaAfterPasskey(),
  });
  if (mfa) return userHasFactor ? "mfa" : "mfa_enroll";
  // One passkey offer per login at most, and none right after signing up.
  if (login.stage === "enroll" || login.stage === "enroll_local" || login.isSignup) return "done";
  const now = new Date();
  const passkeyCount = user.passkeyCount;
  if (offerProgressiveEnrollment({ connection: txn.connection, amr: login.amr, user, now })) return "enroll";
  const local = offerLocalEnrollment({
    connection: txn.connection,
    amr: login.amr,
    crossDevice: login.crossDevice,
    roomForAnother: passkeyCount < PASSKEY_LIMIT,
    browserSnoozedUntil: browser.localEnrollmentSnoozedUntil,
    now,
  });
  return local ? "enroll_local" : "done";
}

/** The connection confirms emails before any session, and this one is not confirmed (a custom database's store says for its users). */
function needsEmailCode(txn: Transaction, user: LoginUser): user is LoginUser & { email: string } {
  return txn.connection.attributes.email.verifyBeforeLogin && user.email !== null && !user.emailVerified && user.externalId === null;
}

/**
 * The mail a login's next step needs: the code the verify_email step waits for (paid like every
 * mail: lib/limits.ts), or, after a signup that need not wait, a link to confirm the address
 * whenever it is read.
 */
async function sendEmailConfirmation(txn: Transaction, login: Login, stage: Stage, request: RequestInfo, browser: BrowserState): Promise<void> {
  if (stage !== "verify_email" && !login.isSignup) return;
  const user = await loginUser(login.userId);
  if (!user?.email || user.emailVerified || user.externalId !== null) return;
  const locale = browser.locale ?? "en";
  if (stage !== "verify_email") return sendVerificationLink({ id: user.id, email: user.email }, locale, txn.clientId);
  await sendVerificationCode({ id: user.id, email: user.email }, { clientId: txn.clientId, transactionId: txn.id }, locale, request);
}

/** Ends the interaction: the provider issues the code with the amr actually performed. */
async function completeLogin(txn: Transaction, login: Login, request: RequestInfo): Promise<StepResult> {
  let redirectTo: string;
  try {
    redirectTo = await finishLogin(txn.id, { accountId: login.userId, amr: login.amr });
  } catch (error) {
    return errorResult(error);
  }
  await recordLogin(login.userId);
  if (!login.isSignup) {
    await logEvent({
      type: "s",
      clientId: txn.clientId,
      connection: txn.connection.name,
      userId: login.userId,
      request,
      description: "Successful login",
      details: { performed_amr: login.amr },
    });
  }
  return go(redirectTo);
}

/** The login's state when it is at `stage`; anything else means the page was reached out of order. */
export function loginAt(txn: Transaction, ...stages: Stage[]): Login | undefined {
  return txn.login && stages.includes(txn.login.stage as Stage) ? txn.login : undefined;
}
