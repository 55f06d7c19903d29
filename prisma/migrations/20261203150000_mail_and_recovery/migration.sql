-- Mail that the service sends (lib/mail): with no SMTP_URL it stays here and a development page
-- shows it; with SMTP it is not stored.
CREATE TABLE "mail_outbox" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "mail_outbox_created_at_idx" ON "mail_outbox"("created_at");

-- Secrets sent by email (lib/users/email-tickets.ts): recovery links, email verification links
-- and codes. Only a SHA-256 digest is kept; each is single use and short-lived; a recovery link
-- or a code names the login transaction (and so the browser) that asked, when one did.
CREATE TABLE "email_ticket" (
    "id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "transaction_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "email_ticket_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "email_ticket_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "email_ticket_token_hash_key" ON "email_ticket"("token_hash");
CREATE INDEX "email_ticket_user_id_purpose_idx" ON "email_ticket"("user_id", "purpose");
