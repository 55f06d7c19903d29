import { randomUUID } from "node:crypto";
import { at, sql } from "../sql";
import { write } from "../unit-of-work";
import { logger } from "../logger";

// Tenant log events with Auth0's type codes. Never pass secrets in `details`.
export type LogType =
  | "s" // successful login
  | "ss" // successful signup
  | "f" // failed login
  | "fp" // failed login: wrong password
  | "fs" // failed signup
  | "sv" // an email address verified (a code during the login, or the link sent after signup)
  | "fv" // an email verification code or link refused
  | "scpr" // a change-password (recovery) email was asked for and sent
  | "fcpr" // a change-password email was asked for and not sent (no such account, or not possible)
  | "scp" // the password was changed through a recovery link
  | "fcp" // a recovery link was refused (used, expired, or opened elsewhere) or the new password was
  | "gd_enrollment_complete" // a second factor or passkey enrolled
  | "gd_webauthn_enrollment_failed"
  | "gd_auth_succeed" // MFA code accepted
  | "gd_auth_failed" // MFA code refused
  | "gd_recovery_succeed" // a recovery code stood in for the authenticator app
  | "gd_recovery_failed" // a wrong recovery code
  | "gd_recovery_rotated" // new recovery codes (the old ones no longer work)
  | "passkey_challenge_started"
  | "passkey_recovery_failed" // a passkey-only recovery link was refused (the success is gd_enrollment_complete)
  | "passkey_challenge_failed"
  | "limit_wc" // an identifier + address pair blocked after too many failed logins
  | "limit_mu" // an address blocked (failed logins across accounts, or signups)
  | "gd_otp_rate_limit_exceed" // too many wrong MFA codes: the factor is locked
  | "api_limit"; // a rate limit of an API or of passkey challenges

export type RequestInfo = { ip?: string; userAgent?: string };

/** Who is calling, for the log: the address server.ts put in X-Forwarded-For (never the client's own), and the user agent. */
export function requestInfoFrom(headers: { get(name: string): string | null }): RequestInfo {
  const ip = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined;
  return { ip, userAgent: headers.get("user-agent") ?? undefined };
}

/**
 * Records a tenant log event, queued with the request's other writes (lib/unit-of-work.ts): the
 * event commits with the work it records, or with the failure it reports, and a SIGTERM or SIGKILL
 * after the answer loses nothing. Outside a unit it is written at once, and a failure to write it
 * is logged, never thrown: a log must not fail a login.
 */
export async function logEvent(event: {
  type: LogType;
  description?: string;
  clientId?: string;
  connection?: string;
  userId?: string;
  request?: RequestInfo;
  details?: Record<string, unknown>;
}): Promise<void> {
  // Text PostgreSQL cannot store (NUL) would fail the whole commit: a user agent is the caller's.
  const text = (value: string | undefined, max = 2048) => (value === undefined ? null : value.replaceAll("\0", "").slice(0, max));
  const details =
    event.details === undefined ? null : JSON.stringify(event.details, (_key, v: unknown) => (typeof v === "string" ? v.replaceAll("\0", "") : v));
  try {
    await write(sql`INSERT INTO log_event (id, type, date, description, client_id, connection, user_id, ip, user_agent, details)
      VALUES (${randomUUID()}, ${event.type}, ${at(new Date())}, ${text(event.description)}, ${text(event.clientId)}, ${text(event.connection)},
        ${text(event.userId)}, ${text(event.request?.ip)}, ${text(event.request?.userAgent, 512)}, ${details}::jsonb)`);
  } catch (error) {
    logger.error({ err: error, type: event.type }, "could not write tenant log event");
  }
}
