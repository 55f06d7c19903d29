// Errors are values with a code; pages translate the code, APIs map it to { error, error_description }.
export type WebAuthnErrorCode =
  | "malformed_response" // not a credential JSON we can read
  | "challenge_invalid" // unknown, expired, already used, or bound to another transaction
  | "unknown_credential" // no passkey with that id (deleted, or from another site)
  | "verification_failed" // signature, origin, RP ID, flags or user verification wrong
  | "credential_exists"; // registering a credential id we already store

/** Whose passkey failed, once the credential named a stored one: the failure's log event names the user. */
export type WebAuthnSubject = { userId: string; passkeyId: string; possibleClone?: boolean };

export class WebAuthnError extends Error {
  constructor(
    readonly code: WebAuthnErrorCode,
    message: string,
    readonly subject?: WebAuthnSubject,
  ) {
    super(message);
    this.name = "WebAuthnError";
  }

  /** What a failure's log event says of it: the user, and the passkey (a possible clone says so). */
  get logFields(): { userId?: string; details?: Record<string, unknown> } {
    if (!this.subject) return {};
    const { userId, passkeyId, possibleClone } = this.subject;
    return { userId, details: { passkey_id: passkeyId, ...(possibleClone ? { possible_cloned_authenticator: true } : {}) } };
  }
}
