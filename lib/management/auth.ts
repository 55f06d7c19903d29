import { createLocalJWKSet, jwtVerify, type JWK } from "jose";
import { config } from "../config";
import { loadTenantKeys } from "../tenant";
import { managementAudience, type ManagementScope } from "./scopes";

// Checks the bearer token of a Management API call: a JWT access token this tenant signed for
// the Management API audience, unexpired, carrying the scope the endpoint needs.

export class ApiError extends Error {
  constructor(readonly status: number, readonly error: string, description: string) {
    super(description);
    this.name = "ApiError";
  }
}

async function publicKeys() {
  const { signingKeys } = await loadTenantKeys();
  const keys = signingKeys.map(({ kty, kid, alg, use, n, e, crv, x, y }) => ({ kty, kid, alg, use, n, e, crv, x, y }) as JWK);
  return createLocalJWKSet({ keys });
}

/** The calling client's id, or ApiError 401 (no or bad token) / 403 (scope missing). */
export async function requireScope(authorization: string | null, scope: ManagementScope): Promise<string> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization ?? "");
  if (!match) throw new ApiError(401, "unauthorized", "Missing or malformed bearer token");
  let payload;
  try {
    ({ payload } = await jwtVerify(match[1]!, await publicKeys(), {
      issuer: config().issuer,
      audience: managementAudience(),
      algorithms: ["RS256", "ES256", "PS256"],
    }));
  } catch {
    throw new ApiError(401, "invalid_token", "The access token is invalid or expired");
  }
  const scopes = String(payload.scope ?? "").split(" ");
  if (!scopes.includes(scope)) throw new ApiError(403, "insufficient_scope", `Insufficient scope; expected: ${scope}`);
  return String(payload.client_id ?? payload.sub);
}
