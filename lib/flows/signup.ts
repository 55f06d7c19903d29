import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { spend } from "../limits";
import { logEvent, type RequestInfo } from "../logs/events";
import { rememberIdentity, type Transaction } from "../oidc/transaction";
import { passwordProblem, PASSWORD_MAX_LENGTH } from "../users/passwords";
import { newUserId } from "../users/store";
import { IDENTIFIER_TYPES, mainIdentifier, parseSignupIdentity, type Identity } from "../users/identifiers";
import { createPasskeyUser, createPasswordUser, identityInUse } from "../users/directory";
import { storeFailureDetails } from "../users/custom-store";
import { registrationOptions, verifyRegistration } from "../webauthn/registration";
import { afterFirstFactor } from "./after-login";
import { errorResult, fail, go, INVALID_IDENTIFIER, type StepResult } from "./result";

// Signup: the identifiers the connection asks (an email, a username, a phone number: see
// lib/users/identifiers.ts), then "Create a passkey" (or a password instead). An email that
// already has an account goes to login instead of being created twice; a taken username or phone
// number is said so. The user row is written only when the passkey or password is verified,
// together with it.

// Each value is checked by parseSignupIdentity (a wrong type or length is an invalid identifier).
const signupFormSchema = z.object(Object.fromEntries(IDENTIFIER_TYPES.map((type) => [type, z.unknown().optional()]))).strict();

export async function submitSignupIdentity(txn: Transaction, input: unknown, request: RequestInfo = {}): Promise<StepResult> {
  const form = signupFormSchema.safeParse(input);
  if (!form.success) return fail("invalid_request");
  const parsed = parseSignupIdentity(txn.connection.attributes, form.data);
  // A required one left empty is "not a valid email address (username, phone number)" too.
  if (!parsed.ok) return fail(INVALID_IDENTIFIER[parsed.field]);
  const { identity } = parsed;
  await rememberIdentity(txn.id, txn.connection.id, identity);
  let taken: keyof Identity | undefined;
  try {
    taken = await identityInUse(txn.connection.id, identity);
  } catch (error) {
    return signupFailed(txn, error, request);
  }
  if (taken === "email") {
    await rememberIdentity(txn.id, txn.connection.id, { email: identity.email });
    return go(`/u/login?state=${txn.id}&exists=1`);
  }
  if (taken) return fail(taken === "username" ? "username_taken" : "phone_number_taken");
  return go(txn.connection.passkeysEnabled ? `/u/signup/passkey?state=${txn.id}` : `/u/signup/password?state=${txn.id}`);
}

/** What the signup form gave, checked again against the connection (it may have changed meanwhile). */
function signupIdentity(txn: Transaction): Identity | undefined {
  const parsed = parseSignupIdentity(txn.connection.attributes, txn.identity);
  return parsed.ok && mainIdentifier(parsed.identity) ? parsed.identity : undefined;
}

export async function passkeySignupOptions(
  txn: Transaction,
  opts: { hybrid?: boolean },
  request: RequestInfo,
): Promise<
  { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; error: "passkeys_disabled" | "expired" | "user_exists" | "store_unavailable" }
> {
  if (!txn.connection.passkeysEnabled) return { ok: false, error: "passkeys_disabled" };
  const identity = signupIdentity(txn);
  if (!identity) return { ok: false, error: "expired" };
  try {
    if (await identityInUse(txn.connection.id, identity)) return { ok: false, error: "user_exists" };
  } catch (error) {
    await signupFailed(txn, error, request);
    return { ok: false, error: "store_unavailable" };
  }
  await spend("passkeyChallengesPerIp", request.ip ?? "unknown");
  const options = await registrationOptions({
    kind: "signup",
    transactionId: txn.id,
    user: { id: newUserId(), name: mainIdentifier(identity)?.value ?? "", identity },
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
    await createPasskeyUser({ connectionId: txn.connection.id, userId, ...verified.identity, passkey: verified.passkey, userAgent: request.userAgent });
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
  const identity = signupIdentity(txn);
  if (!identity) return fail("expired");
  if (!txn.connection.passwordsEnabled) {
    await logEvent({ type: "fs", clientId: txn.clientId, connection: txn.connection.name, request, description: "Passwords are off on this connection" });
    return fail("passwords_disabled");
  }
  const parsed = passwordSignupSchema.safeParse(input);
  if (!parsed.success) return fail("invalid_request");
  const problem = passwordProblem(parsed.data.password, txn.connection.passwordMinLength);
  if (problem) return fail(problem === "too_short" ? "password_too_short" : "password_too_long");
  await spend("signupsPerIp", request.ip ?? "unknown");
  try {
    const user = await createPasswordUser({ connectionId: txn.connection.id, ...identity, password: parsed.data.password });
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
