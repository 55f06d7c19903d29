import { ApiError, apiRoute } from "../api/http";
import { bearerClaims } from "../api/bearer";
import { managementAudience, type ManagementScope } from "./scopes";

// A Management API endpoint: a client-credentials token for the Management API audience with the
// scope the endpoint needs, then the work; failures as Auth0's { error, error_description }.
export function endpoint(request: Request, scope: ManagementScope, run: () => Promise<Response>): Promise<Response> {
  return apiRoute(async () => {
    const claims = await bearerClaims(request, managementAudience(), scope);
    // The provider issues these only through client credentials; a token about a user is not one.
    if (claims.sub !== claims.client_id) throw new ApiError(401, "invalid_token", "The Management API takes client-credentials tokens only");
    return run();
  });
}
