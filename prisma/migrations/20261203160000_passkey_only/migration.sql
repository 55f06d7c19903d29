-- Passkey-only connections (Auth0's options.authentication_methods.password.enabled = false):
-- signup and login with passkeys only, and recovery by an emailed link that makes a new passkey.
ALTER TABLE "connection" ADD COLUMN "passwords_enabled" BOOLEAN NOT NULL DEFAULT true;
