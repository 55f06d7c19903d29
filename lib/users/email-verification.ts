import type { Locale } from "../i18n/locales";
import { spendOnMail } from "../limits";
import type { RequestInfo } from "../logs/events";
import { sendMail } from "../mail/mailer";
import { verificationCodeMail, verificationLinkMail } from "../mail/messages";
import { currentOrigin } from "../sites";
import { db } from "../db";
import { issueCode, issueLinkTicket, VERIFY_CODE_MINUTES } from "./email-tickets";

// Confirming that a user's email is theirs (lib/flows/verify-email.ts decides when): a six-digit
// code for the login that waits for it, or a link sent after signup for whenever it is read.

/**
 * `app`: the application the user is signing in to (the mail wears its branding) and the login
 * waiting for the code. Paid like every mail, by the address that asked and the inbox (lib/limits.ts).
 */
export async function sendVerificationCode(
  user: { id: string; email: string },
  app: { clientId: string; transactionId: string },
  locale: Locale,
  request: RequestInfo,
): Promise<void> {
  await spendOnMail(user.email, request);
  const code = await issueCode(user.id, app.transactionId);
  sendMail(await verificationCodeMail({ to: user.email, locale, code, minutes: VERIFY_CODE_MINUTES, clientId: app.clientId }));
}

export async function sendVerificationLink(user: { id: string; email: string }, locale: Locale, clientId?: string): Promise<void> {
  const token = await issueLinkTicket("verify_link", user.id, null);
  sendMail(await verificationLinkMail({ to: user.email, locale, link: `${currentOrigin()}/u/verify-email?ticket=${token}`, clientId }));
}

/** The user proved the address: tokens say email_verified from now on. */
export async function markEmailVerified(userId: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { emailVerified: true } });
}
