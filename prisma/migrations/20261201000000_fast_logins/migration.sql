-- Fast logins (issue 10).

-- A challenge says what it is for, instead of leaving it to which columns are null:
--   login, signup            the hosted pages (bound to a login transaction)
--   enroll                   a passkey for an existing user (the offers after a login, account
--                            settings, My Account)
--   native_login, native_signup   the native passkey API (bound to an auth_session and its client)
-- A challenge is used up by deleting it (one statement that also returns it), so consumed rows
-- and their column go.
ALTER TABLE "webauthn_challenge" ADD COLUMN "kind" TEXT;
DELETE FROM "webauthn_challenge" WHERE "consumed_at" IS NOT NULL;
UPDATE "webauthn_challenge" c SET "kind" = CASE
    WHEN c."purpose" = 'authentication' THEN CASE WHEN c."client_id" IS NULL THEN 'login' ELSE 'native_login' END
    WHEN EXISTS (SELECT 1 FROM "user" u WHERE u."id" = c."user_id") THEN 'enroll'
    WHEN c."client_id" IS NULL THEN 'signup'
    ELSE 'native_signup'
  END;
ALTER TABLE "webauthn_challenge" ALTER COLUMN "kind" SET NOT NULL;
ALTER TABLE "webauthn_challenge" DROP COLUMN "purpose";
ALTER TABLE "webauthn_challenge" DROP COLUMN "consumed_at";

-- Configuration is cached in memory by every server instance (lib/config-cache.ts). A change to
-- it, by any path, tells every instance at commit: NOTIFY config_changed, '<table>'.
CREATE FUNCTION "notify_config_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('config_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
CREATE TRIGGER "tenant_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tenant"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_config_changed"();
CREATE TRIGGER "connection_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "connection"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_config_changed"();
CREATE TRIGGER "client_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "client"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_config_changed"();
CREATE TRIGGER "client_grant_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "client_grant"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_config_changed"();
