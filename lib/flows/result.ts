import { failureCode, type FailureCode } from "../failures";
import { logger } from "../logger";
import type { IdentifierType } from "../users/identifiers";

// What a step returns to its page: where to go next, or an error code the page translates.
export type ErrorCode =
  | "invalid_email"
  | "invalid_username"
  | "invalid_phone_number"
  | "invalid_identifier"
  | "username_taken"
  | "phone_number_taken"
  | "invalid_request"
  | "wrong_credentials"
  | "password_too_short"
  | "password_too_long"
  | "passkeys_disabled"
  | "passwords_disabled"
  | "wrong_account"
  | "invalid_code"
  | "invalid_recovery_code"
  | "too_many_attempts"
  | "invalid_name"
  | "mfa_exists"
  | "link_invalid"
  | "code_expired"
  | "invalid_email_code"
  | "link_elsewhere"
  | FailureCode
  | "server_error";

/** The message for an identifier that is not valid, by its type. */
export const INVALID_IDENTIFIER = {
  email: "invalid_email",
  username: "invalid_username",
  phone_number: "invalid_phone_number",
} as const satisfies Record<IdentifierType, ErrorCode>;

export type StepResult = { ok: true; redirectTo: string } | { ok: false; error: ErrorCode };

export const fail = (error: ErrorCode): StepResult => ({ ok: false, error });
export const go = (redirectTo: string): StepResult => ({ ok: true, redirectTo });

/** Known failures (lib/failures.ts) become their codes; anything else is logged and shown as a generic error. */
export function errorResult(error: unknown): { ok: false; error: ErrorCode } {
  const code = failureCode(error);
  if (code) return { ok: false, error: code };
  logger.error({ err: error }, "login step failed");
  return { ok: false, error: "server_error" };
}
