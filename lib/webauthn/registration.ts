import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import type { Identity } from "../users/identifiers";
import type { UserProfile } from "../users/profile";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { consumeChallenge, saveChallenge, type ChallengeBinding, type ChallengeKind } from "./challenges";
import { WebAuthnError } from "./errors";
import { relyingParty, CEREMONY_TIMEOUT_MS, SUPPORTED_ALGORITHMS } from "./relying-party";
import { challengeOf, parseResponse, registrationResponseSchema } from "./response";

// Registration ceremony, in two steps: options (challenge saved), then verification (challenge
// consumed). Storing the credential is the caller's job, so that a new user and their first
// passkey are written in one transaction.

export type NewPasskey = {
  id: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  aaguid: string;
  deviceType: string;
  backedUp: boolean;
  rpId: string;
  authenticatorAttachment?: "platform" | "cross-platform";
};

export async function registrationOptions(input: {
  /** signup (a new user on the hosted pages), native_signup (the native API), enroll (an existing user). */
  kind: Extract<ChallengeKind, "signup" | "native_signup" | "enroll">;
  transactionId: string;
  /** `name`: what the authenticator shows (an email, username or phone number); `identity`: a new user's identifiers. */
  user: { id: string; name: string; identity?: Identity; profile?: UserProfile };
  existingCredentials: { id: string; transports: string[] }[];
  /** "Try another way": ask for a passkey on another device (a phone or tablet, via QR code). */
  hybrid?: boolean;
  /** For an API auth_session: who asked, on which connection. */
  session?: { clientId: string; connectionId: string };
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = await relyingParty();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: input.user.name,
    userDisplayName: input.user.profile?.name ?? input.user.name,
    userID: new TextEncoder().encode(input.user.id),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: input.existingCredentials.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    // hints: ["hybrid"] and authenticatorAttachment "cross-platform".
    ...(input.hybrid ? { preferredAuthenticatorType: "remoteDevice" as const } : {}),
  });
  await saveChallenge({
    challenge: options.challenge,
    kind: input.kind,
    transactionId: input.transactionId,
    userId: input.user.id,
    identity: input.user.identity,
    profile: input.user.profile,
    ...input.session,
  });
  return options;
}

export async function verifyRegistration(input: { challenge: ChallengeBinding; response: unknown }) {
  const response = parseResponse(registrationResponseSchema, input.response);
  const challenge = await consumeChallenge(input.challenge, challengeOf(response.response.clientDataJSON));
  const rp = await relyingParty(challenge.clientId);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  } catch (error) {
    throw new WebAuthnError("verification_failed", `The passkey could not be verified: ${(error as Error).message}`);
  }
  if (!verification.verified) throw new WebAuthnError("verification_failed", "The passkey could not be verified");
  const info = verification.registrationInfo;
  const passkey: NewPasskey = {
    id: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: info.credential.transports ?? response.response.transports ?? [],
    aaguid: info.aaguid,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    rpId: rp.id,
    authenticatorAttachment: response.authenticatorAttachment,
  };
  const { userId, identity } = challenge;
  if (!userId) throw new WebAuthnError("challenge_invalid", "This challenge was not made for a registration");
  return { passkey, userId, identity: identity ?? {}, challenge };
}
