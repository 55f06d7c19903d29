import { ApiError } from "../api/http";
import { bearerClaims } from "../api/bearer";
import { managementAudience, type ManagementScope } from "./scopes";

/**
 * The caller of a Management API endpoint (lib/api/endpoint.ts): a client-credentials token for
 * the Management API audience with the scope the endpoint needs, or ApiError 401/403.
 */
export async function managementCaller(request: Request, scope: ManagementScope): Promise<{ clientId: string }> {
  const claims = await bearerClaims(request, managementAudience(), scope);
  // The provider issues these only through client credentials; a token about a user is not one.
  if (claims.sub !== claims.client_id) throw new ApiError("invalid_token", "The Management API takes client-credentials tokens only");
  return { clientId: String(claims.client_id) };
}
