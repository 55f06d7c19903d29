import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { errors, type AdapterPayload } from "oidc-provider";
import { cachedReader } from "../config-cache";
import { db, isDataException } from "../db";
import type { Client } from "../generated/prisma/client";
import { managementAudience } from "../management/scopes";
import { myAccountAudience } from "../my-account/audience";
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
  return { audience: resource, scope: grant.scope.join(" "), accessTokenFormat: "jwt" as const, accessTokenTTL: 24 * 3600, jwt: { sign: { alg: "RS256" as const } } };
}

/** The Client row as oidc-provider client metadata. */
export async function clientMetadata(clientId: string): Promise<AdapterPayload | undefined> {
  const client = await clientById(clientId);
  return client ? metadataOf(client) : undefined;
}

export function metadataOf(client: Client): AdapterPayload {
  const grantTypes = client.grantTypes.filter((g) => SUPPORTED_GRANTS.has(g));
  return {
    client_id: client.clientId,
    client_name: client.name,
    ...(client.clientSecretHash
      ? { client_secret: client.clientSecretHash, token_endpoint_auth_method: (client.tokenEndpointAuthMethod ?? "client_secret_basic") as "client_secret_basic" | "client_secret_post" }
      : { token_endpoint_auth_method: "none" }),
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutUris,
    grant_types: grantTypes.length ? grantTypes : ["authorization_code"],
    response_types: grantTypes.includes("authorization_code") || grantTypes.length === 0 ? ["code"] : [],
    application_type: client.appType === "native" ? "native" : "web",
    // Read by loadExistingGrant (first-party clients are not asked for consent) and by CORS.
    first_party: client.firstParty,
    web_origins: client.webOrigins,
  };
}
