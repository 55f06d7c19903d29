import { randomUUID } from "node:crypto";
import { createTransport, type Transporter } from "nodemailer";
import { config } from "../config";
import { db } from "../db";
import { logger } from "../logger";

// One way to send mail. With SMTP_URL set, nodemailer hands each message to that server; without
// it, messages are kept in the mail_outbox table and shown on /dev/outbox, so the quick start needs
// no mail server (that page exists only on a loopback issuer: lib/mail/outbox.ts).
//
// Messages go out after the answer, never during it: a request that sends mail takes as long as
// one that does not, so timing does not tell whether an account exists. A failure is logged
// (without the message, which holds a secret link) and the user can ask again.

export type MailMessage = { to: string; subject: string; text: string; html: string };

let transporter: { url: string; transport: Transporter } | undefined;
const inFlight = new Set<Promise<void>>();

/** One pooled transport per SMTP_URL (tests change it between harnesses). */
function smtp(url: string): Transporter {
  if (transporter?.url !== url) {
    transporter?.transport.close();
    transporter = { url, transport: createTransport(url) };
  }
  return transporter.transport;
}

async function deliver(message: MailMessage): Promise<void> {
  const { smtpUrl, mailFrom } = config();
  if (smtpUrl) {
    await smtp(smtpUrl).sendMail({ from: mailFrom, ...message });
    return;
  }
  await db().mailOutbox.create({ data: { id: randomUUID(), ...message } });
}

/** Sends `message` in the background (see above). */
export function sendMail(message: MailMessage): void {
  const sending = deliver(message)
    .catch((error: unknown) => logger.error({ err: error, transport: config().smtpUrl ? "smtp" : "outbox" }, "could not send mail"))
    .finally(() => inFlight.delete(sending));
  inFlight.add(sending);
}

/** Resolves once every message handed to sendMail so far has been delivered or has failed (tests, shutdown). */
export async function mailSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all(inFlight);
}
