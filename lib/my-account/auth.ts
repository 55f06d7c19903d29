import { ApiError } from "../api/http";
import { bearerClaims } from "../api/bearer";
import { db } from "../db";
import { myAccountAudience, type MyAccountScope } from "./audience";

// The My Account API (/me/v1) acts for the signed-in user: a user access token for its audience,
// which an application gets like any API token (the code flow or the passkey grant with
// `audience`), within the scopes of its client grant for that audience.

export { MY_ACCOUNT_SCOPES, myAccountAudience, type MyAccountScope } from "./audience";

export type Me = { userId: string; clientId: string; connectionId: string; connection: string; passkeysEnabled: boolean };

/** The caller of a My Account endpoint (lib/api/endpoint.ts): the user of the request's token, or ApiError 401/403. */
export async function meCaller(request: Request, scope: MyAccountScope): Promise<Me> {
  const claims = await bearerClaims(request, myAccountAudience(), scope);
  const user = claims.sub ? await db().user.findUnique({ where: { id: claims.sub }, include: { connection: true } }) : null;
  // A client-credentials token has no user; a deleted user's token acts for nobody.
  if (!user) throw new ApiError("invalid_token", "The access token does not belong to a user");
  return {
    userId: user.id,
    clientId: stringClaim(claims.client_id) ?? stringClaim(claims.azp) ?? "",
    connectionId: user.connectionId,
    connection: user.connection.name,
    passkeysEnabled: user.connection.passkeysEnabled,
  };
}

const stringClaim = (value: unknown) => (typeof value === "string" ? value : undefined);
