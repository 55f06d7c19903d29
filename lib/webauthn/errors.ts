// Errors are values with a code; pages translate the code, APIs map it to { error, error_description }.
export type WebAuthnErrorCode =
  | "malformed_response" // not a credential JSON we can read
  | "challenge_invalid" // unknown, expired, already used, or bound to another transaction
  | "unknown_credential" // no passkey with that id (deleted, or from another site)
  | "verification_failed" // signature, origin, RP ID, flags or user verification wrong
  | "credential_exists"; // registering a credential id we already store

export class WebAuthnError extends Error {
  constructor(readonly code: WebAuthnErrorCode, message: string) {
    super(message);
    this.name = "WebAuthnError";
  }
}
