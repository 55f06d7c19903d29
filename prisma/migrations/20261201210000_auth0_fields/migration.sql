-- Fields of Auth0's Management API that are stored and honoured (README "Auth0's fields").
-- Clients: allowed_origins (CORS for browser apps), oidc_conformant, jwt_configuration's
-- lifetime_in_seconds (the ID token's lifetime for this client).
ALTER TABLE "client" ADD COLUMN "allowed_origins" TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE "client" ADD COLUMN "oidc_conformant" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "client" ADD COLUMN "id_token_lifetime" INTEGER;
-- Connections: Auth0's named password policy (none, low, fair, good, excellent).
ALTER TABLE "connection" ADD COLUMN "password_policy" TEXT;
-- Tenant: the support contacts and the tenant's picture (the pages' logo when branding has none).
ALTER TABLE "tenant" ADD COLUMN "support_email" TEXT;
ALTER TABLE "tenant" ADD COLUMN "support_url" TEXT;
ALTER TABLE "tenant" ADD COLUMN "picture_url" TEXT;
