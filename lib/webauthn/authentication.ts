import { generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { UserBlockedError } from "../users/store";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { passkeyForLogin, recordPasskeyUse } from "../users/passkeys";
import { consumeChallenge, saveChallenge, type ChallengeBinding } from "./challenges";
import { WebAuthnError } from "./errors";
import { relyingParty, CEREMONY_TIMEOUT_MS } from "./relying-party";
import { authenticationResponseSchema, challengeOf, parseResponse } from "./response";

// Authentication ceremony: options (challenge saved), then verification (challenge consumed,
// signature and counter checked, counter and last use recorded). Options never list credential
// ids (allowCredentials): every request is for a discoverable credential, so nobody learns a
// user's credential ids by typing their email; the caller checks whose passkey answered.

export async function authenticationOptions(input: {
  /** login (the hosted pages) or native_login (the native API: `session` names who asked). */
  kind: "login" | "native_login";
  transactionId: string;
  /** "Try another way": the passkey is on another device (a phone or tablet, via QR code). */
  hybrid?: boolean;
  /** For an API auth_session: who asked, on which connection. */
  session?: { clientId: string; connectionId: string };
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const rp = await relyingParty();
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: "required",
  });
  await saveChallenge({ challenge: options.challenge, kind: input.kind, transactionId: input.transactionId, ...input.session });
  return input.hybrid ? { ...options, hints: ["hybrid"] } : options;
}

/**
 * Verifies an assertion against the challenge `binding` names (used up either way) and the stored
 * passkey. Returns the passkey and what the login decides on about its owner (lib/users).
 */
export async function verifyAuthentication(input: { challenge: ChallengeBinding; response: unknown }) {
  const response = parseResponse(authenticationResponseSchema, input.response);
  const challenge = await consumeChallenge(input.challenge, challengeOf(response.response.clientDataJSON));
  const found = await passkeyForLogin(response.id);
  if (!found) throw new WebAuthnError("unknown_credential", "This passkey is not registered here");
  const { passkey, user } = found;
  const subject = { userId: user.id, passkeyId: passkey.id };
  if (response.response.userHandle) {
    const handle = Buffer.from(response.response.userHandle, "base64url").toString("utf8");
    if (handle !== user.id) throw new WebAuthnError("verification_failed", "The passkey does not belong to this account", subject);
  }
  const rp = await relyingParty(challenge.clientId);
  // A passkey works for the RP ID it was made for: on another site (a custom domain with its own), never.
  if (passkey.rpId !== rp.id) throw new WebAuthnError("verification_failed", `This passkey is for ${passkey.rpId}, not for ${rp.id}`, subject);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: { id: passkey.id, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: passkey.transports },
    });
  } catch (error) {
    const message = (error as Error).message;
    // A signature counter that did not grow: the credential may have been copied to another authenticator.
    if (/counter value .* lower than expected/i.test(message)) {
      throw new WebAuthnError("verification_failed", `The passkey's signature counter went backwards (a possible cloned authenticator): ${message}`, {
        ...subject,
        possibleClone: true,
      });
    }
    throw new WebAuthnError("verification_failed", `The passkey could not be verified: ${message}`, subject);
  }
  if (!verification.verified) throw new WebAuthnError("verification_failed", "The passkey could not be verified", subject);
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  // Only a verified holder of the passkey learns that the account is blocked.
  if (user.blocked) throw new UserBlockedError();
  const used = await recordPasskeyUse(passkey, { counter: newCounter, backedUp: credentialBackedUp });
  return { passkey: used, user, challenge, authenticatorAttachment: response.authenticatorAttachment };
}
