import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import type { Passkey } from "../generated/prisma/client";
import { logEvent, type RequestInfo } from "../logs/events";
import { addPasskey, canAddPasskey } from "../users/passkeys";
import { currentSite } from "../sites";
import { findUserById } from "../users/store";
import { userName } from "../users/identifiers";
import type { ChallengeBinding } from "../webauthn/challenges";
import { registrationOptions, verifyRegistration } from "../webauthn/registration";
import { WebAuthnError } from "../webauthn/errors";
import { errorResult, type ErrorCode } from "./result";

// Adding a passkey to an existing user, in two steps: the same for the offers after a login
// (the challenge bound to the login transaction) and for account settings (bound to the account).

export type AddPasskeyOptions = { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; error: ErrorCode };

/**
 * Creation options that exclude the user's passkeys; refused up front when the user is at the
 * limit, or when their passkeys were made for another RP ID (another custom domain's): as Auth0
 * does with several domains, a user's passkeys belong to the first domain they enrolled on.
 */
export async function addPasskeyOptions(ceremony: string, userId: string, session?: { clientId: string; connectionId: string }): Promise<AddPasskeyOptions> {
  const user = await findUserById(userId);
  if (!user) return { ok: false, error: "expired" };
  if (!(await canAddPasskey(user.id))) return { ok: false, error: "passkey_limit" };
  const { rpId } = await currentSite();
  if (user.passkeys.length > 0 && !user.passkeys.some((p) => p.rpId === rpId)) return { ok: false, error: "passkey_elsewhere" };
  const options = await registrationOptions({
    kind: "enroll",
    transactionId: ceremony,
    user: { id: user.id, name: userName(user) },
    existingCredentials: user.passkeys,
    session,
  });
  return { ok: true, options };
}

/** Verifies the new passkey, stores it (within the limit) and logs the outcome either way. */
export async function finishAddPasskey(
  /** The ceremony's challenge: its transaction (or the My Account auth_session), kind "enroll". */
  challenge: ChallengeBinding,
  userId: string,
  response: unknown,
  log: { request: RequestInfo; clientId?: string; connection?: string; description: string; details: Record<string, unknown> },
): Promise<{ ok: true; passkey: Passkey } | { ok: false; error: ErrorCode }> {
  const { request, clientId, connection } = log;
  let passkey: Passkey;
  try {
    const verified = await verifyRegistration({ challenge, response });
    if (verified.userId !== userId) throw new WebAuthnError("verification_failed", "The passkey was made for another account");
    passkey = await addPasskey(userId, verified.passkey, request.userAgent);
  } catch (error) {
    const result = errorResult(error);
    await logEvent({ type: "gd_webauthn_enrollment_failed", clientId, connection, userId, request, description: `Passkey enrollment failed: ${result.error}` });
    return result;
  }
  await logEvent({ type: "gd_enrollment_complete", clientId, connection, userId, request, description: log.description, details: log.details });
  return { ok: true, passkey };
}
