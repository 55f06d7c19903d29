"use client";
import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, platformAuthenticatorIsAvailable } from "@simplewebauthn/browser";

// What this browser can do with passkeys, decided once per page. getClientCapabilities() answers
// everything at once where the browser has it (WebAuthn Level 3); otherwise each question is
// asked the older way (isConditionalMediationAvailable, isUserVerifyingPlatformAuthenticatorAvailable).

export type PasskeyCapabilities = {
  webauthn: boolean;
  /** Passkeys offered in the email field's autofill (conditional get). */
  autofill: boolean;
  /** A built-in authenticator (Touch ID, Windows Hello, Android screen lock…) that verifies the user. */
  platformAuthenticator: boolean;
  /** Silent passkey creation after a password manager filled the password (conditional create). */
  conditionalCreate: boolean;
};

type ClientCapabilities = Record<string, boolean | undefined>;

export async function passkeyCapabilities(): Promise<PasskeyCapabilities> {
  if (!browserSupportsWebAuthn()) return { webauthn: false, autofill: false, platformAuthenticator: false, conditionalCreate: false };
  const pkc = PublicKeyCredential as unknown as { getClientCapabilities?: () => Promise<ClientCapabilities> };
  let caps: ClientCapabilities = {};
  try {
    caps = (await pkc.getClientCapabilities?.()) ?? {};
  } catch {
    caps = {};
  }
  return {
    webauthn: true,
    autofill: caps.conditionalGet ?? (await browserSupportsWebAuthnAutofill()),
    platformAuthenticator: caps.userVerifyingPlatformAuthenticator ?? (await platformAuthenticatorIsAvailable()),
    conditionalCreate: caps.conditionalCreate ?? false,
  };
}
