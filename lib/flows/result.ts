import { LimitReachedError, type LimitName } from "../limits";
import { TransactionError } from "../oidc/transaction";
import { logger } from "../logger";
import { LastSignInMethodError, PasskeyLimitError, PasskeyNotFoundError } from "../users/passkeys";
import { UserExistsError } from "../users/store";
import { WebAuthnError } from "../webauthn/errors";

// What a step returns to its page: where to go next, or an error code the page translates.
export type ErrorCode =
  | "invalid_email"
  | "invalid_request"
  | "wrong_credentials"
  | "password_too_short"
  | "password_too_long"
  | "user_exists"
  | "passkeys_disabled"
  | "wrong_account"
  | "expired"
  | "passkey_limit"
  | "last_sign_in_method"
  | "not_found"
  | "invalid_code"
  | "too_many_attempts"
  | "invalid_name"
  | "mfa_exists"
  | "account_blocked"
  | "ip_blocked"
  | "mfa_locked"
  | "too_many_requests"
  | WebAuthnError["code"]
  | "server_error";

export type StepResult = { ok: true; redirectTo: string } | { ok: false; error: ErrorCode };

export const fail = (error: ErrorCode): StepResult => ({ ok: false, error });
export const go = (redirectTo: string): StepResult => ({ ok: true, redirectTo });

/** What the pages say when a limit refuses a step (lib/limits.ts). */
const LIMIT_ERRORS: Record<LimitName, ErrorCode> = {
  passwordFailuresPerAccount: "account_blocked",
  loginFailuresPerIp: "ip_blocked",
  totpFailuresPerUser: "mfa_locked",
  signupsPerIp: "too_many_requests",
  passkeyChallengesPerIp: "too_many_requests",
  managementTokensPerIp: "too_many_requests",
};

/** Known failures become error codes; anything else is logged and shown as a generic error. */
export function errorResult(error: unknown): { ok: false; error: ErrorCode } {
  if (error instanceof TransactionError) return { ok: false, error: "expired" };
  if (error instanceof LimitReachedError) return { ok: false, error: LIMIT_ERRORS[error.limit] };
  if (error instanceof WebAuthnError) return { ok: false, error: error.code };
  if (error instanceof UserExistsError) return { ok: false, error: "user_exists" };
  if (error instanceof PasskeyLimitError) return { ok: false, error: "passkey_limit" };
  if (error instanceof LastSignInMethodError) return { ok: false, error: "last_sign_in_method" };
  if (error instanceof PasskeyNotFoundError) return { ok: false, error: "not_found" };
  logger.error({ err: error }, "login step failed");
  return { ok: false, error: "server_error" };
}
