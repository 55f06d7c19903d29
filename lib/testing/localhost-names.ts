import dns from "node:dns";

// Chromium answers every *.localhost name with loopback (RFC 6761 lets it), so the custom domains
// of the browser specs (login.brand.localhost) need no DNS. Node asks the system resolver, which
// knows none of them: tests that talk to such a domain resolve them the same way first.

let done = false;

export function resolveLocalhostNames(): void {
  if (done) return;
  done = true;
  const lookup = dns.lookup.bind(dns) as (hostname: string, ...rest: unknown[]) => void;
  (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => lookup(hostname.endsWith(".localhost") ? "localhost" : hostname, ...rest);
}
