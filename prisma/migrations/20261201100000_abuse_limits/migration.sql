-- Abuse limits (issue 11).

-- rate-limiter-flexible's counters when the service runs on PostgreSQL (several instances share them).
CREATE TABLE "rate_limit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,
    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);

-- Blocked identifier + address pairs, listed and lifted through /api/v2/user-blocks.
CREATE TABLE "user_block" (
    "connection_id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "blocked_until" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "user_block_pkey" PRIMARY KEY ("connection_id", "identifier", "ip")
);
CREATE INDEX "user_block_identifier_idx" ON "user_block"("identifier");
