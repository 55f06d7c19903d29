import { randomBytes, randomUUID } from "node:crypto";
import { db } from "../db";
import { CEREMONY_TIMEOUT_MS } from "./relying-party";
import { WebAuthnError } from "./errors";

// Challenges live server-side: single use, expire with the ceremony timeout, bound to the
// transaction (login interaction or API auth_session) that asked for them.

export type ChallengePurpose = "registration" | "authentication";

export async function saveChallenge(input: {
  challenge: string;
  purpose: ChallengePurpose;
  transactionId: string;
  userId?: string;
  email?: string;
  /** An API ceremony (auth_session): the application that asked, and the connection. */
  clientId?: string;
  connectionId?: string;
}): Promise<void> {
  await db().webAuthnChallenge.create({
    data: { id: randomUUID(), ...input, expiresAt: new Date(Date.now() + CEREMONY_TIMEOUT_MS) },
  });
}

/**
 * Marks the challenge used and returns it. Consumed before verification, so a failed attempt
 * burns it too; the conditional update makes two concurrent uses impossible.
 */
export async function consumeChallenge(input: { challenge: string; purpose: ChallengePurpose; transactionId: string }) {
  const now = new Date();
  const { count } = await db().webAuthnChallenge.updateMany({
    where: { ...input, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  if (count !== 1) throw new WebAuthnError("challenge_invalid", "This sign-in request has expired or was already used");
  return db().webAuthnChallenge.findUniqueOrThrow({ where: { challenge: input.challenge } });
}

/** A new API auth_session: the transaction id of one ceremony an application started. */
export function newAuthSession(): string {
  return randomBytes(24).toString("base64url");
}

/** The live (unused, unexpired) challenge of an API auth_session, if there is one. */
export async function liveApiSession(authSession: string) {
  return db().webAuthnChallenge.findFirst({
    where: { transactionId: authSession, clientId: { not: null }, consumedAt: null, expiresAt: { gt: new Date() } },
  });
}

export async function purgeExpiredChallenges(): Promise<number> {
  const { count } = await db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - CEREMONY_TIMEOUT_MS) } } });
  return count;
}
