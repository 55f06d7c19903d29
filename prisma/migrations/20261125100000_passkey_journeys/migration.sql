-- Passkey journeys (issue 4): MFA rule and factors, per-step login state, API grants for
-- machine-to-machine clients (the Management API).

ALTER TABLE "tenant" ADD COLUMN "mfa_skip_after_passkey" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "connection" ADD COLUMN "mfa_required" BOOLEAN NOT NULL DEFAULT false;

-- A login between its first factor and its end: who signed in, how, and which step is next.
ALTER TABLE "login_transaction" ADD COLUMN "user_id" TEXT;
ALTER TABLE "login_transaction" ADD COLUMN "amr" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "login_transaction" ADD COLUMN "stage" TEXT;
ALTER TABLE "login_transaction" ADD COLUMN "cross_device" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "login_transaction" ADD COLUMN "is_signup" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "login_transaction" ADD COLUMN "mfa_failures" INTEGER NOT NULL DEFAULT 0;
-- The TOTP secret offered while the user sets up MFA during this login (encrypted).
ALTER TABLE "login_transaction" ADD COLUMN "pending_totp_secret" TEXT;

CREATE TABLE "mfa_factor" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "last_time_step" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    CONSTRAINT "mfa_factor_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "mfa_factor_user_id_type_key" ON "mfa_factor"("user_id", "type");
ALTER TABLE "mfa_factor" ADD CONSTRAINT "mfa_factor_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Which API (audience) a client may get tokens for, with which scopes (Auth0's client grants).
CREATE TABLE "client_grant" (
    "id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "scope" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "client_grant_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "client_grant_client_id_audience_key" ON "client_grant"("client_id", "audience");
ALTER TABLE "client_grant" ADD CONSTRAINT "client_grant_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("client_id") ON DELETE CASCADE ON UPDATE CASCADE;
