import { randomUUID } from "node:crypto";
import { db } from "../db";
import { logger } from "../logger";

// Tenant log events with Auth0's type codes. Never pass secrets in `details`.
export type LogType =
  | "s" // successful login
  | "ss" // successful signup
  | "f" // failed login
  | "fp" // failed login: wrong password
  | "fs" // failed signup
  | "gd_enrollment_complete" // a second factor or passkey enrolled
  | "gd_webauthn_enrollment_failed"
  | "gd_auth_succeed" // MFA code accepted
  | "gd_auth_failed" // MFA code refused
  | "passkey_challenge_started"
  | "passkey_challenge_failed";

export type RequestInfo = { ip?: string; userAgent?: string };

/** Who is calling, for the log: the address server.ts put in X-Forwarded-For (never the client's own), and the user agent. */
export function requestInfoFrom(headers: { get(name: string): string | null }): RequestInfo {
  const ip = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined;
  return { ip, userAgent: headers.get("user-agent") ?? undefined };
}

export async function logEvent(event: {
  type: LogType;
  description?: string;
  clientId?: string;
  connection?: string;
  userId?: string;
  request?: RequestInfo;
  details?: Record<string, unknown>;
}): Promise<void> {
  try {
    await db().logEvent.create({
      data: {
        id: randomUUID(),
        type: event.type,
        description: event.description,
        clientId: event.clientId,
        connection: event.connection,
        userId: event.userId,
        ip: event.request?.ip,
        userAgent: event.request?.userAgent?.slice(0, 512),
        details: event.details as object | undefined,
      },
    });
  } catch (error) {
    // A log write must never fail a login.
    logger.error({ err: error, type: event.type }, "could not write tenant log event");
  }
}
