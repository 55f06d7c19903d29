import { z } from "zod";
import { profileSchema, userProfileSchema } from "../users/profile";
import { ApiError, json } from "../api/http";
import { spend } from "../limits";
import { logEvent, requestInfoFrom } from "../logs/events";
import { newUserId } from "../users/store";
import { identityInUse } from "../users/directory";
import { mainIdentifier, parseSignupIdentity, type Attributes, type IdentifierType } from "../users/identifiers";
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
        // The identifiers: which are required, optional or refused is the connection's (lib/users/identifiers.ts).
        email: z.string().max(254).optional(),
        username: z.string().max(128).optional(),
        phone_number: z.string().max(32).optional(),
        // The standard claims and user_metadata (auth0-auth-js maps givenName to given_name…).
        ...userProfileSchema.shape,
      })
      .strict(),
    /** auth0-auth-js sends user_metadata beside user_profile, not in it; either place is read. */
    user_metadata: profileSchema.user_metadata.optional(),
  })
  .strict();

export async function passkeyRegister(request: Request, body: z.infer<typeof registerSchema>): Promise<Response> {
  const client = await passkeyApiClient(request, body);
  const connection = await passkeyConnection(body.realm);
  const { username, phone_number, email, ...profile } = body.user_profile;
  const parsed = parseSignupIdentity(connection.attributes, { email, username, phone_number });
  if (!parsed.ok) throw new ApiError("invalid_request", identityProblem(connection.name, connection.attributes, parsed.field, parsed.missing));
  const { identity } = parsed;
  const ip = requestInfoFrom(request.headers).ip ?? "unknown";
  await spend("signupsPerIp", ip);
  await spend("passkeyChallengesPerIp", ip);
  let taken: boolean;
  try {
    taken = (await identityInUse(connection.id, identity)) !== undefined;
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
    user: {
      id: newUserId(),
      name: mainIdentifier(identity)?.value ?? "",
      identity,
      profile: { ...profile, user_metadata: body.user_metadata ?? profile.user_metadata },
    },
    existingCredentials: [],
    session: { clientId: client.clientId, connectionId: connection.id },
  });
  return json({ authn_params_public_key: options, auth_session: authSession });
}

const EXPECTED: Record<IdentifierType, string> = {
  email: "an email address",
  username: "a username (letters, digits, dots, hyphens and underscores, not only digits)",
  phone_number: "a phone number in E.164 format (+ and the country code)",
};

/** What is wrong with user_profile's identifiers, in words an app developer can act on. */
function identityProblem(connection: string, attributes: Attributes, field: IdentifierType, missing: boolean): string {
  if (missing) return `user_profile.${field}: required on connection ${connection}`;
  if (attributes[field].signup === "inactive") return `user_profile.${field}: connection ${connection} does not use ${field}`;
  const length = field === "username" ? ` of ${attributes.username.minLength} to ${attributes.username.maxLength} characters` : "";
  return `user_profile.${field}: must be ${EXPECTED[field]}${length}`;
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
