-- MFA recovery codes (lib/mfa/recovery-codes.ts): ten per user with an authenticator app, kept as
-- SHA-256 digests (each code has 80 random bits), each usable once.
CREATE TABLE "mfa_recovery_code" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mfa_recovery_code_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "mfa_recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "mfa_recovery_code_user_id_code_hash_key" ON "mfa_recovery_code"("user_id", "code_hash");
