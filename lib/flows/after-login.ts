import { logEvent, type RequestInfo } from "../logs/events";
import { finishLogin, openInteraction, saveLoginState, saveStage, TransactionError, type Transaction } from "../oidc/transaction";
import { offerLocalEnrollment, offerProgressiveEnrollment } from "../policy/enrollment";
import { mfaNeeded } from "../policy/mfa";
import { skipsMfaAfterPasskey } from "../tenant";
import { PASSKEY_LIMIT } from "../users/passkeys";
import { loginUser, recordLogin } from "../users/store";
import { errorResult, fail, go, type StepResult } from "./result";

// What happens between a verified first factor and the application: a second factor when the
// MFA rule asks for one, then at most one passkey offer (progressive or local enrollment), then
// the interaction ends and the provider issues the code. The state lives on the login
// transaction, so each page can check it is the step this login is really at.

export type Stage = "mfa" | "mfa_enroll" | "enroll" | "enroll_local" | "done";

/** What this browser told us (a cookie): until when it does not want the local passkey offer. */
export type BrowserState = { localEnrollmentSnoozedUntil?: number };

type Login = NonNullable<Transaction["login"]>;

const pages: Record<Exclude<Stage, "done">, string> = {
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
