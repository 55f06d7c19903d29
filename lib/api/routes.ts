import { appleAppSiteAssociation, assetLinks } from "../apps/mobile";
import { managementEndpoint } from "../management/auth";
import { clientGrantCreateSchema, clientGrantQuerySchema, createClientGrant, deleteClientGrant, listClientGrants } from "../management/client-grants";
import { clientCreateSchema, clientPatchSchema, createClient, deleteClient, getClient, listClients, updateClient } from "../management/clients";
import { connectionPatchSchema, getConnection, listConnections, updateConnection } from "../management/connections";
import { getLog, listLogs, logQuerySchema } from "../management/logs";
import { getTenantSettings, tenantSettingsPatchSchema, updateTenantSettings } from "../management/tenant-settings";
import { deleteUser, getUser, listUsers, userAuthenticationMethods, userListSchema } from "../management/users";
import { unblockById, unblockByIdentifier, userBlocksById, userBlocksByIdentifier, userBlocksQuerySchema } from "../management/user-blocks";
import {
  deleteAuthenticationMethod,
  getAuthenticationMethod,
  listAuthenticationMethods,
  renameAuthenticationMethod,
  startEnrollment,
  verifyEnrollment,
} from "../my-account/authentication-methods";
import { passkeyChallenge, passkeyRegister } from "../native/challenges";
import { json, noContent, parseInput, queryOf, readJson } from "./http";
import { createRouter, type Route } from "./router";

// Every JSON endpoint of the service, in one table (server.ts serves it before Next.js; see
// docs/architecture.md). Each line only hands the request to lib/, where the work is.

const ASSOCIATION_FILE = { "Cache-Control": "public, max-age=300" };

