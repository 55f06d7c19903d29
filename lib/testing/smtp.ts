import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

// A real SMTP server on loopback for the tests: it accepts every message (no TLS, no login) and
// keeps what it received, parsed, so a test can read the mail a user would get.

export type ReceivedMail = { to: string; subject: string; text: string; html: string };

export type TestSmtp = {
  url: string;
  received: ReceivedMail[];
  /** The newest message to `to`, waiting up to `timeoutMs` for it. */
  mailTo(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
};

function addressesOf(parsed: ParsedMail): string {
  const to = Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [];
  return to.flatMap((a) => a.value.map((v) => v.address ?? "")).join(",");
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({ to: addressesOf(parsed), subject: parsed.subject ?? "", text: parsed.text ?? "", html: parsed.html || "" });
          done();
        })
        .catch((error: unknown) => done(error as Error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async mailTo(to, timeoutMs = 5000) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        const mail = received.findLast((m) => m.to === to);
        if (mail) return mail;
      }
      throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
