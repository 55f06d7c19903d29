import { config } from "../config";

// The Management API is an API of this tenant, identified (like Auth0's) by its audience URL.
// Machine-to-machine clients get client-credentials tokens for it, limited to the scopes of
// their client grant.

export const managementAudience = () => `${config().origin}/api/v2/`;

export const MANAGEMENT_SCOPES = [
  "read:connections",
  "create:connections",
  "update:connections",
  "read:tenant_settings",
  "update:tenant_settings",
  "read:clients",
  "create:clients",
  "update:clients",
  "delete:clients",
  "read:client_grants",
  "create:client_grants",
  "delete:client_grants",
  "read:users",
  "create:users",
  "update:users",
  "delete:users",
  "read:authentication_methods",
  "read:logs",
  "read:custom_domains",
  "create:custom_domains",
  "update:custom_domains",
  "delete:custom_domains",
] as const;

export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];
