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
import type { z } from "zod";
import type { ManagementScope } from "../management/scopes";
import { endpoint } from "./endpoint";
import { json, noContent } from "./http";
import type { Route } from "./router";

// The Management API's endpoints ($ISSUER/api/v2/…), in the same table form as lib/api/routes.ts:
// each takes a client-credentials token for the API with the scope it names.

const management = <B = undefined, Q = undefined>(scope: ManagementScope, spec: { body?: z.ZodType<B>; query?: z.ZodType<Q> } = {}) => ({
  audience: "management" as const,
  scope,
  queryError: "invalid_query_string" as const, // Auth0's code for a query it cannot read
  ...spec,
});

export const managementRoutes: Route[] = [
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
];