const routes: Route[] = [
  // Native passkey API (Auth0's): WebAuthn options and an auth_session, redeemed at /oauth/token.
  { method: "POST", path: "/passkey/register", handler: passkeyRegister },
  { method: "POST", path: "/passkey/challenge", handler: passkeyChallenge },

  // My Account API: the signed-in user's authentication methods (a user token for $ISSUER/me/).
  { method: "GET", path: "/me/v1/authentication-methods", handler: listAuthenticationMethods },
  { method: "POST", path: "/me/v1/authentication-methods", handler: startEnrollment },
  { method: "GET", path: "/me/v1/authentication-methods/:id", handler: (request, { id }) => getAuthenticationMethod(request, id) },
  { method: "PATCH", path: "/me/v1/authentication-methods/:id", handler: (request, { id }) => renameAuthenticationMethod(request, id) },
  { method: "DELETE", path: "/me/v1/authentication-methods/:id", handler: (request, { id }) => deleteAuthenticationMethod(request, id) },
  { method: "POST", path: "/me/v1/authentication-methods/:id/verify", handler: (request, { id }) => verifyEnrollment(request, id) },

  // Management API: a client-credentials token for $ISSUER/api/v2/ with the scope named.
  // Clients (applications)
  { method: "GET", path: "/api/v2/clients", handler: managementEndpoint("read:clients", async () => json(await listClients())) },
  { method: "POST", path: "/api/v2/clients", handler: managementEndpoint("create:clients", async (request) => json(await createClient(await readJson(request, clientCreateSchema)), 201)) },
  { method: "GET", path: "/api/v2/clients/:id", handler: managementEndpoint("read:clients", async (_, { id }) => json(await getClient(id))) },
  { method: "PATCH", path: "/api/v2/clients/:id", handler: managementEndpoint("update:clients", async (request, { id }) => json(await updateClient(id, await readJson(request, clientPatchSchema)))) },
  { method: "DELETE", path: "/api/v2/clients/:id", handler: managementEndpoint("delete:clients", async (_, { id }) => { await deleteClient(id); return noContent(); }) },
  // Client grants: which API an application may call, with which scopes
  { method: "GET", path: "/api/v2/client-grants", handler: managementEndpoint("read:client_grants", async (request) => json(await listClientGrants(parseInput(clientGrantQuerySchema, queryOf(request))))) },
  { method: "POST", path: "/api/v2/client-grants", handler: managementEndpoint("create:client_grants", async (request) => json(await createClientGrant(await readJson(request, clientGrantCreateSchema)), 201)) },
  { method: "DELETE", path: "/api/v2/client-grants/:id", handler: managementEndpoint("delete:client_grants", async (_, { id }) => { await deleteClientGrant(id); return noContent(); }) },
  // Connections: passkey policy, MFA
  { method: "GET", path: "/api/v2/connections", handler: managementEndpoint("read:connections", async () => json(await listConnections())) },
  { method: "GET", path: "/api/v2/connections/:id", handler: managementEndpoint("read:connections", async (_, { id }) => json(await getConnection(id))) },
  { method: "PATCH", path: "/api/v2/connections/:id", handler: managementEndpoint("update:connections", async (request, { id }) => json(await updateConnection(id, await readJson(request, connectionPatchSchema)))) },
  // Tenant settings: RP ID, MFA after a passkey, branding
  { method: "GET", path: "/api/v2/tenants/settings", handler: managementEndpoint("read:tenant_settings", async () => json(await getTenantSettings())) },
  { method: "PATCH", path: "/api/v2/tenants/settings", handler: managementEndpoint("update:tenant_settings", async (request) => json(await updateTenantSettings(await readJson(request, tenantSettingsPatchSchema)))) },
  // Users and their authentication methods
  { method: "GET", path: "/api/v2/users", handler: managementEndpoint("read:users", async (request) => json(await listUsers(parseInput(userListSchema, queryOf(request))))) },
  { method: "GET", path: "/api/v2/users/:id", handler: managementEndpoint("read:users", async (_, { id }) => json(await getUser(id))) },
  { method: "DELETE", path: "/api/v2/users/:id", handler: managementEndpoint("delete:users", async (_, { id }) => { await deleteUser(id); return noContent(); }) },
  { method: "GET", path: "/api/v2/users/:id/authentication-methods", handler: managementEndpoint("read:authentication_methods", async (_, { id }) => json(await userAuthenticationMethods(id))) },
  // User blocks: identifier + address pairs blocked by brute-force protection
  { method: "GET", path: "/api/v2/user-blocks", handler: managementEndpoint("read:users", async (request) => json(await userBlocksByIdentifier(parseInput(userBlocksQuerySchema, queryOf(request)).identifier))) },
  { method: "DELETE", path: "/api/v2/user-blocks", handler: managementEndpoint("update:users", async (request) => { await unblockByIdentifier(parseInput(userBlocksQuerySchema, queryOf(request)).identifier); return noContent(); }) },
  { method: "GET", path: "/api/v2/user-blocks/:id", handler: managementEndpoint("read:users", async (_, { id }) => json(await userBlocksById(id))) },
  { method: "DELETE", path: "/api/v2/user-blocks/:id", handler: managementEndpoint("update:users", async (_, { id }) => { await unblockById(id); return noContent(); }) },
  // Tenant logs
  { method: "GET", path: "/api/v2/logs", handler: managementEndpoint("read:logs", async (request) => json(await listLogs(parseInput(logQuerySchema, queryOf(request), "invalid_query_string")))) },
  { method: "GET", path: "/api/v2/logs/:id", handler: managementEndpoint("read:logs", async (_, { id }) => json(await getLog(id))) },

  // App association files: Apple and Google fetch them to let the registered apps use this
  // domain's passkeys. Built from the clients on every request; caches may keep them 5 minutes.
  { method: "GET", path: "/.well-known/apple-app-site-association", handler: async () => json(await appleAppSiteAssociation(), 200, ASSOCIATION_FILE) },
  { method: "GET", path: "/.well-known/assetlinks.json", handler: async () => json(await assetLinks(), 200, ASSOCIATION_FILE) },
];

/** The JSON APIs: the table above, and a JSON 404 for anything else under their prefixes. */
export const apiRouter = createRouter({ prefixes: ["/passkey/", "/me/v1/", "/api/v2/"], routes });

/** The router's answer to `request`, or undefined for a path that is not an API's (Next.js would answer it). */
export async function handleApiRequest(request: Request): Promise<Response | undefined> {
  return apiRouter.serves(new URL(request.url).pathname) ? apiRouter.answer(request) : undefined;
}
