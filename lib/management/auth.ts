import { ApiError } from "../api/http";
import { bearerClaims } from "../api/bearer";
import type { Handler } from "../api/router";
import { managementAudience, type ManagementScope } from "./scopes";

/**
 * A Management API endpoint: a client-credentials token for the Management API audience with the
 * scope the endpoint needs, then the work. The router turns what it throws into Auth0's
 * { error, error_description }.
 */
export function managementEndpoint(scope: ManagementScope, run: Handler): Handler {
  return async (request, params) => {
    const claims = await bearerClaims(request, managementAudience(), scope);
    // The provider issues these only through client credentials; a token about a user is not one.
    if (claims.sub !== claims.client_id) throw new ApiError("invalid_token", "The Management API takes client-credentials tokens only");
    return run(request, params);
  };
}
