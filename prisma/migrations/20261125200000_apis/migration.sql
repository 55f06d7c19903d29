-- Native passkey API, My Account API and the rest of the Management API (issue 5).

-- An API ceremony's auth_session is the challenge's transaction id; the challenge also records
-- which application asked for it and on which connection, so only that application can redeem it.
ALTER TABLE "webauthn_challenge" ADD COLUMN "client_id" TEXT;
ALTER TABLE "webauthn_challenge" ADD COLUMN "connection_id" TEXT;

-- How a confidential client authenticates at the token endpoint (null: client_secret_basic), and
-- its native app identities ({ios: {team_id, app_bundle_identifier}, android: {app_package_name,
-- sha256_cert_fingerprints}}), which the association files and Android origins are built from.
ALTER TABLE "client" ADD COLUMN "token_endpoint_auth_method" TEXT;
ALTER TABLE "client" ADD COLUMN "mobile" JSONB NOT NULL DEFAULT '{}';

-- Logo and primary colour of the hosted pages ({logo_url, colors: {primary}}).
ALTER TABLE "tenant" ADD COLUMN "branding" JSONB NOT NULL DEFAULT '{}';
