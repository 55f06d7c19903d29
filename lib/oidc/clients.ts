import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { errors, type AdapterPayload } from "oidc-provider";
import { cachedReader } from "../config-cache";
import { db, isDataException } from "../db";
import type { Client } from "../generated/prisma/client";
import { managementAudience } from "../management/scopes";
import { myAccountAudience } from "../my-account/audience";
import { ACCOUNT_CLIENT_ID, DEMO_CLIENT_ID } from "../../prisma/seed-constants";
import { config } from "../config";
import { currentOrigin } from "../sites";
import { WEBAUTHN_GRANT } from "./constants";

// Client secrets are 256-bit random strings, so a SHA-256 digest is a safe way to store them;
// the provider compares against the digest (see compareClientSecret in provider.ts).

export function hashClientSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("base64url");
}

export function newClientSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function clientSecretMatches(storedHash: string, presented: string): boolean {
  const a = Buffer.from(storedHash);
  const b = Buffer.from(hashClientSecret(presented));
  return a.length === b.length && timingSafeEqual(a, b);
}

export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "none";

/** The authentication method a client registered: a confidential client's basic or post, a public client's none. */
export function registeredAuthMethod(client: Pick<Client, "clientSecretHash" | "tokenEndpointAuthMethod">): ClientAuthMethod {
  if (!client.clientSecretHash) return "none";
  return client.tokenEndpointAuthMethod === "client_secret_post" ? "client_secret_post" : "client_secret_basic";
}

/** Client credentials as a request presents them: an HTTP Basic header, or client_id (+ client_secret) in the body. */
export type PresentedClient = { clientId: string; secret?: string; method: ClientAuthMethod };

/** What the request presents, or a reason it cannot be read (the caller answers invalid_request / invalid_client). */
export function presentedClient(
  authorization: string | null | undefined,
  body: { client_id?: unknown; client_secret?: unknown },
): PresentedClient | { problem: string } {
  const bodyId = typeof body.client_id === "string" && body.client_id ? body.client_id : undefined;
  const bodySecret = typeof body.client_secret === "string" && body.client_secret ? body.client_secret : undefined;
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization ?? "");
  if (authorization && !basic) return { problem: "The Authorization header is not HTTP Basic client authentication" };
  if (basic) {
    if (bodySecret) return { problem: "client authentication must only be provided using one mechanism" };
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 1) return { problem: "The HTTP Basic credentials cannot be read" };
    let clientId: string;
    let secret: string;
    try {
      // RFC 6749 §2.3.1: both parts are form-encoded before they are joined.
      clientId = decodeURIComponent(decoded.slice(0, colon).replaceAll("+", " "));
      secret = decodeURIComponent(decoded.slice(colon + 1).replaceAll("+", " "));
    } catch {
      return { problem: "The HTTP Basic credentials cannot be read" };
    }
    if (bodyId !== undefined && bodyId !== clientId) return { problem: "client_id mismatch" };
    return { clientId, secret, method: "client_secret_basic" };
  }
  if (!bodyId) return { problem: "client_id is required" };
  return bodySecret ? { clientId: bodyId, secret: bodySecret, method: "client_secret_post" } : { clientId: bodyId, method: "none" };
}

/**
 * Why `presented` does not authenticate `client`, or undefined when it does: the secret must be
 * the client's, presented the way the client registered (token_endpoint_auth_method), as
 * oidc-provider does not check (it takes basic and post alike). One rule for the token endpoint,
 * revocation, introspection and the native passkey API.
 */
export function clientAuthProblem(client: Client | null | undefined, presented: PresentedClient): string | undefined {
  if (!client) return "client authentication failed";
  const registered = registeredAuthMethod(client);
  if (presented.method !== registered) return "the provided authentication mechanism does not match the registered client authentication method";
  const hash = client.clientSecretHash;
  if (registered !== "none" && !(presented.secret && hash && clientSecretMatches(hash, presented.secret))) return "client authentication failed";
  return undefined;
}

export const SUPPORTED_GRANTS = new Set(["authorization_code", "refresh_token", "client_credentials", WEBAUTHN_GRANT]);

