import type { IncomingMessage, ServerResponse } from "node:http";
import { config } from "./config";
import { logEvent, requestInfoFrom } from "./logs/events";

// What every request must be before any code of ours or of the frameworks runs (server.ts asks
// here first): a method we serve, addressed to the issuer's host, with a readable target, and,
// for a server action (a form of the hosted pages), posted from the issuer's own origin. What
// fails is answered here with a 4xx, so nothing further down can turn it into a 5xx or build an
// absolute URL from a host we do not own.

const METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

export type Refusal = { status: number; error: string; description: string; headers?: Record<string, string> };

/** Why `req` is refused, or undefined when it may go on. Removes forwarding headers nobody vouches for. */
export function refusalOf(req: IncomingMessage): Refusal | undefined {
  const method = req.method ?? "";
  if (!METHODS.includes(method)) return { status: 405, error: "method_not_allowed", description: `${method} is not served here`, headers: { Allow: METHODS.join(", ") } };

  const { issuer } = config();
  const own = new URL(issuer);
  const trustProxy = process.env.TRUST_PROXY === "true";
  if (!trustProxy) {
    // Only a proxy we trust may say which host and scheme the client used.
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
  const presented = (trustProxy ? firstValue(req.headers["x-forwarded-host"]) : undefined) ?? req.headers.host;
  if (!presented) return { status: 400, error: "invalid_request", description: "The Host header is required" };
  if (hostOf(own.protocol, presented) !== own.host) {
    return { status: 421, error: "misdirected_request", description: `This service answers on ${own.host} only` };
  }

  const target = req.url ?? "/";
  if (!readableTarget(target)) return { status: 400, error: "invalid_request", description: "The request target is not valid percent-encoding or holds a NUL character" };

  if (method === "POST" && req.headers["next-action"] !== undefined && req.headers.origin !== own.origin) {
    void logEvent({
      type: "f",
      request: requestInfoFrom({ get: (name) => firstValue(req.headers[name]) ?? null }),
      description: "A form post from another origin was refused (CSRF)",
      details: { origin: req.headers.origin ?? null },
    });
    return { status: 403, error: "access_denied", description: "Forms of this service are posted from its own pages only" };
  }
  return undefined;
}

/** Answers a refusal as JSON (the refused request may be an API's or a page's). */
export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
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
