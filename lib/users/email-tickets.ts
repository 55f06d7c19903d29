import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { db } from "../db";

// Secrets sent by email. Only a SHA-256 digest is kept, so a copy of the database opens nothing.
// Each works once and for a while, and a newer one of the same purpose replaces the user's
// earlier ones. When a hosted login asked for it, the ticket names that login transaction, and the
// pages accept it only where that transaction is open: in the browser that asked
// (lib/oidc/transaction.ts binds transactions to their browser).
// - recovery: a link (256 random bits) to a new password or passkey, 15 minutes.
// - verify_link: a link confirming the email of a new account, 7 days (it may be read later).
// - verify_code: six digits typed during the login that asked, 10 minutes and five tries; its
//   digest includes the transaction, so the same six digits elsewhere match nothing.

export type TicketPurpose = "recovery" | "verify_link" | "verify_code";

export const RECOVERY_TICKET_MINUTES = 15;
export const VERIFY_CODE_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;
const LIFETIME_MINUTES: Record<TicketPurpose, number> = { recovery: RECOVERY_TICKET_MINUTES, verify_link: 7 * 24 * 60, verify_code: VERIFY_CODE_MINUTES };

const digest = (secret: string) => createHash("sha256").update(secret).digest("base64url");
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type EmailTicket = { id: string; userId: string; transactionId: string | null; email: string | null };

async function issue(purpose: TicketPurpose, userId: string, transactionId: string | null, secretDigest: string): Promise<void> {
  await db().$transaction([
    db().emailTicket.deleteMany({ where: { userId, purpose, usedAt: null } }),
    db().emailTicket.create({
      data: { id: randomUUID(), purpose, tokenHash: secretDigest, userId, transactionId, expiresAt: new Date(Date.now() + LIFETIME_MINUTES[purpose] * 60_000) },
    }),
  ]);
}

/** A new link ticket for the user; returns the link's secret. */
export async function issueLinkTicket(purpose: "recovery" | "verify_link", userId: string, transactionId: string | null): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await issue(purpose, userId, transactionId, digest(token));
  return token;
}

/** A new six-digit code for the user, good only in `transactionId`; returns the code. */
export async function issueCode(userId: string, transactionId: string): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await issue("verify_code", userId, transactionId, digest(`${transactionId}:${code}`));
  return code;
}

/** The live link ticket of this secret (unused, unexpired), or null. Reading does not use it up: mail scanners open links too. */
export async function liveLinkTicket(purpose: "recovery" | "verify_link", token: unknown): Promise<EmailTicket | null> {
  if (typeof token !== "string" || !TOKEN.test(token)) return null;
  const row = await db().emailTicket.findFirst({
    where: { purpose, tokenHash: digest(token), usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, userId: true, transactionId: true, user: { select: { email: true } } },
  });
  return row && { id: row.id, userId: row.userId, transactionId: row.transactionId, email: row.user.email };
}

/** Uses the ticket up: true once (a conditional update, so a replay loses a race too). */
export async function spendTicket(ticket: { id: string }): Promise<boolean> {
  const { count } = await db().emailTicket.updateMany({
    where: { id: ticket.id, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

/**
 * Checks a typed code against the transaction's live one: "ok" (and used up), "wrong" (a try
 * counted), or "spent" when there is none, it expired, or its tries are used up.
 */
export async function checkCode(transactionId: string, userId: string, typed: string): Promise<"ok" | "wrong" | "spent"> {
  // The try is counted before the comparison, so parallel guesses cannot exceed the limit.
  const rows = await db().$queryRaw<{ id: string; token_hash: string }[]>`
    UPDATE email_ticket SET attempts = attempts + 1
    WHERE purpose = 'verify_code' AND transaction_id = ${transactionId} AND user_id = ${userId}
      AND used_at IS NULL AND expires_at > ${new Date()} AND attempts < ${MAX_CODE_ATTEMPTS}
    RETURNING id, token_hash`;
  const ticket = rows.at(0);
  if (!ticket) return "spent";
  const expected = Buffer.from(ticket.token_hash);
  const actual = Buffer.from(digest(`${transactionId}:${typed}`));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return "wrong";
  return (await spendTicket(ticket)) ? "ok" : "spent";
}
