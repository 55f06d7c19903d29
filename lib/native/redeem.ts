import { connectionById } from "../connections";
import { failureCode, grantFailure, SESSION_INVALID } from "../failures";
import { logEvent, type RequestInfo } from "../logs/events";
import { passkeyNeedsMfa } from "./client";
import { recordLogin } from "../users/store";
import { confirmPasskeyUser, createPasskeyUser } from "../users/directory";
import { storeFailureDetails } from "../users/custom-store";
import { verifyAuthentication } from "../webauthn/authentication";
import { WebAuthnError } from "../webauthn/errors";
import { verifyRegistration } from "../webauthn/registration";
import { isRegistrationResponse, readCredential } from "../webauthn/response";

// Redeeming an auth_session from /passkey/register or /passkey/challenge with the platform's
// answer: a signup creates the user with that passkey, a login verifies it. The answer's shape
// says which ceremony it finishes; the auth_session is consumed before verification (only a
// session of that kind, started by this client, matches), so it works once, whatever the
// outcome. Every outcome is logged. The token endpoint (lib/oidc/webauthn-grant.ts) then issues
// the tokens, and the request commits the login's writes with them (lib/unit-of-work.ts).

export class GrantError extends Error {
  constructor(
    readonly error: "invalid_grant" | "invalid_request" | "access_denied" | "mfa_required" | "temporarily_unavailable",
    description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = "GrantError";
  }
}

export async function redeemAuthSession(input: {
  authSession: string;
  response: string;
  clientId: string;
  realm?: string;
  request: RequestInfo;
}): Promise<{ userId: string; amr: string[] }> {
  const log = { clientId: input.clientId, request: input.request };
  let credential: unknown;
  try {
    credential = readCredential(input.response);
  } catch (error) {
    throw grantError(error);
  }
  const session = { authSession: input.authSession, clientId: input.clientId };

  if (isRegistrationResponse(credential)) {
    let userId: string;
    let connectionName: string | undefined;
    try {
      const verified = await verifyRegistration({ challenge: { ...session, kinds: ["native_signup"] }, response: credential });
      const connection = await sessionConnection(verified.challenge.connectionId, input.realm);
      connectionName = connection.name;
      userId = verified.userId;
      await createPasskeyUser({
        connectionId: connection.id,
        userId,
        ...verified.identity,
        profile: verified.challenge.profile ?? {},
        passkey: verified.passkey,
        userAgent: input.request.userAgent,
      });
    } catch (error) {
      const failure = grantError(error);
      await logEvent({
        type: "fs",
        ...log,
        connection: connectionName,
        description: `Passkey signup failed: ${failure.message}`,
        details: storeFailureDetails(error),
      });
      throw failure;
    }
    await logEvent({
      type: "ss",
      ...log,
      connection: connectionName,
      userId,
      description: "Successful signup (native passkey)",
      details: { authentication_methods: ["passkey"] },
    });
    return { userId, amr: ["phr"] };
  }

  let connection;
  let user;
  try {
    const verified = await verifyAuthentication({ challenge: { ...session, kinds: ["native_login"] }, response: credential });
    connection = await sessionConnection(verified.challenge.connectionId, input.realm);
    user = verified.user;
    if (user.connectionId !== connection.id) throw new WebAuthnError("unknown_credential", "This passkey is not registered on this connection");
    if (!(await confirmPasskeyUser(connection.id, user))) throw new WebAuthnError("unknown_credential", "The user store no longer has this user");
  } catch (error) {
    const failure = grantError(error);
    // The user, when the credential named a stored passkey; a replayed, expired or foreign auth_session is logged too.
    const named = error instanceof WebAuthnError ? error.logFields : {};
    await logEvent({ type: "passkey_challenge_failed", ...log, connection: connection?.name, description: failure.message, ...named });
    await logEvent({
      type: "f",
      ...log,
      connection: connection?.name,
      description: `Passkey login failed: ${failure.message}`,
      ...named,
      details: storeFailureDetails(error),
    });
    throw failure;
  }
  const userId = user.id;
  if (await passkeyNeedsMfa(connection, user.hasMfaFactor)) {
    await logEvent({
      type: "f",
      ...log,
      connection: connection.name,
      userId,
      description: "Passkey login needs a second factor, which the native API does not take",
    });
    throw new GrantError("mfa_required", "Multi-factor authentication required; sign in through the hosted login page", 403);
  }
  await recordLogin(userId);
  await logEvent({
    type: "s",
    ...log,
    connection: connection.name,
    userId,
    description: "Successful login (native passkey)",
    details: { performed_amr: ["phr"] },
  });
  return { userId, amr: ["phr"] };
}

/** The auth_session's connection, which `realm` (when given) must name and which must allow passkeys. */
async function sessionConnection(connectionId: string | null, realm: string | undefined) {
  const connection = connectionId ? await connectionById(connectionId) : undefined;
  if (!connection) throw new GrantError("invalid_grant", SESSION_INVALID);
  if (realm !== undefined && realm !== connection.name) throw new GrantError("invalid_request", "realm does not match the connection of the auth_session");
  if (!connection.passkeysEnabled) throw new GrantError("access_denied", `Passkeys are not enabled on connection ${connection.name}`, 403);
  return connection;
}

function grantError(error: unknown): GrantError {
  if (error instanceof GrantError) return error;
  const code = failureCode(error);
  if (!code) throw error;
  const failure = grantFailure(code, (error as Error).message);
  return new GrantError(failure.error, failure.description, failure.error === "temporarily_unavailable" ? 503 : 400);
}
