// The native passkey API through Auth0's own `@auth0/auth0-auth-js` 1.16.1 AuthClient, unmodified,
// in a process of its own over https (lib/testing/sdk): passkey.register with a profile,
// getTokenByPasskey (the SDK checks the ID token against discovery: issuer `https://{domain}/`,
// signature, audience), passkey.challenge and login, getTokenByRefreshToken, and the access
// token on My Account. Each step asserts what the SDK hands back.

import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { db } from "../db";
import { MY_ACCOUNT_SCOPES, myAccountAudience } from "../my-account/auth";
import { WEBAUTHN_GRANT } from "../oidc/constants";
import { call } from "../testing/api";
import { clientCreateSchema, createClient } from "../management/clients";
import { createClientGrant } from "../management/client-grants";
import { unsetEnv } from "../testing/env";
import { startHarness, type Harness } from "../testing/harness";
import { startSdks, type Sdks } from "../testing/sdk";
import { SoftAuthenticator } from "../testing/soft-authenticator";
import { startTlsTerminator, type TlsTerminator } from "../testing/tls";

type Challenge = { authSession: string; authnParamsPublicKey: Record<string, unknown> };
type Tokens = { accessToken: string; idToken?: string; refreshToken?: string; expiresAt: number; scope?: string; claims?: Record<string, unknown> };

let h: Harness;
let tls: TlsTerminator;
let sdk: Sdks;
let clientId: string;
const SCOPE = `openid profile email offline_access ${MY_ACCOUNT_SCOPES.join(" ")}`;

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = "sdk-management";
  process.env.MANAGEMENT_CLIENT_SECRET = randomBytes(32).toString("base64url");
  tls = await startTlsTerminator();
  h = await startHarness({ publicOrigin: tls.origin });
  tls.forwardTo(h.listening);
  // A confidential web app with Auth0's passkey grant (auth-js exchanges passkeys with a secret only).
  // (The Management API's own functions: this process does not trust the terminator's certificate.)
  const created = await createClient(
    clientCreateSchema.parse({ name: "Web app with passkeys", app_type: "regular_web", grant_types: [WEBAUTHN_GRANT, "refresh_token"] }),
  );
  clientId = created.client_id;
  await createClientGrant({ client_id: clientId, audience: myAccountAudience(), scope: [...MY_ACCOUNT_SCOPES] });
  sdk = startSdks({
    tls,
    clientId: process.env.MANAGEMENT_CLIENT_ID,
    clientSecret: process.env.MANAGEMENT_CLIENT_SECRET,
    apps: { web: { clientId, clientSecret: created.client_secret }, nosecret: { clientId } },
  });
});
after(async () => {
  await sdk.close();
  await h.close();
  await tls.close();
  unsetEnv("MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET");
});

const tokenByPasskey = (challenge: Challenge, credential: unknown) =>
  sdk.call<Tokens>("web.passkey.getTokenByPasskey", { authSession: challenge.authSession, credential, scope: SCOPE, audience: myAccountAudience() });

test("signup with a profile, login, refresh, and My Account, all through auth-js", async () => {
  const phone = new SoftAuthenticator();
  const email = `auth-js-${randomUUID()}@example.test`;
  const signup = await sdk.call<Challenge>("web.passkey.register", {
    email,
    name: "Ada Lovelace",
    givenName: "Ada",
    familyName: "Lovelace",
    nickname: "ada",
    userMetadata: { team: "engines" },
  });
  assert.equal(typeof signup.authSession, "string");
  assert.equal((signup.authnParamsPublicKey.rp as { id: string }).id, "localhost");
  assert.equal((signup.authnParamsPublicKey.user as { name: string }).name, email);
  const created = await tokenByPasskey(signup, phone.register(signup.authnParamsPublicKey as never, { origin: h.origin }));
  assert.ok(created.claims, "the SDK validated and decoded the ID token");
  assert.deepEqual([created.claims.iss, created.claims.aud, created.claims.amr, created.claims.email], [`${tls.origin}/`, clientId, ["phr"], email]);
  assert.deepEqual(
    [created.claims.name, created.claims.given_name, created.claims.family_name, created.claims.nickname],
    ["Ada Lovelace", "Ada", "Lovelace", "ada"],
  );
  assert.ok(created.refreshToken, "offline_access gives a refresh token");
  assert.ok(created.expiresAt > Date.now() / 1000);
  const user = await db().user.findFirstOrThrow({ where: { email } });
  assert.equal(created.claims.sub, user.id);
  assert.deepEqual(user.userMetadata, { team: "engines" });

  const login = await sdk.call<Challenge>("web.passkey.challenge");
  assert.equal(login.authnParamsPublicKey.rpId, "localhost");
  const again = await tokenByPasskey(login, phone.authenticate(login.authnParamsPublicKey as never, { origin: h.origin }));
  assert.deepEqual([again.claims?.sub, again.claims?.amr], [user.id, ["phr"]]);

  const refreshed = await sdk.call<Tokens>("web.getTokenByRefreshToken", { refreshToken: again.refreshToken });
  assert.notEqual(refreshed.accessToken, again.accessToken);
  assert.equal(refreshed.claims?.sub, user.id);

  // The access token is for My Account (the audience asked for): it lists the passkey.
  const methods = await call(h, { path: "/me/v1/authentication-methods", token: refreshed.accessToken });
  assert.equal(methods.status, 200, JSON.stringify(methods.json));
  assert.deepEqual(
    (methods.json.authentication_methods as { type: string }[]).map((m) => m.type),
    ["passkey"],
  );
});

test("the SDK's errors carry ours: a used auth session, a wrong origin, no client secret", async () => {
  const phone = new SoftAuthenticator();
  const signup = await sdk.call<Challenge>("web.passkey.register", { email: `auth-js-${randomUUID()}@example.test` });
  const credential = phone.register(signup.authnParamsPublicKey as never, { origin: h.origin });
  await tokenByPasskey(signup, credential);
  const replay = await sdk.attempt("web.passkey.getTokenByPasskey", { authSession: signup.authSession, credential, scope: SCOPE });
  assert.ok(!replay.ok);
  assert.equal(replay.error.name, "PasskeyGetTokenError");
  assert.equal((replay.error.cause as { error: string }).error, "invalid_grant", "the server's code reaches the caller");

  const login = await sdk.call<Challenge>("web.passkey.challenge");
  const phished = await sdk.attempt("web.passkey.getTokenByPasskey", {
    authSession: login.authSession,
    credential: phone.authenticate(login.authnParamsPublicKey as never, { origin: "https://evil.example" }),
  });
  assert.ok(!phished.ok);
  assert.equal(phished.error.name, "PasskeyGetTokenError");
  assert.equal((phished.error.cause as { error: string }).error, "invalid_grant");

  const noProfile = await sdk.attempt("web.passkey.register", { email: "not an email" });
  assert.ok(!noProfile.ok);
  assert.equal(noProfile.error.name, "PasskeyRegisterError");
  assert.match(noProfile.error.message, /email/);

  const withoutSecret = await sdk.attempt("nosecret.passkey.getTokenByPasskey", { authSession: login.authSession, credential });
  assert.ok(!withoutSecret.ok, "auth-js itself refuses a passkey exchange without client credentials");
});
