import { db } from "../db";
import { logEvent, type RequestInfo } from "../logs/events";
import { passkeyNeedsMfa } from "./client";
import { createUserWithPasskey, findUserById, recordLogin, UserExistsError } from "../users/store";
import { verifyAuthentication } from "../webauthn/authentication";
import { liveApiSession } from "../webauthn/challenges";
import { WebAuthnError } from "../webauthn/errors";
import { verifyRegistration } from "../webauthn/registration";

// Redeeming an auth_session from /passkey/register or /passkey/challenge with the platform's
// answer: a signup creates the user with that passkey, a login verifies it. The challenge is
// consumed before verification, so an auth_session works once, whatever the outcome. Every
// outcome is logged. The token endpoint (lib/oidc/webauthn-grant.ts) then issues the tokens.

export class GrantError extends Error {
  constructor(
    readonly error: "invalid_grant" | "invalid_request" | "access_denied" | "mfa_required",
    description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = "GrantError";
  }
}

const SESSION_INVALID = "The auth_session is invalid, expired or already used";

export async function redeemAuthSession(input: {
  authSession: string;
  response: string;
  clientId: string;
  realm?: string;
  request: RequestInfo;
}): Promise<{ userId: string; amr: string[] }> {
  const session = await liveApiSession(input.authSession);
  if (!session || session.clientId !== input.clientId || !session.connectionId) throw new GrantError("invalid_grant", SESSION_INVALID);
  const connection = await db().connection.findUniqueOrThrow({ where: { id: session.connectionId } });
  if (input.realm !== undefined && input.realm !== connection.name) {
    throw new GrantError("invalid_request", "realm does not match the connection of the auth_session");
  }
  if (!connection.passkeysEnabled) throw new GrantError("access_denied", `Passkeys are not enabled on connection ${connection.name}`, 403);
  const log = { clientId: input.clientId, connection: connection.name, request: input.request };

  if (session.purpose === "registration") {
    // A My Account enrollment session names a user who exists already; it is not redeemed here.
    if (!session.userId || (await findUserById(session.userId))) throw new GrantError("invalid_grant", SESSION_INVALID);
    try {
      const verified = await verifyRegistration({ transactionId: input.authSession, response: input.response });
      await createUserWithPasskey({ connectionId: connection.id, userId: verified.userId, email: verified.email, passkey: verified.passkey, userAgent: input.request.userAgent });
    } catch (error) {
      const failure = grantError(error);
      await logEvent({ type: "fs", ...log, description: `Passkey signup failed: ${failure.message}` });
      throw failure;
    }
    await logEvent({ type: "ss", ...log, userId: session.userId, description: "Successful signup (native passkey)", details: { authentication_methods: ["passkey"] } });
    return { userId: session.userId, amr: ["phr"] };
  }

  let user;
  try {
    const { userId } = await verifyAuthentication({ transactionId: input.authSession, response: input.response });
    user = await findUserById(userId);
    if (!user || user.connectionId !== connection.id) throw new WebAuthnError("unknown_credential", "This passkey is not registered on this connection");
  } catch (error) {
    const failure = grantError(error);
    await logEvent({ type: "passkey_challenge_failed", ...log, description: failure.message });
    await logEvent({ type: "f", ...log, description: `Passkey login failed: ${failure.message}` });
    throw failure;
  }
  const userId = user.id;
  if (await passkeyNeedsMfa(connection, user.mfaFactors.length > 0)) {
    await logEvent({ type: "f", ...log, userId, description: "Passkey login needs a second factor, which the native API does not take" });
    throw new GrantError("mfa_required", "Multi-factor authentication required; sign in through the hosted login page", 403);
  }
  await recordLogin(userId);
  await logEvent({ type: "s", ...log, userId, description: "Successful login (native passkey)", details: { performed_amr: ["phr"] } });
  return { userId, amr: ["phr"] };
}

function grantError(error: unknown): GrantError {
  if (error instanceof WebAuthnError) {
    if (error.code === "challenge_invalid") return new GrantError("invalid_grant", SESSION_INVALID);
    // Not a credential we can read (bad JSON, base64url or CBOR): the request is wrong, not the passkey.
    return new GrantError(error.code === "malformed_response" ? "invalid_request" : "invalid_grant", error.message);
  }
  if (error instanceof UserExistsError) return new GrantError("invalid_grant", "A user with this identifier already exists");
  throw error;
}
