import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { spend } from "../limits";
import { logEvent, type RequestInfo } from "../logs/events";
import { rememberEmail, type Transaction } from "../oidc/transaction";
import { passwordProblem, PASSWORD_MAX_LENGTH } from "../users/passwords";
import { emailSchema, newUserId } from "../users/store";
import { createPasskeyUser, createPasswordUser, emailInUse } from "../users/directory";
import { storeFailureDetails } from "../users/custom-store";
import { registrationOptions, verifyRegistration } from "../webauthn/registration";
import { afterFirstFactor } from "./after-login";
import { errorResult, fail, go, type StepResult } from "./result";

// Signup: email, then "Create a passkey" (or a password instead). An email that already has an
// account goes to login instead of being created twice. The user row is written only when the
// passkey or password is verified, together with it.

export async function submitSignupEmail(txn: Transaction, input: unknown, request: RequestInfo = {}): Promise<StepResult> {
  const email = emailSchema.safeParse(input);
  if (!email.success) return fail("invalid_email");
  await rememberEmail(txn.id, txn.connection.id, email.data);
  let taken: boolean;
  try {
    taken = await emailInUse(txn.connection.id, email.data);
  } catch (error) {
    return signupFailed(txn, error, request);
  }
  if (taken) return go(`/u/login?state=${txn.id}&exists=1`);
  return go(txn.connection.passkeysEnabled ? `/u/signup/passkey?state=${txn.id}` : `/u/signup/password?state=${txn.id}`);
}

export async function passkeySignupOptions(
  txn: Transaction,
  opts: { hybrid?: boolean },
  request: RequestInfo,
): Promise<
  { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; error: "passkeys_disabled" | "expired" | "user_exists" | "store_unavailable" }
> {
  if (!txn.connection.passkeysEnabled) return { ok: false, error: "passkeys_disabled" };
  if (!txn.email) return { ok: false, error: "expired" };
  try {
    if (await emailInUse(txn.connection.id, txn.email)) return { ok: false, error: "user_exists" };
  } catch (error) {
    await signupFailed(txn, error, request);
    return { ok: false, error: "store_unavailable" };
  }
  await spend("passkeyChallengesPerIp", request.ip ?? "unknown");
  const options = await registrationOptions({
    kind: "signup",
    transactionId: txn.id,
    user: { id: newUserId(), email: txn.email },
    existingCredentials: [],
    hybrid: opts.hybrid,
  });
  return { ok: true, options };
}

export async function finishPasskeySignup(txn: Transaction, response: unknown, request: RequestInfo): Promise<StepResult> {
  if (!txn.connection.passkeysEnabled) return fail("passkeys_disabled");
  await spend("signupsPerIp", request.ip ?? "unknown");
  let userId: string;
  try {
    const verified = await verifyRegistration({ challenge: { transactionId: txn.id, kinds: ["signup"] }, response });
    userId = verified.userId;
    await createPasskeyUser({ connectionId: txn.connection.id, userId, email: verified.email, passkey: verified.passkey, userAgent: request.userAgent });
  } catch (error) {
    return signupFailed(txn, error, request);
  }
  await logEvent({
    type: "ss",
    clientId: txn.clientId,
    connection: txn.connection.name,
    userId,
    request,
    description: "Successful signup",
    details: { authentication_methods: ["passkey"] },
  });
  // The account exists from here on; if the transaction ran out meanwhile, the user logs in again.
  return afterFirstFactor(txn, { userId, amr: ["phr"], isSignup: true }, request, {});
}

const passwordSignupSchema = z.object({ password: z.string().max(PASSWORD_MAX_LENGTH * 4) });

export async function signupWithPassword(txn: Transaction, input: unknown, request: RequestInfo): Promise<StepResult> {
  if (!txn.email) return fail("expired");
  const parsed = passwordSignupSchema.safeParse(input);
  if (!parsed.success) return fail("invalid_request");
  const problem = passwordProblem(parsed.data.password, txn.connection.passwordMinLength);
  if (problem) return fail(problem === "too_short" ? "password_too_short" : "password_too_long");
  await spend("signupsPerIp", request.ip ?? "unknown");
  try {
    const user = await createPasswordUser({ connectionId: txn.connection.id, email: txn.email, password: parsed.data.password });
    await logEvent({
      type: "ss",
      clientId: txn.clientId,
      connection: txn.connection.name,
      userId: user.id,
      request,
      description: "Successful signup",
      details: { authentication_methods: ["password"] },
    });
    return await afterFirstFactor(txn, { userId: user.id, amr: ["pwd"], isSignup: true }, request, {});
  } catch (error) {
    return storeFailureDetails(error) ? signupFailed(txn, error, request) : errorResult(error);
  }
}

/** A failed signup, logged (fs) with why; a failure of the user store says which call and how. */
async function signupFailed(txn: Transaction, error: unknown, request: RequestInfo): Promise<StepResult> {
  const result = errorResult(error);
  const details = storeFailureDetails(error);
  await logEvent({ type: "fs", clientId: txn.clientId, connection: txn.connection.name, request, description: `Signup failed: ${result.error}`, details });
  return result;
}
