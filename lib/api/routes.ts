import type { z } from "zod";
import { withCors } from "./cors";
import { changePasswordSchema, databaseChangePassword, databaseSignup, databaseSignupSchema } from "../dbconnections";
import { appleAppSiteAssociation, assetLinks } from "../apps/mobile";
import { passkeyEndpoints } from "../account/passkey-endpoints";
import { relatedOriginsFile } from "../webauthn/related-origins";
import { clientGrantCreateSchema, clientGrantQuerySchema, createClientGrant, deleteClientGrant, listClientGrants } from "../management/client-grants";
import {
  clientCreateSchema,
  clientListSchema,
  clientPatchSchema,
  createClient,
  deleteClient,
  getClient,
  listClients,
  updateClient,
} from "../management/clients";
import {
  connectionCreateSchema,
  connectionListSchema,
  connectionPatchSchema,
  createConnection,
  getConnection,
  listConnections,
  updateConnection,
} from "../management/connections";
import {
  createCustomDomain,
  customDomainCreateSchema,
  customDomainPatchSchema,
  deleteCustomDomain,
  getCustomDomain,
  listCustomDomains,
  updateCustomDomain,
} from "../management/custom-domains";
import { getLog, listLogs, logQuerySchema } from "../management/logs";
import { getTenantSettings, tenantSettingsPatchSchema, updateTenantSettings } from "../management/tenant-settings";
import {
  authenticationMethodsQuerySchema,
  createUser,
  deleteUser,
  updateUser,
  userCreateSchema,
  userPatchSchema,
  getUser,
  listUsers,
  userAuthenticationMethods,
  userListSchema,
  usersByEmail,
  usersByEmailSchema,
} from "../management/users";
import { unblockById, unblockByIdentifier, userBlocksById, userBlocksByIdentifier, userBlocksQuerySchema } from "../management/user-blocks";
import {
  deleteAuthenticationMethod,
  getAuthenticationMethod,
  listAuthenticationMethods,
  renameAuthenticationMethod,
  startEnrollment,
  verifyEnrollment,
  enrollSchema,
  renameSchema,
  verifySchema,
} from "../my-account/authentication-methods";
import type { ManagementScope } from "../management/scopes";
import type { MyAccountScope } from "../my-account/auth";
import { challengeSchema, passkeyChallenge, passkeyRegister, registerSchema } from "../native/challenges";
import { endpoint } from "./endpoint";
import { json, noContent } from "./http";
import { createRouter, type Route, type Router } from "./router";

// Every JSON endpoint of the service, in one table (server.ts serves it before Next.js; see
// docs/architecture.md), each declared the same way (lib/api/endpoint.ts): who may call it, the
// body and query it takes, and a line that hands them to lib/, where the work is.

const ASSOCIATION_FILE = { "Cache-Control": "public, max-age=300" };

const management = <B = undefined, Q = undefined>(scope: ManagementScope, spec: { body?: z.ZodType<B>; query?: z.ZodType<Q> } = {}) => ({
  audience: "management" as const,
  scope,
  queryError: "invalid_query_string" as const,
  ...spec,
}); // Auth0's code for a query it cannot read
const me = (scope: MyAccountScope) => ({ audience: "me" as const, scope });
const open = { audience: "public" as const };

