import { Buffer } from "node:buffer";
import type { KoaContextWithOIDC } from "oidc-provider";
import { LimitReachedError, logRefusal, spend } from "../limits";
import { logEvent, requestInfoFrom } from "../logs/events";
import { MANAGEMENT_SCOPES, managementAudience } from "../management/scopes";
import { clientAuthProblem, clientById, presentedClient } from "./clients";

// Auth0-shaped token requests, translated for oidc-provider before it reads them:
// - a JSON body is accepted like a form body (Auth0's SDKs and docs send JSON);
// - `audience` names the API, as oidc-provider's `resource` does;
// - object values (the passkey grant's authn_response) are passed on as JSON text;
// - a client-credentials request for the Management API without `scope` asks for all of its
//   scopes (oidc-provider then keeps only those of the client's grant; see resourceServerInfo).

const MAX_BODY = 64 * 1024;

// The endpoints that take client credentials (the same body rules, and token_endpoint_auth_method enforced).
const CLIENT_AUTH_PATHS = new Set(["/oauth/token", "/oauth/revoke", "/oauth/introspect"]);

export async function auth0TokenRequests(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  if (ctx.method !== "POST" || !CLIENT_AUTH_PATHS.has(ctx.path)) return next();
  const json = ctx.is("application/json");
  if (!json && !ctx.is("application/x-www-form-urlencoded")) return next();

  const declared = Number(ctx.get("content-length") || 0);
  const raw = declared > MAX_BODY ? undefined : await readBody(ctx);
  if (raw === undefined) {
    // The rest of the body is never read, so this connection cannot carry another request.
    ctx.set("Connection", "close");
    await logEvent({
      type: "api_limit",
      description: "Token request body too large",
      request: requestInfoFrom({ get: (name) => ctx.get(name) || null }),
      details: { path: ctx.path },
    });
    ctx.status = 413;
    ctx.body = { error: "invalid_request", error_description: "request body too large" };
    return;
  }
  let parsed: unknown;
  try {
    parsed = json ? JSON.parse(raw || "{}") : Object.fromEntries(new URLSearchParams(raw));
  } catch {
    ctx.status = 400;
    ctx.body = { error: "invalid_request", error_description: "failed to parse the request body" };
    return;
  }
  const params = (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
  if (params.grant_type === "client_credentials" && !(await withinTokenLimit(ctx))) return;
  if (!(await clientAuthenticated(ctx, params))) return;
  if (typeof params.audience === "string" && params.resource === undefined) params.resource = params.audience;
  delete params.audience;
  if (params.grant_type === "client_credentials" && params.resource === managementAudience() && params.scope === undefined) {
    params.scope = MANAGEMENT_SCOPES.join(" ");
  }
  // oidc-provider reads an already-parsed body from req.body (its "fallback" for upstream parsers).
  // The passkey grant's authn_response arrives as a JSON object; it travels on as JSON text.
  (ctx.req as unknown as { body: unknown }).body = Object.fromEntries(
    Object.entries(params)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v as string | number | boolean)]), // JSON holds no other kinds
  );
  ctx.request.headers["content-type"] = "application/x-www-form-urlencoded";
  return next();
}

/**
 * Client-credentials requests (how Management API tokens are got, and client secrets guessed)
 * are limited per address; false when this one is refused (answered 429 with Retry-After).
 */
async function withinTokenLimit(ctx: KoaContextWithOIDC): Promise<boolean> {
  const request = requestInfoFrom({ get: (name) => ctx.get(name) || null });
  try {
    await spend("managementTokensPerIp", request.ip ?? "unknown");
    return true;
  } catch (error) {
    if (!(error instanceof LimitReachedError)) throw error;
    await logRefusal(error, { request });
    ctx.status = 429;
    ctx.set("Retry-After", String(error.retryAfterSeconds));
    ctx.set("Cache-Control", "no-store");
    ctx.body = { error: "too_many_requests", error_description: "Too many token requests from this address; try again later" };
    return false;
  }
}

/**
 * oidc-provider takes a secret by HTTP Basic and in the body alike, whatever the client
 * registered: the registered token_endpoint_auth_method is checked here first (the provider
 * then authenticates the client as usual). False when refused (answered 401 invalid_client).
 */
async function clientAuthenticated(ctx: KoaContextWithOIDC, params: Record<string, unknown>): Promise<boolean> {
  const presented = presentedClient(ctx.get("authorization") || undefined, params);
  if ("problem" in presented) return true; // the provider answers what it cannot read, as it always has
  const client = await clientById(presented.clientId);
  if (!client) return true; // unknown: the provider's invalid_client
  const problem = clientAuthProblem(client, presented);
  if (!problem) return true;
  await logEvent({
    type: "f",
    clientId: client.clientId,
    description: `Client authentication refused: ${problem}`,
    request: requestInfoFrom({ get: (name) => ctx.get(name) || null }),
    details: { path: ctx.path, method: presented.method },
  });
  ctx.status = 401;
  ctx.set("Cache-Control", "no-store");
  ctx.body = { error: "invalid_client", error_description: problem };
  return false;
}

/** The body as text, or undefined when it is larger than MAX_BODY. */
async function readBody(ctx: KoaContextWithOIDC): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
