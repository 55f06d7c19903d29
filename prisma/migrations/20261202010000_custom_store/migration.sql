-- A custom database connection without user import: its users live in the customer's own store,
-- reached over HTTP (lib/users/custom-store.ts). The secret is sent to that store in every call
-- and kept encrypted here (lib/mfa/secrets.ts); a connection without a URL is the built-in store.
ALTER TABLE "connection" ADD COLUMN "custom_store_url" TEXT;
ALTER TABLE "connection" ADD COLUMN "custom_store_secret" TEXT;
-- How long each call may take (null: 5 s).
ALTER TABLE "connection" ADD COLUMN "custom_store_timeout_ms" INTEGER;
-- A custom connection's users keep a row here, under an id of ours (the passkeys' user handle, made
-- before the store creates the user), with the store's user_id beside it. The row holds what this
-- service owns (passkeys, factors, snoozes, blocks) and a copy of the identifier and profile the
-- store last answered, refreshed at every login; the store stays the source of truth.
ALTER TABLE "user" ADD COLUMN "external_id" TEXT;
CREATE UNIQUE INDEX "user_connection_id_external_id_key" ON "user"("connection_id", "external_id");
