-- Flexible identifiers: a connection says which of email, username and phone number it asks at
-- signup and accepts at login (lib/users/identifiers.ts; '{}' is email only, as before).
ALTER TABLE "connection" ADD COLUMN "attributes" JSONB NOT NULL DEFAULT '{}';
-- A user has at least one of the three; each is unique on its connection. Usernames are stored
-- lower-cased and phone numbers in E.164, so equal ones are equal strings.
ALTER TABLE "user" ALTER COLUMN "email" DROP NOT NULL;
ALTER TABLE "user" ADD COLUMN "username" TEXT;
ALTER TABLE "user" ADD COLUMN "phone_number" TEXT;
CREATE UNIQUE INDEX "user_connection_id_username_key" ON "user"("connection_id", "username");
CREATE UNIQUE INDEX "user_connection_id_phone_number_key" ON "user"("connection_id", "phone_number");
-- What the user typed at login (one of the three), or entered at signup (each they gave).
ALTER TABLE "login_transaction" ADD COLUMN "username" TEXT;
ALTER TABLE "login_transaction" ADD COLUMN "phone_number" TEXT;
-- A registration challenge remembers the new user's identifiers, not only an email.
ALTER TABLE "webauthn_challenge" DROP COLUMN "email";
ALTER TABLE "webauthn_challenge" ADD COLUMN "identity" JSONB;
