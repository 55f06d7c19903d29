import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ApiError } from "../api/http";
import { checkpointSchema, listAnswer, pageSchema } from "../api/lists";
import { changeConfig } from "../config-cache";
import { db, isUniqueViolation } from "../db";
import { MY_ACCOUNT_SCOPES, myAccountAudience } from "../my-account/auth";
import { MANAGEMENT_SCOPES, managementAudience } from "./scopes";

// Client grants (Auth0's): which of this tenant's APIs an application may get tokens for, and
// with which scopes. The Management API takes client-credentials tokens; the My Account API
// takes user tokens (the code flow or the passkey grant with its audience).

function apis(): Partial<Record<string, readonly string[]>> {
  return { [managementAudience()]: MANAGEMENT_SCOPES, [myAccountAudience()]: MY_ACCOUNT_SCOPES };
}

type Row = { id: string; clientId: string; audience: string; scope: string[] };
const view = (g: Row) => ({ id: g.id, client_id: g.clientId, audience: g.audience, scope: g.scope });

export const clientGrantCreateSchema = z
  .object({ client_id: z.string().min(1).max(128), audience: z.string().min(1).max(2048), scope: z.array(z.string().min(1).max(128)).max(50) })
  .strict();

export const clientGrantQuerySchema = z
  .object({ ...pageSchema, ...checkpointSchema, client_id: z.string().max(128).optional(), audience: z.string().max(2048).optional() })
  .strict();

/** Client grants: bare, an offset page or checkpoints (node-auth0 v7 pages with from/take). */
export async function listClientGrants(query: z.infer<typeof clientGrantQuerySchema>) {
  const rows = await db().clientGrant.findMany({
    where: { clientId: query.client_id, audience: query.audience },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return listAnswer("client_grants", query, rows.map(view));
}

export async function createClientGrant(input: z.infer<typeof clientGrantCreateSchema>) {
  const known = apis()[input.audience];
  if (!known) throw new ApiError("invalid_body", `audience: no API with this identifier (${Object.keys(apis()).join(", ")})`);
  const unknown = input.scope.filter((s) => !known.includes(s));
  if (unknown.length) throw new ApiError("invalid_body", `scope: not a scope of this API: ${unknown.join(", ")}`);
  const client = await db().client.findUnique({ where: { clientId: input.client_id } });
  if (!client) throw new ApiError("not_found", "The client does not exist");
  if (input.audience === managementAudience() && !client.clientSecretHash) {
    throw new ApiError("invalid_body", "The Management API is for confidential clients (client credentials); this client has no secret");
  }
  try {
    const row = await changeConfig("client_grant", () =>
      db().clientGrant.create({
        data: {
          id: `cgr_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
          clientId: input.client_id,
          audience: input.audience,
          scope: [...new Set(input.scope)],
        },
      }),
    );
    return view(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", "This client already has a grant for this audience");
    throw error;
  }
}

export async function deleteClientGrant(id: string) {
  const { count } = await changeConfig("client_grant", () => db().clientGrant.deleteMany({ where: { id } }));
  if (count === 0) throw new ApiError("not_found", "The client grant does not exist");
}