/** A client's row, cached (lib/config-cache.ts); lib/management/clients.ts writes them. */
export const clientById = cachedReader("client", async (clientId: string) => {
  try {
    return await db().client.findUnique({ where: { clientId } });
  } catch (error) {
    // An id the database cannot search for (a NUL character) names no client.
    if (isDataException(error)) return null;
    throw error;
  }
});

const readApiGrant = cachedReader("client_grant", ([clientId, audience]: [string, string]) =>
  db().clientGrant.findUnique({ where: { clientId_audience: { clientId, audience } } }),
);

/** The client grant that lets `clientId` call the API named `audience`, if any. */
export async function apiGrant(clientId: string, audience: string) {
  return readApiGrant([clientId, audience]);
}

/**
 * An API token is for a client with a client grant for that audience, limited to the grant's
 * scopes. The Management API acts for the client itself (client credentials only); the My
 * Account API acts for a user (never client credentials).
 */
export async function resourceServerInfo(ctx: { oidc: { params?: Record<string, unknown> } }, resource: string, client: { clientId: string }) {
  const clientCredentials = ctx.oidc.params?.grant_type === "client_credentials";
  if (resource === managementAudience() && !clientCredentials) throw new errors.InvalidTarget("the Management API takes client-credentials tokens only");
  if (resource === myAccountAudience() && clientCredentials) throw new errors.InvalidTarget("the My Account API acts for a user: use a user's token");
  const grant = await apiGrant(client.clientId, resource);
  if (!grant) throw new errors.InvalidTarget("the client is not authorized to access this audience");
  return {
    audience: resource,
    scope: grant.scope.join(" "),
    accessTokenFormat: "jwt" as const,
    accessTokenTTL: 24 * 3600,
    jwt: { sign: { alg: "RS256" as const } },
  };
}

/** The Client row as oidc-provider client metadata. */
export async function clientMetadata(clientId: string): Promise<AdapterPayload | undefined> {
  const client = await clientById(clientId);
  return client ? metadataOf(BUILT_IN_APPS.includes(client.clientId) ? onThisSite(client) : client) : undefined;
}

// The service's own applications (account settings and the demo, lib/rp/app.ts) run on every
// site: their URLs on the issuer's host hold on the request's host too (each site has its own
// provider, so its own view of the client).
const BUILT_IN_APPS = [ACCOUNT_CLIENT_ID, DEMO_CLIENT_ID];

function onThisSite(client: Client): Client {
  const own = config().origin;
  const here = currentOrigin();
  const moved = (urls: string[]) => [...new Set([...urls, ...urls.filter((u) => u === own || u.startsWith(`${own}/`)).map((u) => here + u.slice(own.length))])];
  return { ...client, redirectUris: moved(client.redirectUris), postLogoutUris: moved(client.postLogoutUris), webOrigins: moved(client.webOrigins) };
}

/** An ID token's lifetime when the client sets none (Auth0's default is 10 hours; an hour here, as before). */
export const DEFAULT_ID_TOKEN_LIFETIME = 3600;

export function metadataOf(client: Client): AdapterPayload {
  const grantTypes = client.grantTypes.filter((g) => SUPPORTED_GRANTS.has(g));
  return {
    client_id: client.clientId,
    client_name: client.name,
    ...(client.clientSecretHash ? { client_secret: client.clientSecretHash } : {}),
    token_endpoint_auth_method: registeredAuthMethod(client),
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutUris,
    grant_types: grantTypes.length ? grantTypes : ["authorization_code"],
    response_types: grantTypes.includes("authorization_code") || grantTypes.length === 0 ? ["code"] : [],
    application_type: client.appType === "native" ? "native" : "web",
    // Read by loadExistingGrant (first-party clients are not asked for consent) and by CORS.
    first_party: client.firstParty,
    web_origins: client.webOrigins,
    allowed_origins: client.allowedOrigins,
    // Auth0's jwt_configuration.lifetime_in_seconds: the ID token's ttl (provider.ts).
    ...(client.idTokenLifetime === null ? {} : { id_token_lifetime: client.idTokenLifetime }),
  };
}
