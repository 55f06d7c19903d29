import { z } from "zod";
import { ApiError } from "../api/http";
import { connectionNamed, defaultConnection, type LoginConnection } from "../connections";
import { mfaNeeded } from "../policy/mfa";
import { skipsMfaAfterPasskey } from "../tenant";
import { clientAuthProblem, clientById, presentedClient } from "../oidc/clients";
import { WEBAUTHN_GRANT } from "../oidc/constants";

// Who may use the native passkey API: a first-party application whose grant_types include the
// passkey grant, authenticated by the token endpoint's own rule (lib/oidc/clients.ts: the secret,
// presented as the client registered it; a public client sends only client_id). Connections are
// named by `realm` (the default one when absent).

export const clientFields = {
  client_id: z.string().min(1).max(128),
  client_secret: z.string().min(1).max(256).optional(),
};

export async function passkeyApiClient(request: Request, input: { client_id: string; client_secret?: string }) {
  const presented = presentedClient(request.headers.get("authorization"), input);
  if ("problem" in presented) throw new ApiError("invalid_request", presented.problem);
  const client = await clientById(presented.clientId);
  const problem = clientAuthProblem(client, presented);
  if (!client || problem) {
    const mismatch = problem !== undefined && problem !== "client authentication failed";
    throw new ApiError("invalid_client", mismatch ? problem : "Unknown client or wrong client credentials");
  }
  // The token endpoint applies the same rule (lib/oidc/webauthn-grant.ts).
  if (!client.grantTypes.includes(WEBAUTHN_GRANT)) {
    throw new ApiError("unauthorized_client", `The client's grant_types must include ${WEBAUTHN_GRANT}`);
  }
  if (!client.firstParty) throw new ApiError("unauthorized_client", "Only first-party applications may use the passkey grant");
  return client;
}

/** Whether a passkey sign-in on this connection needs a second factor (lib/policy/mfa.ts), which this API cannot take. */
export async function passkeyNeedsMfa(connection: { mfaRequired: boolean }, userHasFactor: boolean): Promise<boolean> {
  return mfaNeeded({ amr: ["phr"], userHasFactor, connectionRequiresMfa: connection.mfaRequired, skipAfterPasskey: await skipsMfaAfterPasskey() });
}

/** The connection named by `realm`, or the default one; it must have passkeys enabled. */
export async function passkeyConnection(realm: string | undefined): Promise<LoginConnection> {
  const connection = realm ? await connectionNamed(realm) : await defaultConnection();
  if (!connection) throw new ApiError("invalid_request", `Connection not found: ${realm ?? "(default)"}`);
  if (!connection.passkeysEnabled) throw new ApiError("access_denied", `Passkeys are not enabled on connection ${connection.name}`);
  return connection;
}
