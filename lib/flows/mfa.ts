import { assertNotRefused, countFailure, LimitReachedError, logRefusal } from "../limits";
import { logEvent, type RequestInfo } from "../logs/events";
import { newRecoveryCodes, openSetup, recoveryCodesLeft, sealSetup, spendRecoveryCode } from "../mfa/recovery-codes";
import { enrollTotp, newTotpSecret, totpSetup, verifyTotp } from "../mfa/totp";
import { mfaAttempts, offerTotpSecret, recordSecondFactor, takeMfaAttempt, type Transaction } from "../oidc/transaction";
import { findUserById } from "../users/store";
import { userName } from "../users/identifiers";
import { continueLogin, loginAt, type BrowserState } from "./after-login";
import { fail, type StepResult } from "./result";

// The second factor during a login: a TOTP code from the user's authenticator app, or one of their
// recovery codes (lib/mfa/recovery-codes.ts) when the app is lost, or, when the connection requires
// MFA of a user who has none yet, setting one up (QR code and recovery codes, then a first code).
// Five wrong codes (of either kind) end the attempt: the user starts the login again. Across
// logins, ten wrong codes in 15 minutes lock the user's factor for 15 minutes (lib/limits.ts):
// restarting the login does not buy more guesses.

export const MAX_MFA_FAILURES = 5;

/** The secret and recovery codes offered to this login for setting up TOTP: made once, kept (encrypted) on the transaction. */
export async function mfaSetup(txn: Transaction) {
  const login = loginAt(txn, "mfa_enroll");
  if (!login) return undefined;
  const user = await findUserById(login.userId);
  if (!user) return undefined;
  let stored = login.pendingTotpSecret;
  if (!stored) {
    // Two tabs loading at once must show the same secret: only the first offer counts.
    stored = await offerTotpSecret(txn.id, await sealSetup({ secret: newTotpSecret(), recoveryCodes: newRecoveryCodes() }));
  }
  const { secret, recoveryCodes } = await openSetup(stored);
  return { ...(await totpSetup(secret, userName(user))), recoveryCodes };
}

export async function confirmMfaSetup(txn: Transaction, code: unknown, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const login = loginAt(txn, "mfa_enroll");
  if (!login || !login.pendingTotpSecret) return fail("expired");
  if (!(await takeAttempt(txn))) return fail("too_many_attempts");
  const { secret, recoveryCodes } = await openSetup(login.pendingTotpSecret);
  const outcome = typeof code === "string" ? await enrollTotp(login.userId, secret, code, recoveryCodes) : "invalid_code";
  if (outcome === "exists") return fail("expired"); // set up elsewhere meanwhile: log in again and use it
  if (outcome !== "ok") return wrongCode(txn, login.userId, request);
  await logEvent({
    type: "gd_enrollment_complete",
    clientId: txn.clientId,
    connection: txn.connection.name,
    userId: login.userId,
    request,
    description: "Authenticator app enrolled",
    details: { authenticator: "otp" },
  });
  return passed(txn, login, ["otp", "mfa"], request, browser);
}

// The two ways through the MFA step: the app's code, or a recovery code in its place.
const SECOND_FACTORS = {
  app: {
    check: (userId: string, code: string) => verifyTotp(userId, code),
    // RFC 8176: otp for the code, mfa because the login now used two factors.
    methods: ["otp", "mfa"],
    wrong: "invalid_code",
    failed: { type: "gd_auth_failed", description: "Wrong MFA code" },
    passed: { type: "gd_auth_succeed", description: "MFA code accepted" },
  },
  recovery: {
    check: (userId: string, code: string) => spendRecoveryCode(userId, code),
    // No RFC 8176 value names a recovery code: mfa says two factors were used.
    methods: ["mfa"],
    wrong: "invalid_recovery_code",
    failed: { type: "gd_recovery_failed", description: "Wrong recovery code" },
    passed: { type: "gd_recovery_succeed", description: "Recovery code accepted" },
  },
} as const;

export const verifyMfaCode = (txn: Transaction, code: unknown, request: RequestInfo, browser: BrowserState) => secondFactor("app", txn, code, request, browser);

/** A recovery code instead of the app's: the same limits, and it works once. */
export const verifyRecoveryCode = (txn: Transaction, code: unknown, request: RequestInfo, browser: BrowserState) =>
  secondFactor("recovery", txn, code, request, browser);

async function secondFactor(
  kind: keyof typeof SECOND_FACTORS,
  txn: Transaction,
  code: unknown,
  request: RequestInfo,
  browser: BrowserState,
): Promise<StepResult> {
  const factor = SECOND_FACTORS[kind];
  const login = loginAt(txn, "mfa");
  if (!login) return fail("expired");
  const context = { request, clientId: txn.clientId, connection: txn.connection.name, userId: login.userId };
  try {
    await assertNotRefused("totpFailuresPerUser", login.userId);
  } catch (error) {
    if (!(error instanceof LimitReachedError)) throw error;
    await logRefusal(error, context);
    return fail("mfa_locked");
  }
  if (!(await takeAttempt(txn))) return fail("too_many_attempts");
  if (!(typeof code === "string" && code.length <= 64 && (await factor.check(login.userId, code)))) {
    await logEvent({ ...factor.failed, ...context });
    const lock = await countFailure("totpFailuresPerUser", login.userId);
    if (lock) {
      await logRefusal(lock, context);
      return fail("mfa_locked");
    }
    return fail((await mfaAttempts(txn.id)) >= MAX_MFA_FAILURES ? "too_many_attempts" : factor.wrong);
  }
  const details = kind === "recovery" ? { left: await recoveryCodesLeft(login.userId) } : undefined;
  await logEvent({ ...factor.passed, ...context, details });
  return passed(txn, login, [...factor.methods], request, browser);
}

async function passed(txn: Transaction, login: NonNullable<Transaction["login"]>, methods: string[], request: RequestInfo, browser: BrowserState) {
  const amr = [...login.amr, ...methods];
  await recordSecondFactor(txn.id, amr);
  return continueLogin({ ...txn, login: { ...login, amr, pendingTotpSecret: null } }, request, browser);
}

/** Counts the attempt before checking the code, in one conditional update: parallel guesses each pay. */
async function takeAttempt(txn: Transaction): Promise<boolean> {
  return takeMfaAttempt(txn.id, MAX_MFA_FAILURES);
}

async function wrongCode(txn: Transaction, userId: string, request: RequestInfo): Promise<StepResult> {
  const mfaFailures = await mfaAttempts(txn.id);
  await logEvent({ type: "gd_auth_failed", clientId: txn.clientId, connection: txn.connection.name, userId, request, description: "Wrong MFA code" });
  return fail(mfaFailures >= MAX_MFA_FAILURES ? "too_many_attempts" : "invalid_code");
}
