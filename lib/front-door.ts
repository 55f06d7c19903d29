import { IncomingMessage, type ServerResponse } from "node:http";
import { config } from "./config";
import { logEvent, requestInfoFrom } from "./logs/events";

// What every request must be before any code of ours or of the frameworks runs (server.ts asks
// here first): a method we serve, addressed to one of our hosts (the issuer's or a custom
// domain: lib/sites.ts), with a readable target, and, for a server action (a form of the hosted
// pages), posted from that host's own origin. What
// fails is answered here with a 4xx, so nothing further down can turn it into a 5xx or build an
// absolute URL from a host we do not own.

const METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

export type Refusal = {
  status: number;
  error: string;
  description: string;
  headers?: Record<string, string>;
  /** A refusal the tenant log records (a forged form post); malformed traffic is not logged row by row. */
  logged?: { description: string; details: Record<string, unknown> };
};

/** Where a request may go: the site it is addressed to (lib/sites.ts), or why it is refused. */
export type Admission<S> = { site: S; refusal?: undefined } | { refusal: Refusal; site?: undefined };

/**
 * Admits `req` to the one of `sites` its Host names, or refuses it. Removes forwarding headers
 * nobody vouches for.
 */
export function admit<S extends { host: string; origin: string }>(req: IncomingMessage, sites: readonly S[]): Admission<S> {
  const refused = (refusal: Refusal) => ({ refusal });
  const method = req.method ?? "";
  if (!METHODS.includes(method))
    return refused({ status: 405, error: "method_not_allowed", description: `${method} is not served here`, headers: { Allow: METHODS.join(", ") } });

  const { protocol } = new URL(config().origin);
  const trustProxy = process.env.TRUST_PROXY === "true";
  if (!trustProxy) {
    // Only a proxy we trust may say which host and scheme the client used.
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
  const presented = (trustProxy ? firstValue(req.headers["x-forwarded-host"]) : undefined) ?? req.headers.host;
  if (!presented) return refused({ status: 400, error: "invalid_request", description: "The Host header is required" });
  const host = hostOf(protocol, presented);
  const site = sites.find((s) => s.host === host);
  if (!site) return refused({ status: 421, error: "misdirected_request", description: "This service does not answer on this host" });

  const target = req.url ?? "/";
  if (!readableTarget(target))
    return refused({ status: 400, error: "invalid_request", description: "The request target is not valid percent-encoding or holds a NUL character" });

  if (method === "POST" && req.headers["next-action"] !== undefined && req.headers.origin !== site.origin) {
    return refused({
      status: 403,
      error: "access_denied",
      description: "Forms of this service are posted from its own pages only",
      logged: { description: "A form post from another origin was refused (CSRF)", details: { origin: req.headers.origin ?? null } },
    });
  }
  return { site };
}

// The body a server action may carry: React's encoding of its arguments (a JSON array in which
// a string starting with "$" is one of the few plain values React writes that way), or a
// multipart form. Next.js answers anything else with an error row and status 200; it is the
// caller's mistake, so it gets a 400 here. Next.js's own limit on the size is 1 MB.
const ACTION_BODY_LIMIT = 1024 * 1024;
const MAX_ARGUMENT_DEPTH = 32; // the pages' arguments are a few levels deep (a WebAuthn response is the deepest)
const PLAIN_REACT_VALUE = /^\$(\$|undefined$|NaN$|-?Infinity$|-0$|D\d|n-?\d)/;

/**
 * For a server action (a POST with Next-Action): its body read and checked, and a copy of the
 * request holding it to hand to Next.js; or why it is refused. Other requests pass as they are.
 */
export async function checkedServerAction(req: IncomingMessage): Promise<IncomingMessage | Refusal> {
  if (req.method !== "POST" || req.headers["next-action"] === undefined) return req;
  const body = await readBody(req, ACTION_BODY_LIMIT);
  if (body === undefined)
    return { status: 413, error: "invalid_request", description: "A form's body may hold at most 1 MB", headers: { Connection: "close" } };
  const type = req.headers["content-type"] ?? "";
  const boundary = /boundary=("?)([^";]+)\1/i.exec(type)?.[2]; // case kept: the body repeats it as it is
  const readable = type.toLowerCase().startsWith("multipart/form-data")
    ? boundary !== undefined && body.subarray(0, boundary.length + 2).toString("latin1") === `--${boundary}`
    : isReactArguments(body);
  if (!readable) return { status: 400, error: "invalid_request", description: "The form's data could not be read" };
  const copy = new IncomingMessage(req.socket);
  Object.assign(copy, {
    method: req.method,
    url: req.url,
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    complete: true,
  });
  copy.push(body);
  copy.push(null);
  return copy;
}

function isReactArguments(body: Buffer): boolean {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
  if (text.includes("\uFFFD") || text.includes("\0")) return false; // not UTF-8, or a NUL
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (!Array.isArray(value)) return false;
  // Walked with a stack of its own, not recursion: a deep body must not overflow ours.
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, depth] = next;
    if (depth > MAX_ARGUMENT_DEPTH) return false;
    if (typeof v === "string" && v.startsWith("$") && !PLAIN_REACT_VALUE.test(v)) return false;
    if (v && typeof v === "object") for (const inner of Object.values(v)) pending.push([inner, depth + 1]);
  }
  return true;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Headers every answer gets: with an https issuer, HSTS (browsers then never try plain http here). */
export function setTransportHeaders(res: ServerResponse): void {
  if (config().origin.startsWith("https:")) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

/** Answers a refusal as JSON (the refused request may be an API's or a page's), and logs it if it is one to log. */
export function sendRefusal(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  if (refusal.logged) void logEvent({ type: "f", request: requestInfoFrom({ get: (name) => firstValue(req.headers[name]) ?? null }), ...refusal.logged });
  res.statusCode = refusal.status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  for (const [name, value] of Object.entries(refusal.headers ?? {})) res.setHeader(name, value);
  res.end(JSON.stringify({ error: refusal.error, error_description: refusal.description }));
}

/** The host a Host header names, as URL.host writes it (lower case, the scheme's default port dropped), or undefined. */
function hostOf(protocol: string, header: string): string | undefined {
  try {
    const url = new URL(`${protocol}//${header}`);
    return url.pathname === "/" && !url.username && !url.password ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/** Every percent-escape decodes (as UTF-8) and nothing decodes to NUL, in the path and in the query. */
function readableTarget(target: string): boolean {
  if (target.includes("\0")) return false;
  for (const part of target.split(/[?&=]/)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part.replaceAll("+", " "));
    } catch {
      return false;
    }
    if (decoded.includes("\0")) return false;
  }
  return true;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(",")[0]?.trim() || undefined;
}
