import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { UNAVAILABLE } from "./api/errors";
import { runSql } from "./db";
import { unavailableHtml } from "./oidc/pages";
import { sql } from "./sql";

// The hosted pages while the database is away. Next.js answers a page whose server code threw
// with a 500 and no way for the page to pick another status. server.ts hands each page's
// response through here: a 500 is held back, the database is asked once (SELECT 1, two seconds
// at most), and if it does not answer, the browser gets the translated "try again in a moment"
// page with 503 and Retry-After instead; otherwise Next.js's 500 goes out as it was.

const CHECK_TIMEOUT_MS = 2000;

export function answerOutagesWith503(req: IncomingMessage, res: ServerResponse, databaseAnswers: () => Promise<boolean> = pingDatabase): void {
  // The originals, put back once the answer is known (their `this` is given at each call).
  const writeHead = res.writeHead.bind(res);
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  let held: { status: number; head: unknown[]; chunks: Buffer[] } | undefined;

  res.writeHead = function (this: ServerResponse, status: number, ...head: unknown[]) {
    if (status < 500) return writeHead.call(this, status, ...(head as [OutgoingHttpHeaders]));
    held = { status, head, chunks: [] };
    return this;
  };
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    if (!held && !this.headersSent && this.statusCode >= 500) this.writeHead(this.statusCode);
    if (!held) return write.call(this, chunk, ...(rest as [BufferEncoding]));
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") held.chunks.push(Buffer.from(chunk as string));
    return true;
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (!held && !this.headersSent && this.statusCode >= 500) this.writeHead(this.statusCode);
    if (!held) return end.call(this, chunk, ...(rest as [BufferEncoding]));
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") held.chunks.push(Buffer.from(chunk as string));
    const answer = held;
    Object.assign(this, { writeHead, write, end }); // from here on, straight through
    void databaseAnswers().then((up) => {
      if (up) {
        this.writeHead(answer.status, ...(answer.head as [OutgoingHttpHeaders]));
        this.end(Buffer.concat(answer.chunks));
        return;
      }
      const body = unavailableHtml({ acceptLanguage: req.headers["accept-language"] ?? "", cookie: req.headers.cookie ?? "" });
      for (const name of this.getHeaderNames())
        if (name !== "content-security-policy" && !name.startsWith("x-") && name !== "referrer-policy" && name !== "strict-transport-security")
          this.removeHeader(name);
      this.writeHead(503, {
        "Content-Type": "text/html; charset=utf-8",
        "Retry-After": String(UNAVAILABLE.retryAfterSeconds),
        "Cache-Control": "no-store",
        "Content-Length": Buffer.byteLength(body),
      });
      this.end(body);
    });
    return this;
  } as typeof res.end;
}

async function pingDatabase(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS)));
  try {
    return await Promise.race([
      runSql(sql`SELECT 1`).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
