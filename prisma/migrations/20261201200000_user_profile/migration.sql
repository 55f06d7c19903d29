-- Users as Auth0's Management API manages them: the standard profile claims, the two metadata
-- objects, and `blocked` (a blocked user cannot sign in by any path; their tokens stop working).
ALTER TABLE "user" ADD COLUMN "name" TEXT;
ALTER TABLE "user" ADD COLUMN "given_name" TEXT;
ALTER TABLE "user" ADD COLUMN "family_name" TEXT;
ALTER TABLE "user" ADD COLUMN "nickname" TEXT;
ALTER TABLE "user" ADD COLUMN "picture" TEXT;
ALTER TABLE "user" ADD COLUMN "user_metadata" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "user" ADD COLUMN "app_metadata" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "user" ADD COLUMN "blocked" BOOLEAN NOT NULL DEFAULT false;

-- A native signup's user_profile (name, given_name, …, user_metadata) waits with its challenge
-- until the passkey grant creates the user.
ALTER TABLE "webauthn_challenge" ADD COLUMN "profile" JSONB;
