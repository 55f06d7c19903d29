import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ApiError } from "../api/http";
import { fieldsSchema, offsetAnswer, offsetWindow, pageSchema, withFields } from "../api/lists";
import { changeConfig } from "../config-cache";
import { db } from "../db";
import type { Client } from "../generated/prisma/client";
import { mobileSchema, readMobile } from "../apps/mobile";
import { brandingSchema, readBranding } from "../tenant-branding";
import { DEFAULT_ID_TOKEN_LIFETIME, hashClientSecret, metadataOf, newClientSecret, SUPPORTED_GRANTS } from "../oidc/clients";
import { provider } from "../oidc/instance";
import { ACCOUNT_CLIENT_ID } from "../../prisma/seed-constants";

// Applications in the Management API's shape (Auth0's clients). Every write is checked by
// oidc-provider's own client validation before it is stored, so a client that is saved is a
// client the provider can load. The secret of a confidential client is shown once, at creation.

const APP_TYPES = ["native", "spa", "regular_web", "non_interactive"] as const;
const AUTH_METHODS = ["none", "client_secret_post", "client_secret_basic"] as const;

export function clientView(c: Client) {
  return {
    client_id: c.clientId,
    name: c.name,
    app_type: c.appType,
    is_first_party: c.firstParty,
    callbacks: c.redirectUris,
    allowed_logout_urls: c.postLogoutUris,
    web_origins: c.webOrigins,
    grant_types: c.grantTypes,
    token_endpoint_auth_method: c.clientSecretHash ? (c.tokenEndpointAuthMethod ?? "client_secret_basic") : "none",
    mobile: readMobile(c.mobile),
    branding: readBranding(c.branding),
    allowed_origins: c.allowedOrigins,
    oidc_conformant: c.oidcConformant,
    jwt_configuration: { alg: "RS256", lifetime_in_seconds: c.idTokenLifetime ?? DEFAULT_ID_TOKEN_LIFETIME },
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

const urls = z.array(z.string().min(1).max(2048)).max(50);
const origins = z.array(z.url({ protocol: /^https?$/ }).max(2048)).max(50);
const fields = {
  name: z.string().trim().min(1).max(100),
  app_type: z.enum(APP_TYPES),
  is_first_party: z.boolean(),
  callbacks: urls,
  allowed_logout_urls: urls,
  web_origins: origins,
  allowed_origins: origins,
  /** Every client is OIDC-conformant here; false is stored as Auth0 stores it, and changes nothing. */
  oidc_conformant: z.boolean(),
  jwt_configuration: z
    .object({
      alg: z.enum(["RS256"], { message: "only RS256: ID tokens are signed with the tenant's RSA key (HS256 would share the client secret)" }).optional(),
      lifetime_in_seconds: z.number().int().min(60).max(36_000).optional(),
      /** Auth0's flag for HS256 secrets: accepted (only false) and ignored, as there is no HS256. */
      secret_encoded: z.literal(false).optional(),
    })
    .strict(),
  grant_types: z.array(z.string().refine((g) => SUPPORTED_GRANTS.has(g), { message: `must be one of ${[...SUPPORTED_GRANTS].join(", ")}` })).max(5),
  token_endpoint_auth_method: z.enum(AUTH_METHODS),
  mobile: mobileSchema,
  /** Beyond Auth0's logo_uri: the tenant's branding fields, for this application's pages and emails. */
  branding: brandingSchema,
};

export const clientCreateSchema = z
  .object({ ...fields, app_type: fields.app_type.default("regular_web") })
  .partial({
    is_first_party: true,
    callbacks: true,
    allowed_logout_urls: true,
    web_origins: true,
    allowed_origins: true,
    oidc_conformant: true,
    jwt_configuration: true,
    grant_types: true,
    token_endpoint_auth_method: true,
    mobile: true,
    branding: true,
  })
  .strict();

export const clientPatchSchema = z.object(fields).partial().strict();

type Row = Omit<Client, "createdAt" | "updatedAt">;

export async function createClient(input: z.infer<typeof clientCreateSchema>) {
  const publicClient = input.app_type === "native" || input.app_type === "spa";
  const method = input.token_endpoint_auth_method ?? (publicClient ? "none" : "client_secret_post");
  const secret = method === "none" ? undefined : newClientSecret();
  const row: Row = {
    clientId: randomBytes(16).toString("base64url"),
    clientSecretHash: secret ? hashClientSecret(secret) : null,
    tokenEndpointAuthMethod: method === "none" ? null : method,
    name: input.name,
    appType: input.app_type,
    firstParty: input.is_first_party ?? true,
    redirectUris: input.callbacks ?? [],
    postLogoutUris: input.allowed_logout_urls ?? [],
    webOrigins: (input.web_origins ?? []).map(origin),
    allowedOrigins: (input.allowed_origins ?? []).map(origin),
    oidcConformant: input.oidc_conformant ?? true,
    idTokenLifetime: input.jwt_configuration?.lifetime_in_seconds ?? null,
    grantTypes: input.grant_types ?? (input.app_type === "non_interactive" ? ["client_credentials"] : ["authorization_code", "refresh_token"]),
    mobile: input.mobile ?? {},
    branding: input.branding ?? {},
  };
  await validate(row);
  const created = await changeConfig("client", () => db().client.create({ data: { ...row, mobile: row.mobile as object, branding: row.branding as object } }));
  return { ...clientView(created), ...(secret ? { client_secret: secret } : {}) };
}

export const clientListSchema = z
  .object({
    ...pageSchema,
    ...fieldsSchema,
    app_type: z
      .string()
      .max(200)
      .refine((v) => v.split(",").every((t) => (APP_TYPES as readonly string[]).includes(t)), { message: `a comma-separated list of ${APP_TYPES.join(", ")}` })
      .optional(),
    is_first_party: z.enum(["true", "false"]).optional(),
    /** Auth0's global client (its tenant's own): there is none here, so is_global=true lists nothing. */
    is_global: z.enum(["true", "false"]).optional(),
  })
  .strict();

export async function listClients(query: z.infer<typeof clientListSchema>) {
  if (query.is_global === "true") return offsetAnswer("clients", query, [], () => 0);
  const where = {
    ...(query.app_type ? { appType: { in: query.app_type.split(",") } } : {}),
    ...(query.is_first_party ? { firstParty: query.is_first_party === "true" } : {}),
  };
  const { skip, take } = offsetWindow(query);
  const [rows, total] = await Promise.all([
    db().client.findMany({ where, orderBy: [{ createdAt: "asc" }, { clientId: "asc" }], skip, take }),
    query.include_totals ? db().client.count({ where }) : 0,
  ]);
  return offsetAnswer("clients", query, withFields(rows.map(clientView), query), () => total);
}

export async function getClient(clientId: string) {
  return clientView(await findClient(clientId));
}

export async function updateClient(clientId: string, patch: z.infer<typeof clientPatchSchema>) {
  const current = await findClient(clientId);
  const method = patch.token_endpoint_auth_method;
  // A secret is made only at creation, and shown only then: switching between public and confidential means a new client.
  if (method !== undefined && (method === "none") !== (current.clientSecretHash === null)) {
    throw new ApiError("invalid_body", "token_endpoint_auth_method cannot switch between public (none) and confidential; create a new client");
  }
  const row: Row = {
    ...current,
    name: patch.name ?? current.name,
    appType: patch.app_type ?? current.appType,
    firstParty: patch.is_first_party ?? current.firstParty,
    redirectUris: patch.callbacks ?? current.redirectUris,
    postLogoutUris: patch.allowed_logout_urls ?? current.postLogoutUris,
    webOrigins: patch.web_origins?.map(origin) ?? current.webOrigins,
    allowedOrigins: patch.allowed_origins?.map(origin) ?? current.allowedOrigins,
    oidcConformant: patch.oidc_conformant ?? current.oidcConformant,
    idTokenLifetime: patch.jwt_configuration ? (patch.jwt_configuration.lifetime_in_seconds ?? null) : current.idTokenLifetime,
    grantTypes: patch.grant_types ?? current.grantTypes,
    tokenEndpointAuthMethod: method && method !== "none" ? method : current.tokenEndpointAuthMethod,
    // The mobile object is replaced as a whole: an app left out is an app removed.
    mobile: patch.mobile ?? current.mobile,
    branding: patch.branding ?? current.branding,
  };
  await validate(row);
  const { clientId: _id, ...data } = row;
  return clientView(
    await changeConfig("client", () =>
      db().client.update({ where: { clientId }, data: { ...data, mobile: data.mobile as object, branding: data.branding as object } }),
    ),
  );
}

export async function deleteClient(clientId: string) {
  if (clientId === ACCOUNT_CLIENT_ID) throw new ApiError("invalid_request", "The account settings client is part of this service and cannot be deleted");
  const { count } = await changeConfig("client", () => db().client.deleteMany({ where: { clientId } }));
  if (count === 0) throw new ApiError("not_found", "The client does not exist");
}

async function findClient(clientId: string) {
  const client = await db().client.findUnique({ where: { clientId } });
  if (!client) throw new ApiError("not_found", "The client does not exist");
  return client;
}

/** oidc-provider's verdict on the client as it would load it; its message names the problem. */
async function validate(row: Row) {
  try {
    await provider().Client.validate(
      metadataOf({ ...row, createdAt: new Date(), updatedAt: new Date() }) as Parameters<ReturnType<typeof provider>["Client"]["validate"]>[0],
    );
  } catch (error) {
    const e = error as { error_description?: string; message?: string };
    throw new ApiError("invalid_body", e.error_description ?? e.message ?? "invalid client metadata");
  }
}

const origin = (url: string) => new URL(url).origin;
