import type { ErrorCode as ApiErrorCode } from "./api/errors";
import { LimitReachedError, type LimitName } from "./limits";
import { TransactionError } from "./oidc/transaction";
import { LastSignInMethodError, PasskeyLimitError, PasskeyNotFoundError } from "./users/passkeys";
import { UserBlockedError, UserExistsError } from "./users/store";
import { CustomStoreError } from "./users/custom-store";
import { WebAuthnError, type WebAuthnErrorCode } from "./webauthn/errors";

// The domain's failures, and what each surface shows for one: the pages a code they translate
// (messages/*.json "errors"), the JSON APIs a catalogue code with a sentence (lib/api/errors.ts), the
// passkey grant an OAuth error. One table, so a failure reads the same wherever it happens.

export type FailureCode =
  | WebAuthnErrorCode
  | "expired"
  | "user_exists"
  | "passkey_limit"
  | "passkey_elsewhere"
  | "last_sign_in_method"
  | "not_found"
  | "account_blocked"
  | "ip_blocked"
  | "mfa_locked"
  | "too_many_requests"
  | "user_blocked"
  | "store_unavailable";

/** What the pages say when a limit refuses a step (lib/limits.ts). */
const LIMIT_FAILURES: Record<LimitName, FailureCode> = {
  passwordFailuresPerAccount: "account_blocked",
  loginFailuresPerIp: "ip_blocked",
  totpFailuresPerUser: "mfa_locked",
  signupsPerIp: "too_many_requests",
  passkeyChallengesPerIp: "too_many_requests",
  managementTokensPerIp: "too_many_requests",
  mailsPerIp: "too_many_requests",
  mailsPerRecipient: "too_many_requests",
};

/** The code of a known domain failure, or undefined for anything else (a bug: the caller logs it). */
export function failureCode(error: unknown): FailureCode | undefined {
  if (error instanceof TransactionError) return "expired";
  if (error instanceof LimitReachedError) return LIMIT_FAILURES[error.limit];
  if (error instanceof WebAuthnError) return error.code;
  if (error instanceof UserExistsError) return "user_exists";
  if (error instanceof UserBlockedError) return "user_blocked";
  if (error instanceof PasskeyLimitError) return "passkey_limit";
  if (error instanceof LastSignInMethodError) return "last_sign_in_method";
  if (error instanceof PasskeyNotFoundError) return "not_found";
  if (error instanceof CustomStoreError) return "store_unavailable";
  return undefined;
}

export const SESSION_INVALID = "The auth_session is invalid, expired or already used";

/**
 * The APIs' answer for each failure (My Account and the native API): a catalogue code and a
 * sentence. `expired` there means the user behind the token or session is gone.
 */
const API_FAILURES: Record<FailureCode, [ApiErrorCode, string]> = {
  challenge_invalid: ["invalid_request", SESSION_INVALID],
  malformed_response: ["invalid_request", "authn_response is not a readable credential"],
  verification_failed: ["invalid_request", "The passkey could not be verified"],
  unknown_credential: ["invalid_request", "The passkey could not be verified"],
  credential_exists: ["invalid_request", "This passkey is already registered"],
  passkey_limit: ["invalid_request", "The user already has the maximum of 20 passkeys"],
  passkey_elsewhere: ["invalid_request", "The user's passkeys were made on another domain of this tenant: passkeys are added there"],
  last_sign_in_method: ["invalid_request", "This is the only way to sign in to the account, so it cannot be deleted"],
  not_found: ["not_found", "The authentication method does not exist"],
  expired: ["invalid_token", "The access token does not belong to a user"],
  user_exists: ["conflict", "A user with this identifier already exists"],
  account_blocked: ["too_many_requests", "Too many failed attempts for this identifier from this address"],
  ip_blocked: ["too_many_requests", "Too many failed attempts from this address"],
  mfa_locked: ["too_many_requests", "Too many wrong codes: the factor is locked for a while"],
  too_many_requests: ["too_many_requests", "Too many requests from this address; try again later"],
  user_blocked: ["unauthorized", "user is blocked"],
  store_unavailable: ["temporarily_unavailable", "The connection's user store did not answer as expected; try again later"],
};

export function isFailureCode(code: string): code is FailureCode {
  return Object.hasOwn(API_FAILURES, code);
}

export function apiFailure(code: FailureCode): { code: ApiErrorCode; description: string } {
  const [apiCode, description] = API_FAILURES[code];
  return { code: apiCode, description };
}

/**
 * The passkey grant's OAuth error for a failure. A credential that cannot be read is the
 * request's fault (invalid_request); a session that is gone, and a passkey that does not verify,
 * are the grant's (invalid_grant, the verifier's own words kept for the caller).
 */
export function grantFailure(
  code: FailureCode,
  message: string,
): { error: "invalid_grant" | "invalid_request" | "temporarily_unavailable"; description: string } {
  if (code === "store_unavailable") return { error: "temporarily_unavailable", description: API_FAILURES[code][1] };
  if (code === "challenge_invalid" || code === "expired") return { error: "invalid_grant", description: SESSION_INVALID };
  if (code === "malformed_response") return { error: "invalid_request", description: message };
  if (code === "user_exists" || code === "user_blocked") return { error: "invalid_grant", description: API_FAILURES[code][1] };
  return { error: "invalid_grant", description: message };
}
