import { z } from "zod";
import { profileSchema, userProfileSchema } from "../users/profile";
import { ApiError, json } from "../api/http";
import { spend } from "../limits";
import { logEvent, requestInfoFrom } from "../logs/events";
import { emailSchema, newUserId } from "../users/store";
import { emailInUse } from "../users/directory";
import { storeFailureDetails } from "../users/custom-store";
import { apiFailure } from "../failures";
import { authenticationOptions } from "../webauthn/authentication";
import { newAuthSession } from "../webauthn/challenges";
import { registrationOptions } from "../webauthn/registration";
import { clientFields, passkeyApiClient, passkeyConnection, passkeyNeedsMfa } from "./client";

// The native passkey API (Auth0's POST /passkey/register and /passkey/challenge): creation or
// request options for the app to hand to the platform's passkey API, and an auth_session that
// the app redeems, with the platform's answer, at /oauth/token (lib/oidc/webauthn-grant.ts).
// The auth_session is the ceremony's transaction id: single use and as short-lived as its challenge.

export const registerSchema = z
  .object({
    ...clientFields,
    realm: z.string().min(1).max(128).optional(),
    user_profile: z
      .object({
        email: z.string().max(254),
        // The standard claims and user_metadata (auth0-auth-js maps givenName to given_name…).
        ...userProfileSchema.shape,
        // Flexible identifiers are not built: named so the error can say so, rather than "unrecognized key".
        username: z.unknown().optional(),
        phone_number: z.unknown().optional(),
      })
      .strict(),
    /** auth0-auth-js sends user_metadata beside user_profile, not in it; either place is read. */
    user_metadata: profileSchema.user_metadata.optional(),
  })
  .strict();

export async function passkeyRegister(request: Request, body: z.infer<typeof registerSchema>): Promise<Response> {
  const client = await passkeyApiClient(request, body);
  const connection = await passkeyConnection(body.realm);
  const { username, phone_number, email: _email, ...profile } = body.user_profile;
  if (username !== undefined || phone_number !== undefined) {
    throw new ApiError("invalid_request", `Connection ${connection.name} identifies users by email only (user_profile.email)`);
  }
  const email = emailSchema.safeParse(body.user_profile.email);
  if (!email.success) throw new ApiError("invalid_request", "user_profile.email: must be an email address");
  const ip = requestInfoFrom(request.headers).ip ?? "unknown";
  await spend("signupsPerIp", ip);
  await spend("passkeyChallengesPerIp", ip);
  let taken: boolean;
  try {
    taken = await emailInUse(connection.id, email.data);
  } catch (error) {
    const details = storeFailureDetails(error);
    if (!details) throw error;
    await logEvent({
      type: "fs",
      clientId: client.clientId,
      connection: connection.name,
      request: requestInfoFrom(request.headers),
      description: "The user store failed",
      details,
    });
    throw new ApiError("temporarily_unavailable", apiFailure("store_unavailable").description);
  }
  if (taken) {
    throw new ApiError("invalid_request", "A user with this identifier already exists; use the login flow");
  }
  // A new user on a connection that requires MFA would have to set up a second factor, which this API cannot do.
  if (await passkeyNeedsMfa(connection, false)) {
    throw new ApiError("access_denied", `Connection ${connection.name} requires MFA enrollment; sign up through the hosted login page`);
  }
  const authSession = newAuthSession();
  const options = await registrationOptions({
    kind: "native_signup",
    transactionId: authSession,
    user: { id: newUserId(), email: email.data, profile: { ...profile, user_metadata: body.user_metadata ?? profile.user_metadata } },
    existingCredentials: [],
    session: { clientId: client.clientId, connectionId: connection.id },
  });
  return json({ authn_params_public_key: options, auth_session: authSession });
}

export const challengeSchema = z.object({ ...clientFields, realm: z.string().min(1).max(128).optional() }).strict();

export async function passkeyChallenge(request: Request, body: z.infer<typeof challengeSchema>): Promise<Response> {
  const client = await passkeyApiClient(request, body);
  const connection = await passkeyConnection(body.realm);
  await spend("passkeyChallengesPerIp", requestInfoFrom(request.headers).ip ?? "unknown");
  const authSession = newAuthSession();
  // Discoverable credentials: the platform offers the user's passkeys; nothing reveals who has one.
  const options = await authenticationOptions({
    kind: "native_login",
    transactionId: authSession,
    session: { clientId: client.clientId, connectionId: connection.id },
  });
  await logEvent({
    type: "passkey_challenge_started",
    clientId: client.clientId,
    connection: connection.name,
    request: requestInfoFrom(request.headers),
    description: "Passkey challenge started (native)",
  });
  return json({ authn_params_public_key: options, auth_session: authSession });
}
