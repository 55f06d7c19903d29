-- An application's own branding over the tenant's (lib/tenant-branding.ts): logo, favicon, colours.
ALTER TABLE "client" ADD COLUMN "branding" JSONB NOT NULL DEFAULT '{}';
