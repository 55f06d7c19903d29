-- Custom domains: more hosts the service answers on (lib/sites.ts). Each has its own issuer and,
-- for WebAuthn, an RP ID: the domain itself unless rp_id names a parent of it.
CREATE TABLE "custom_domain" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "rp_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "custom_domain_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "custom_domain_domain_key" ON "custom_domain"("domain");
-- Read by every request (which host is this?): cached, and every instance hears a change.
CREATE TRIGGER "custom_domain_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "custom_domain"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_config_changed"();
-- WebAuthn related origins: origins (custom domains among them) that use the tenant's RP ID.
ALTER TABLE "tenant" ADD COLUMN "related_origins" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