const routes: Route[] = [
  // Native passkey API (Auth0's): WebAuthn options and an auth_session, redeemed at /oauth/token.
  { method: "POST", path: "/passkey/register", handler: endpoint({ ...open, body: registerSchema }, ({ request, body }) => passkeyRegister(request, body)) },
  // Database connections (Auth0's Authentication API)
  {
    method: "POST",
    path: "/dbconnections/signup",
    handler: endpoint({ ...open, body: databaseSignupSchema }, ({ request, body }) => databaseSignup(request, body)),
  },
  {
    method: "POST",
    path: "/dbconnections/change_password",
    handler: endpoint({ ...open, body: changePasswordSchema }, ({ request, body }) => databaseChangePassword(request, body)),
  },
  { method: "POST", path: "/passkey/challenge", handler: endpoint({ ...open, body: challengeSchema }, ({ request, body }) => passkeyChallenge(request, body)) },

  // My Account API: the signed-in user's authentication methods (a user token for $ISSUER/me/).
  {
    method: "GET",
    path: "/me/v1/authentication-methods",
    handler: endpoint(me("read:me:authentication_methods"), ({ caller }) => listAuthenticationMethods(caller)),
  },
  {
    method: "POST",
    path: "/me/v1/authentication-methods",
    handler: endpoint({ ...me("create:me:authentication_methods"), body: enrollSchema }, ({ request, caller, body }) => startEnrollment(request, caller, body)),
  },
  {
    method: "GET",
    path: "/me/v1/authentication-methods/:id",
    handler: endpoint(me("read:me:authentication_methods"), ({ caller, params }) => getAuthenticationMethod(caller, params.id)),
  },
  {
    method: "PATCH",
    path: "/me/v1/authentication-methods/:id",
    handler: endpoint({ ...me("update:me:authentication_methods"), body: renameSchema }, ({ caller, params, body }) =>
      renameAuthenticationMethod(caller, params.id, body),
    ),
  },
  {
    method: "DELETE",
    path: "/me/v1/authentication-methods/:id",
    handler: endpoint(me("delete:me:authentication_methods"), ({ caller, params }) => deleteAuthenticationMethod(caller, params.id)),
  },
  {
    method: "POST",
    path: "/me/v1/authentication-methods/:id/verify",
    handler: endpoint({ ...me("create:me:authentication_methods"), body: verifySchema }, ({ request, caller, params, body }) =>
      verifyEnrollment(request, caller, params.id, body),
    ),
  },

  // Management API: a client-credentials token for $ISSUER/api/v2/ with the scope named.
  // Clients (applications)
  {
    method: "GET",
    path: "/api/v2/clients",
    handler: endpoint(management("read:clients", { query: clientListSchema }), async ({ query }) => json(await listClients(query))),
  },
  {
    method: "POST",
    path: "/api/v2/clients",
    handler: endpoint(management("create:clients", { body: clientCreateSchema }), async ({ body }) => json(await createClient(body), 201)),
  },
  { method: "GET", path: "/api/v2/clients/:id", handler: endpoint(management("read:clients"), async ({ params }) => json(await getClient(params.id))) },
  {
    method: "PATCH",
    path: "/api/v2/clients/:id",
    handler: endpoint(management("update:clients", { body: clientPatchSchema }), async ({ params, body }) => json(await updateClient(params.id, body))),
  },
  {
    method: "DELETE",
    path: "/api/v2/clients/:id",
    handler: endpoint(management("delete:clients"), async ({ params }) => {
      await deleteClient(params.id);
      return noContent();
    }),
  },
  // Client grants: which API an application may call, with which scopes
  {
    method: "GET",
    path: "/api/v2/client-grants",
    handler: endpoint(management("read:client_grants", { query: clientGrantQuerySchema }), async ({ query }) => json(await listClientGrants(query))),
  },
  {
    method: "POST",
    path: "/api/v2/client-grants",
    handler: endpoint(management("create:client_grants", { body: clientGrantCreateSchema }), async ({ body }) => json(await createClientGrant(body), 201)),
  },
  {
    method: "DELETE",
    path: "/api/v2/client-grants/:id",
    handler: endpoint(management("delete:client_grants"), async ({ params }) => {
      await deleteClientGrant(params.id);
      return noContent();
    }),
  },
  // Connections: passkey policy, MFA
  {
    method: "GET",
    path: "/api/v2/connections",
    handler: endpoint(management("read:connections", { query: connectionListSchema }), async ({ query }) => json(await listConnections(query))),
  },
  {
    method: "POST",
    path: "/api/v2/connections",
    handler: endpoint(management("create:connections", { body: connectionCreateSchema }), async ({ body }) => json(await createConnection(body), 201)),
  },
  {
    method: "GET",
    path: "/api/v2/connections/:id",
    handler: endpoint(management("read:connections"), async ({ params }) => json(await getConnection(params.id))),
  },
  {
    method: "PATCH",
    path: "/api/v2/connections/:id",
    handler: endpoint(management("update:connections", { body: connectionPatchSchema }), async ({ params, body }) =>
      json(await updateConnection(params.id, body)),
    ),
  },
  // Tenant settings: RP ID, MFA after a passkey, branding
  { method: "GET", path: "/api/v2/tenants/settings", handler: endpoint(management("read:tenant_settings"), async () => json(await getTenantSettings())) },
  {
    method: "PATCH",
    path: "/api/v2/tenants/settings",
    handler: endpoint(management("update:tenant_settings", { body: tenantSettingsPatchSchema }), async ({ body }) => json(await updateTenantSettings(body))),
  },
  // Users and their authentication methods
  {
    method: "GET",
    path: "/api/v2/users",
    handler: endpoint(management("read:users", { query: userListSchema }), async ({ query }) => json(await listUsers(query))),
  },
  {
    method: "POST",
    path: "/api/v2/users",
    handler: endpoint(management("create:users", { body: userCreateSchema }), async ({ body }) => json(await createUser(body), 201)),
  },
  {
    method: "PATCH",
    path: "/api/v2/users/:id",
    handler: endpoint(management("update:users", { body: userPatchSchema }), async ({ params, body }) => json(await updateUser(params.id, body))),
  },
  {
    method: "GET",
    path: "/api/v2/users-by-email",
    handler: endpoint(management("read:users", { query: usersByEmailSchema }), async ({ query }) => json(await usersByEmail(query))),
  },
  { method: "GET", path: "/api/v2/users/:id", handler: endpoint(management("read:users"), async ({ params }) => json(await getUser(params.id))) },
  {
    method: "DELETE",
    path: "/api/v2/users/:id",
    handler: endpoint(management("delete:users"), async ({ params }) => {
      await deleteUser(params.id);
      return noContent();
    }),
  },
  {
    method: "GET",
    path: "/api/v2/users/:id/authentication-methods",
    handler: endpoint(management("read:authentication_methods", { query: authenticationMethodsQuerySchema }), async ({ params, query }) =>
      json(await userAuthenticationMethods(params.id, query)),
    ),
  },
  // User blocks: identifier + address pairs blocked by brute-force protection
  {
    method: "GET",
    path: "/api/v2/user-blocks",
    handler: endpoint(management("read:users", { query: userBlocksQuerySchema }), async ({ query }) => json(await userBlocksByIdentifier(query.identifier))),
  },
  {
    method: "DELETE",
    path: "/api/v2/user-blocks",
    handler: endpoint(management("update:users", { query: userBlocksQuerySchema }), async ({ query }) => {
      await unblockByIdentifier(query.identifier);
      return noContent();
    }),
  },
  { method: "GET", path: "/api/v2/user-blocks/:id", handler: endpoint(management("read:users"), async ({ params }) => json(await userBlocksById(params.id))) },
  {
    method: "DELETE",
    path: "/api/v2/user-blocks/:id",
    handler: endpoint(management("update:users"), async ({ params }) => {
      await unblockById(params.id);
      return noContent();
    }),
  },
  // Custom domains
  { method: "GET", path: "/api/v2/custom-domains", handler: endpoint(management("read:custom_domains"), async () => json(await listCustomDomains())) },
  {
    method: "POST",
    path: "/api/v2/custom-domains",
    handler: endpoint(management("create:custom_domains", { body: customDomainCreateSchema }), async ({ body }) => json(await createCustomDomain(body), 201)),
  },
  {
    method: "GET",
    path: "/api/v2/custom-domains/:id",
    handler: endpoint(management("read:custom_domains"), async ({ params }) => json(await getCustomDomain(params.id))),
  },
  {
    method: "PATCH",
    path: "/api/v2/custom-domains/:id",
    handler: endpoint(management("update:custom_domains", { body: customDomainPatchSchema }), async ({ params, body }) =>
      json(await updateCustomDomain(params.id, body)),
    ),
  },
  {
    method: "DELETE",
    path: "/api/v2/custom-domains/:id",
    handler: endpoint(management("delete:custom_domains"), async ({ params }) => {
      await deleteCustomDomain(params.id);
      return noContent();
    }),
  },
  // Self-managed certificates: the domain is ready once it is added (Auth0's verify answers its state).
  {
    method: "POST",
    path: "/api/v2/custom-domains/:id/verify",
    handler: endpoint(management("create:custom_domains"), async ({ params }) => json(await getCustomDomain(params.id))),
  },
  // Tenant logs
  {
    method: "GET",
    path: "/api/v2/logs",
    handler: endpoint(management("read:logs", { query: logQuerySchema }), async ({ query }) => json(await listLogs(query))),
  },
  { method: "GET", path: "/api/v2/logs/:id", handler: endpoint(management("read:logs"), async ({ params }) => json(await getLog(params.id))) },

  // App association files: Apple and Google fetch them to let the registered apps use this
  // domain's passkeys. Built from the clients on every request; caches may keep them 5 minutes.
  {
    method: "GET",
    path: "/.well-known/apple-app-site-association",
    handler: endpoint(open, async () => json(await appleAppSiteAssociation(), 200, ASSOCIATION_FILE)),
  },
  { method: "GET", path: "/.well-known/assetlinks.json", handler: endpoint(open, async () => json(await assetLinks(), 200, ASSOCIATION_FILE)) },
  // WebAuthn related origins: which origins may use the RP ID of this host (lib/sites.ts).
  { method: "GET", path: "/.well-known/webauthn", handler: endpoint(open, async () => json(await relatedOriginsFile(), 200, ASSOCIATION_FILE)) },
  // For password managers: where to create and manage passkeys here (lib/account/passkey-endpoints.ts).
  { method: "GET", path: "/.well-known/passkey-endpoints", handler: endpoint(open, () => Promise.resolve(json(passkeyEndpoints(), 200, ASSOCIATION_FILE))) },
];

/** The JSON APIs: the table above, a JSON 404 for anything else under their prefixes, and CORS for browser apps (lib/api/cors.ts). */
const router = createRouter({ prefixes: ["/passkey/", "/dbconnections/", "/me/v1/", "/api/v2/"], routes });
export const apiRouter: Router = { serves: (pathname) => router.serves(pathname), answer: async (request) => withCors(request, await router.answer(request)) };

/** The router's answer to `request`, or undefined for a path that is not an API's (Next.js would answer it). */
export async function handleApiRequest(request: Request): Promise<Response | undefined> {
  return apiRouter.serves(new URL(request.url).pathname) ? apiRouter.answer(request) : undefined;
}
