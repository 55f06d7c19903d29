import type { KoaContextWithOIDC } from "oidc-provider";

// What Auth0's browser SDK (auth0-spa-js) expects of /authorize and logout, on top of
// oidc-provider: silent authentication answered by postMessage to a hidden iframe, refresh tokens
// for first-party apps that ask for offline_access, and Auth0's logout URL.

type Client = NonNullable<KoaContextWithOIDC["oidc"]["client"]>;

/**
 * oidc-provider drops `offline_access` unless the request says `prompt=consent` (OIDC Core 11);
 * Auth0 gives a first-party application its refresh token without a consent screen. An
 * extraParams check on `scope` (it runs after the provider's own scope check, before the request
 * is saved for the login pages) puts it back for such a client, in the code flow only.
 */
export function keepOfflineAccess(ctx: KoaContextWithOIDC, scope: string | undefined, client: Client | undefined): void {
  if (!client || client.metadata().first_party !== true || !client.grantTypeAllowed("refresh_token")) return;
  const asked = ctx.method === "POST" ? (ctx.oidc.body as { scope?: unknown } | undefined)?.scope : ctx.query.scope;
  if (typeof asked !== "string" || !asked.split(" ").includes("offline_access")) return;
  if (!ctx.oidc.params?.response_type?.toString().split(" ").includes("code")) return;
  const scopes = new Set((scope ?? "").split(" ").filter(Boolean));
  scopes.add("offline_access");
  (ctx.oidc.params as { scope?: string }).scope = [...scopes].join(" ");
}

/**
 * The page that posts a silent authentication's answer (response_mode=web_message) lives in an
 * iframe of the application: it may be framed by that client's web origins, and by nothing
 * else. oidc-provider strips frame-ancestors from that one answer; this puts the client's list
 * there instead (every other page keeps frame-ancestors 'none').
 */
export function frameAncestorsForWebMessage(ctx: KoaContextWithOIDC): boolean {
  const csp = ctx.response.get("content-security-policy");
  // ctx.oidc is there only on the provider's routes (not on a path it does not serve).
  const oidc = ctx.oidc as KoaContextWithOIDC["oidc"] | undefined;
  if (oidc?.responseMode !== "web_message" || !ctx.type.startsWith("text/html") || csp.includes("frame-ancestors")) return false;
  const origins = oidc.client?.metadata().web_origins;
  const allowed = Array.isArray(origins) && origins.length ? origins.filter((o): o is string => typeof o === "string").join(" ") : "'none'";
  ctx.set("Content-Security-Policy", `${csp}; frame-ancestors ${allowed}`);
  return true;
}

/**
 * Auth0's logout, `GET /v2/logout?client_id&returnTo` (`federated` has no meaning here), is the
 * provider's RP-initiated logout with Auth0's parameter names: the session ends, and the browser
 * goes to `returnTo` when it is one of the client's logout URLs (oidc-provider's check). Rewritten
 * in place, before the provider routes the request.
 */
export async function auth0Logout(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  if (ctx.path === "/v2/logout" && (ctx.method === "GET" || ctx.method === "HEAD")) {
    // Passed on as they came (a repeated parameter is the provider's to refuse); nothing else is.
    const { client_id: clientId, returnTo } = ctx.query;
    ctx.path = "/oidc/logout";
    ctx.query = { ...(clientId !== undefined && { client_id: clientId }), ...(returnTo !== undefined && { post_logout_redirect_uri: returnTo }) };
  }
  return next();
}
