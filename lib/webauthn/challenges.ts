import { randomBytes, randomUUID } from "node:crypto";
import { db, runSql } from "../db";
import { at, sql } from "../sql";
import { write } from "../unit-of-work";
import { CEREMONY_TIMEOUT_MS } from "./relying-party";
import { WebAuthnError } from "./errors";
import type { Identity } from "../users/identifiers";
import type { UserProfile } from "../users/profile";

// Challenges live server-side: single use, expire with the ceremony timeout, bound to the
// transaction (login interaction or API auth_session) that asked for them, and to what they are
// for (the kind). Using one deletes it in the statement that reads it back, so two concurrent
// uses cannot both succeed.

/** What a challenge finishes (see the migration 20261201000000_fast_logins). */
export type ChallengeKind = "login" | "signup" | "enroll" | "native_login" | "native_signup";

export type Challenge = {
  challenge: string;
  kind: ChallengeKind;
  /** For registration: the user handle the new credential will carry, and who it is for. */
  userId: string | null;
  /** For a signup: the new user's identifiers. */
  identity: Identity | null;
  /** For an API auth_session: the application that asked, and the connection. */
  clientId: string | null;
  connectionId: string | null;
  /** For a native signup: the profile the user is created with (lib/users/profile.ts). */
  profile: UserProfile | null;
};

export async function saveChallenge(input: {
  challenge: string;
  kind: ChallengeKind;
  transactionId: string;
  userId?: string;
  identity?: Identity;
  clientId?: string;
  connectionId?: string;
  profile?: UserProfile;
}): Promise<void> {
  const expiresAt = new Date(Date.now() + CEREMONY_TIMEOUT_MS);
  // Queued with the request's other writes: the challenge is stored before the options leave.
  await write(sql`INSERT INTO webauthn_challenge (id, challenge, kind, transaction_id, user_id, identity, client_id, connection_id, profile, expires_at, created_at)
    VALUES (${randomUUID()}, ${input.challenge}, ${input.kind}, ${input.transactionId}, ${input.userId ?? null}, ${input.identity ? JSON.stringify(input.identity) : null}::jsonb,
      ${input.clientId ?? null}, ${input.connectionId ?? null}, ${input.profile ? JSON.stringify(input.profile) : null}::jsonb, ${at(expiresAt)}, ${at(new Date())})`);
}

/**
 * Where the challenge a response signed must come from: the hosted pages' login transaction, or an
 * API auth_session (with the application that started it). Either way, of one of `kinds`.
 */
export type ChallengeBinding = { kinds: ChallengeKind[] } & ({ transactionId: string } | { authSession: string; clientId: string });

const RETURNED = sql`challenge, kind, user_id AS "userId", identity, client_id AS "clientId", connection_id AS "connectionId", profile`;

/**
 * Uses up the live challenge `binding` names: for a login transaction, the one the response signed
 * (`signed`, read from clientDataJSON); for an auth_session, its only one (the library then checks
 * that the response signed it). Consumed before verification, so a failed attempt burns it too.
 */
export async function consumeChallenge(binding: ChallengeBinding, signed: string): Promise<Challenge> {
  const now = at(new Date());
  const where =
    "authSession" in binding
      ? sql`transaction_id = ${binding.authSession} AND client_id = ${binding.clientId}`
      : sql`challenge = ${signed} AND transaction_id = ${binding.transactionId}`;
  const { rows } = await runSql(
    sql`DELETE FROM webauthn_challenge WHERE ${where} AND kind = ANY(${binding.kinds}::text[]) AND expires_at > ${now} RETURNING ${RETURNED}`,
  );
  if (rows.length !== 1) throw new WebAuthnError("challenge_invalid", "This sign-in request has expired or was already used");
  return rows[0] as Challenge;
}

/** A new API auth_session: the transaction id of one ceremony an application started. */
export function newAuthSession(): string {
  return randomBytes(24).toString("base64url");
}

export async function purgeExpiredChallenges(): Promise<number> {
  const { count } = await db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
