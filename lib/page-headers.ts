import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// The hosted pages' security headers: a Content-Security-Policy with a fresh nonce per request
// (Next.js reads it from the request's own CSP header and puts it on its scripts), no framing, no
// sniffing, no referrer to other sites. Set by server.ts before Next.js handles a request: a Next.js middleware
// (proxy.ts) doing the same cost about 5 ms of CPU per page, a third of a page's render.

export function setPageHeaders(req: IncomingMessage, res: ServerResponse, options: { dev: boolean; https: boolean }): void {
  const nonce = randomBytes(16).toString("base64");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data: https:", // https: for the tenant's logo (lib/tenant-branding.ts)
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  req.headers["content-security-policy"] = csp;
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("X-Content-Type-Options", "nosniff");
  // same-origin, not no-referrer: a form posted without scripts must carry its real Origin (with
  // no-referrer browsers send "Origin: null" and Next.js rightly refuses the server action), and no
  // URL of ours (a recovery link's secret) ever reaches another origin.
  res.setHeader("Referrer-Policy", "same-origin");
}
