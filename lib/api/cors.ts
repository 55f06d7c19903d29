import { cachedReader } from "../config-cache";
import { db } from "../db";

// CORS for browser apps (auth0-spa-js calls /passkey/*, /dbconnections/* and /me/v1/* from the
// app's origin). An origin is allowed when one of the tenant's clients lists it in web_origins or
// allowed_origins; nothing is allowed by default. The Management API (/api/v2) is for servers and
// gets no CORS at all. The provider's endpoints (/oauth/token, /userinfo) have their own check,
// per client (clientBasedCORS in lib/oidc/provider.ts).

const BROWSER_PREFIXES = ["/passkey/", "/dbconnections/", "/me/v1/"];
/** What spa-js and auth-js send: JSON bodies, bearer tokens, their telemetry header, DPoP proofs. */
const ALLOWED_HEADERS = "authorization, content-type, auth0-client, dpop";

const browserOrigins = cachedReader("client", async (_all: "all") => {
  const clients = await db().client.findMany({ select: { webOrigins: true, allowedOrigins: true } });
  return new Set(clients.flatMap((c) => [...c.webOrigins, ...c.allowedOrigins]));
});

/** `response` with the CORS headers `request` earns (none for an origin no client lists). */
export async function withCors(request: Request, response: Response): Promise<Response> {
  const origin = request.headers.get("origin");
  if (!origin || !BROWSER_PREFIXES.some((prefix) => new URL(request.url).pathname.startsWith(prefix))) return response;
  if (!(await browserOrigins("all")).has(origin)) return response;
  response.headers.set("Access-Control-Allow-Origin", origin);
  response.headers.append("Vary", "Origin");
  if (request.method === "OPTIONS" && request.headers.has("access-control-request-method")) {
    response.headers.set("Access-Control-Allow-Methods", response.headers.get("allow") ?? "POST");
    response.headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    response.headers.set("Access-Control-Max-Age", "600");
  }
  return response;
}
