import { config } from "../config";
import { db } from "../db";

// The development outbox: where mail waits when no SMTP_URL is set (lib/mail/mailer.ts). Its page,
// /dev/outbox, shows recovery links to whoever opens it, so it exists only when the service is
// clearly someone's own machine: mail is not sent anywhere and the issuer is a loopback address.
// On any other issuer the messages are still kept (and purged after a day), but never shown.

const KEPT_MS = 24 * 3600 * 1000;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$|\.localhost$/;

export function outboxShown(): boolean {
  const { smtpUrl, origin } = config();
  return smtpUrl === undefined && LOOPBACK.test(new URL(origin).hostname);
}

/** The newest messages first. */
export async function outboxMessages(limit = 50) {
  return db().mailOutbox.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}

export async function purgeOldMail(): Promise<number> {
  const { count } = await db().mailOutbox.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEPT_MS) } } });
  return count;
}
