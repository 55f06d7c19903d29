import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import { currentIssuer } from "../sites";
import { loadTenantKeys } from "../tenant";
import { ApiError } from "./http";

// Bearer access tokens for this tenant's own APIs (Management, My Account): JWTs the provider
// signed for that API's audience, unexpired, carrying the scope the endpoint needs.

// The tenant's keys change only with a restart (OIDC_JWKS, or the keys made at first start):
// read once per process, not once per call. A failed read is not kept.
let keySet: Promise<ReturnType<typeof createLocalJWKSet>> | undefined;

function publicKeys() {
  keySet ??= loadTenantKeys().then(({ signingKeys }) => {
    const keys = signingKeys.map(({ kty, kid, alg, use, n, e, crv, x, y }) => ({ kty, kid, alg, use, n, e, crv, x, y }));
    return createLocalJWKSet({ keys });
  });
  keySet.catch(() => (keySet = undefined));
  return keySet;
}

/** The verified claims of the request's bearer token, or ApiError 401 (none, malformed, bad) / 403 (scope missing). */
export async function bearerClaims(request: Request, audience: string, scope: string): Promise<JWTPayload & { scope?: string }> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) throw new ApiError("unauthorized", "Missing or malformed bearer token");
  // Outside the try: a database that cannot give the keys is not a bad token (503, not 401).
  const keys = await publicKeys();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1], keys, { issuer: currentIssuer(), audience, algorithms: ["RS256", "ES256", "PS256"] }));
  } catch {
    throw new ApiError("invalid_token", "The access token is invalid or expired");
  }
  const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
  if (!scopes.includes(scope)) throw new ApiError("insufficient_scope", `Insufficient scope; expected: ${scope}`);
  return payload;
}
