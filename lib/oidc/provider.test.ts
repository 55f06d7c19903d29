// The OIDC provider over HTTP, as applications see it: discovery, JWKS, /authorize errors, the
// interaction hand-off to the hosted pages, and the code flow with a confidential client
// (consent, tokens, refresh, userinfo, code reuse). The human part (the pages) is replaced by
// finishLogin/finishConsent, which is what the pages call at the end.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { db } from "../db";
import { startAuthorization, startHarness, tokenRequest, type AuthorizationStart, type Browser, type Harness } from "../testing/harness";
import { createUserWithPassword } from "../users/store";
import { bindingHolds } from "./binding";
import { hashClientSecret, newClientSecret } from "./clients";
import { finishConsent, finishLogin } from "./transaction";

let h: Harness;
let connectionId: string;

before(async () => {
  h = await startHarness();
  connectionId = (await db().connection.findFirstOrThrow({ where: { isDefault: true } })).id;
});
after(() => h.close());

async function newUser() {
  return createUserWithPassword({ connectionId, email: `${randomUUID()}@example.test`, password: "correct horse battery" });
}

/** What the hosted pages do once the person is known: finish the login, follow the provider. */
async function signIn(browser: Browser, start: AuthorizationStart, accountId: string) {
  assert.ok(start.uid, `expected the login page, got ${start.response.status} ${start.location}`);
  const returnTo = await finishLogin(start.uid, { accountId, amr: ["pwd"] });
  return browser.navigate(returnTo);
}

function codeFrom(location: URL | undefined, start: AuthorizationStart): string {
  assert.ok(location, "expected a redirect");
  assert.equal(`${location.origin}${location.pathname}`, start.redirectUri);
  assert.equal(location.searchParams.get("error"), null, location.searchParams.get("error_description") ?? "");
  assert.equal(location.searchParams.get("state"), start.state);
  const code = location.searchParams.get("code");
  assert.ok(code, `no code in ${location}`);
  return code;
}

const userinfo = (accessToken: string) => fetch(new URL("/userinfo", h.origin), { headers: { authorization: `Bearer ${accessToken}` } });

describe("metadata", () => {
  test("discovery uses Auth0's paths, PKCE S256 and the code flow only", async () => {
    const response = await fetch(new URL("/.well-known/openid-configuration", h.origin));
    assert.equal(response.status, 200);
    const d = (await response.json()) as Record<string, unknown>;
    assert.equal(d.issuer, h.issuer);
    assert.equal(d.authorization_endpoint, `${h.origin}/authorize`);
    assert.equal(d.token_endpoint, `${h.origin}/oauth/token`);
    assert.equal(d.userinfo_endpoint, `${h.origin}/userinfo`);
    assert.equal(d.jwks_uri, `${h.origin}/.well-known/jwks.json`);
    assert.equal(d.end_session_endpoint, `${h.origin}/oidc/logout`);
    assert.deepEqual(d.code_challenge_methods_supported, ["S256"]);
    assert.deepEqual(d.response_types_supported, ["code"]);
    assert.ok((d.scopes_supported as string[]).includes("offline_access"));
    for (const claim of ["sub", "email", "email_verified", "amr", "auth_time"]) {
      assert.ok((d.claims_supported as string[]).includes(claim), `claims_supported lacks ${claim}`);
    }
  });

  test("the JWKS publishes public keys only", async () => {
    const response = await fetch(new URL("/.well-known/jwks.json", h.origin));
    assert.equal(response.status, 200);
    const { keys } = (await response.json()) as { keys: ({ kid?: string; kty?: string } & Record<string, unknown>)[] };
    assert.ok(keys.length >= 1);
    for (const key of keys) {
      assert.ok(key.kid && key.kty, JSON.stringify(key));
      for (const secret of ["d", "p", "q", "dp", "dq", "qi", "k", "oth"]) {
        assert.equal(key[secret], undefined, `JWKS key ${key.kid} exposes "${secret}"`);
      }
    }
  });
});

describe("/authorize", () => {
  test("without code_challenge: an invalid_request error sent back to the registered redirect_uri", async () => {
    const start = await startAuthorization(h, h.browser(), { code_challenge: undefined, code_challenge_method: undefined });
    assert.ok(start.response.status >= 300 && start.response.status < 400, `status ${start.response.status}`);
    assert.ok(start.location);
    assert.equal(`${start.location.origin}${start.location.pathname}`, start.redirectUri);
    assert.equal(start.location.searchParams.get("error"), "invalid_request");
    assert.match(start.location.searchParams.get("error_description") ?? "", /PKCE/);
    assert.equal(start.location.searchParams.get("state"), start.state);
    assert.equal(start.location.searchParams.get("code"), null);
  });

  test("a plain code_challenge_method is refused the same way", async () => {
    const start = await startAuthorization(h, h.browser(), { code_challenge_method: "plain" });
    assert.equal(start.location?.searchParams.get("error"), "invalid_request");
  });

  test("a redirect_uri the client did not register: a 400 error page, never a redirect", async () => {
    const start = await startAuthorization(h, h.browser(), { redirect_uri: "https://evil.example/callback" });
    assert.equal(start.response.status, 400);
    assert.equal(start.response.headers.get("location"), null);
    assert.match(start.response.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal(start.response.headers.get("x-frame-options"), "DENY");
    const html = await start.response.text();
    assert.match(html, /redirect_uri/);
    assert.doesNotMatch(html, /evil\.example/); // the error page does not echo it back as a link
  });

  test("an unknown client_id: a 400 error page, never a redirect", async () => {
    const start = await startAuthorization(h, h.browser(), { client_id: "no-such-client" });
    assert.equal(start.response.status, 400);
    assert.equal(start.response.headers.get("location"), null);
    assert.match(await start.response.text(), /invalid_client/);
  });

  test("a login starts at /u/login with the interaction as state, bound to the browser by an HttpOnly cookie on /u", async () => {
    const start = await startAuthorization(h, h.browser());
    assert.equal(start.response.status, 303);
    assert.equal(start.location?.pathname, "/u/login");
    assert.ok(start.uid && /^[A-Za-z0-9_-]{10,64}$/.test(start.uid), `state ${start.uid}`);
    assert.equal(start.location.search, `?state=${start.uid}`);

    const binding = start.response.headers.getSetCookie().find((c) => c.startsWith(`txn_${start.uid}=`));
    assert.ok(binding, "no txn_<uid> cookie");
    // A random value the server signed for this transaction: it holds for this uid only, and
    // neither a constant nor a value tampered with, or made for another login, is accepted.
    const value = binding.split(";")[0].slice(`txn_${start.uid}=`.length);
    assert.ok(bindingHolds(start.uid, value));
    const other = await startAuthorization(h, h.browser());
    const otherValue = other.response.headers
      .getSetCookie()
      .find((c) => c.startsWith(`txn_${other.uid}=`))!
      .split(";")[0]
      .split("=")[1];
    assert.notEqual(otherValue, value);
    for (const forged of ["1", "", otherValue, `${value}x`, value.replace(/^./, (c) => (c === "A" ? "B" : "A")), `${value}.extra`]) {
      assert.equal(bindingHolds(start.uid, forged), false, forged);
    }
    const attributes = binding.toLowerCase().split(/;\s*/);
    assert.ok(attributes.includes("path=/u"), binding);
    assert.ok(attributes.includes("httponly"), binding);
    assert.ok(attributes.includes("samesite=lax"), binding);
    assert.ok(!attributes.includes("secure"), "http issuer: no Secure attribute");
  });

  test("screen_hint=signup starts at /u/signup", async () => {
    const start = await startAuthorization(h, h.browser(), { screen_hint: "signup" });
    assert.equal(start.location?.pathname, "/u/signup");
    assert.equal(start.location.searchParams.get("state"), start.uid);
  });

  test("ui_locales picks the pages' locale when it is supported", async () => {
    const fr = await startAuthorization(h, h.browser(), { ui_locales: "fr-CA en" });
    const locale = fr.response.headers.getSetCookie().find((c) => c.startsWith("NEXT_LOCALE="));
    assert.ok(locale, "no NEXT_LOCALE cookie");
    assert.match(locale, /^NEXT_LOCALE=fr;/);
    assert.match(locale.toLowerCase(), /path=\//);

    const unsupported = await startAuthorization(h, h.browser(), { ui_locales: "tlh" });
    assert.equal(
      unsupported.response.headers.getSetCookie().find((c) => c.startsWith("NEXT_LOCALE=")),
      undefined,
    );
  });

  test("a signed-in browser gets a code at once, unless the application sends prompt=login", async () => {
    const browser = h.browser();
    const user = await newUser();
    const first = await startAuthorization(h, browser);
    codeFrom((await signIn(browser, first, user.id)).location, first);

    const silent = await startAuthorization(h, browser);
    assert.equal(silent.uid, undefined, "the session should be enough");
    codeFrom(silent.location, silent);

    const forced = await startAuthorization(h, browser, { prompt: "login" });
    assert.equal(forced.response.status, 303);
    assert.equal(forced.location?.pathname, "/u/login");
    assert.ok(forced.uid);
  });

  test("max_age puts auth_time in the ID token, and amr says how the person signed in", async () => {
    const browser = h.browser();
    const user = await newUser();
    const start = await startAuthorization(h, browser, { max_age: "300" });
    const code = codeFrom((await signIn(browser, start, user.id)).location, start);
    const token = await tokenRequest(h, {
      grant_type: "authorization_code",
      code,
      redirect_uri: start.redirectUri,
      client_id: start.clientId,
      code_verifier: start.verifier,
    });
    assert.equal(token.status, 200, JSON.stringify(token.json));
    const { payload } = await jwtVerify(String(token.json.id_token), createRemoteJWKSet(new URL("/.well-known/jwks.json", h.origin)), {
      issuer: h.issuer,
      audience: start.clientId,
    });
    assert.equal(typeof payload.auth_time, "number");
    assert.ok(Math.abs(Number(payload.auth_time) - Date.now() / 1000) < 60);
    assert.deepEqual(payload.amr, ["pwd"]);
  });
});

describe("a confidential client", () => {
  const clientId = `app-${randomUUID()}`;
  const secret = newClientSecret();
  const redirectUri = "https://app.example.test/callback";

  before(async () => {
    await db().client.create({
      data: {
        clientId,
        clientSecretHash: hashClientSecret(secret),
        name: "Confidential test app",
        appType: "regular_web",
        redirectUris: [redirectUri],
        postLogoutUris: [],
        webOrigins: [],
        grantTypes: ["authorization_code", "refresh_token"],
        firstParty: true,
      },
    });
  });

  /** /authorize → login → (consent) → code, as the browser and the pages would go. */
  async function authorize(params: Record<string, string> = {}) {
    const browser = h.browser();
    const user = await newUser();
    const start = await startAuthorization(h, browser, { client_id: clientId, redirect_uri: redirectUri, ...params });
    let { location } = await signIn(browser, start, user.id);
    if (location?.pathname === "/u/consent") {
      const uid = location.searchParams.get("state");
      assert.ok(uid);
      ({ location } = await browser.navigate(await finishConsent(uid)));
    }
    return { browser, user, start, code: codeFrom(location, start) };
  }

  const redeem = (start: AuthorizationStart, code: string, secretToUse = secret) =>
    tokenRequest(
      h,
      { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: start.verifier },
      { clientId, secret: secretToUse, method: "basic" },
    );

  test("a wrong client secret is invalid_client (401); the right one gets tokens", async () => {
    const { start, code, user } = await authorize();
    const wrong = await redeem(start, code, newClientSecret());
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.error, "invalid_client");
    const noSecret = await tokenRequest(h, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: start.verifier,
      client_id: clientId,
    });
    assert.equal(noSecret.status, 401);

    const right = await redeem(start, code);
    assert.equal(right.status, 200, JSON.stringify(right.json));
    assert.equal(right.json.token_type, "Bearer");
    assert.ok(right.json.access_token);
    assert.equal(right.json.refresh_token, undefined, "no offline_access, no refresh token");
    const { payload } = await jwtVerify(String(right.json.id_token), createRemoteJWKSet(new URL("/.well-known/jwks.json", h.origin)), {
      issuer: h.issuer,
      audience: clientId,
    });
    assert.equal(payload.sub, user.id);
    assert.equal(payload.nonce, start.nonce);
    assert.equal(payload.email, user.email);
  });

  test("a wrong PKCE verifier is invalid_grant", async () => {
    const { start, code } = await authorize();
    const result = await tokenRequest(
      h,
      { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: `${start.verifier}x` },
      { clientId, secret, method: "basic" },
    );
    assert.equal(result.status, 400);
    assert.equal(result.json.error, "invalid_grant");
  });

  test("offline_access with prompt=consent: consent step, refresh token, refresh grant, userinfo", async () => {
    const browser = h.browser();
    const user = await newUser();
    const start = await startAuthorization(h, browser, {
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: "openid email offline_access",
      prompt: "consent",
    });
    const { location: consentPage } = await signIn(browser, start, user.id);
    assert.equal(consentPage?.pathname, "/u/consent");
    const uid = consentPage.searchParams.get("state");
    assert.ok(uid);
    const { location } = await browser.navigate(await finishConsent(uid));
    const code = codeFrom(location, start);

    const tokens = await redeem(start, code);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    const refreshToken = tokens.json.refresh_token;
    assert.equal(typeof refreshToken, "string");
    assert.deepEqual(String(tokens.json.scope).split(" ").sort(), ["email", "offline_access", "openid"]);

    const info = await userinfo(String(tokens.json.access_token));
    assert.equal(info.status, 200);
    const claims = (await info.json()) as Record<string, unknown>;
    assert.equal(claims.sub, user.id);
    assert.equal(claims.email, user.email);

    const refreshed = await tokenRequest(h, { grant_type: "refresh_token", refresh_token: String(refreshToken) }, { clientId, secret, method: "basic" });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.json));
    assert.ok(refreshed.json.access_token);
    assert.notEqual(refreshed.json.access_token, tokens.json.access_token);
    const { payload } = await jwtVerify(String(refreshed.json.id_token), createRemoteJWKSet(new URL("/.well-known/jwks.json", h.origin)), {
      issuer: h.issuer,
      audience: clientId,
    });
    assert.equal(payload.sub, user.id);
    assert.equal((await userinfo(refreshed.json.access_token as string)).status, 200);

    const wrongSecret = await tokenRequest(
      h,
      { grant_type: "refresh_token", refresh_token: String(refreshed.json.refresh_token ?? refreshToken) },
      { clientId, secret: newClientSecret(), method: "basic" },
    );
    assert.equal(wrongSecret.status, 401);
  });

  test("an authorization code works once; using it again is invalid_grant and revokes what it issued", async () => {
    const { start, code } = await authorize({ scope: "openid email offline_access", prompt: "consent" });
    const first = await redeem(start, code);
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.equal((await userinfo(String(first.json.access_token))).status, 200);

    const second = await redeem(start, code);
    assert.equal(second.status, 400);
    assert.equal(second.json.error, "invalid_grant");

    assert.equal((await userinfo(String(first.json.access_token))).status, 401);
    const refresh = await tokenRequest(
      h,
      { grant_type: "refresh_token", refresh_token: String(first.json.refresh_token) },
      { clientId, secret, method: "basic" },
    );
    assert.equal(refresh.json.error, "invalid_grant");
  });

  test("userinfo refuses a missing or made-up access token", async () => {
    assert.equal((await fetch(new URL("/userinfo", h.origin))).status, 401);
    assert.equal((await userinfo("not-a-token")).status, 401);
  });
});

test("the public demo client's refresh tokens rotate, and a rotated one no longer works", async () => {
  const browser = h.browser();
  const user = await newUser();
  const start = await startAuthorization(h, browser, { scope: "openid email offline_access", prompt: "consent" });
  const { location: consentPage } = await signIn(browser, start, user.id);
  assert.equal(consentPage?.pathname, "/u/consent");
  const { location } = await browser.navigate(await finishConsent(consentPage.searchParams.get("state")!));
  const code = codeFrom(location, start);
  const tokens = await tokenRequest(h, {
    grant_type: "authorization_code",
    code,
    redirect_uri: start.redirectUri,
    client_id: start.clientId,
    code_verifier: start.verifier,
  });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
  const original = String(tokens.json.refresh_token);

  const refreshed = await tokenRequest(h, { grant_type: "refresh_token", refresh_token: original, client_id: start.clientId });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.json));
  const rotated = String(refreshed.json.refresh_token);
  assert.ok(rotated && rotated !== "undefined");
  assert.notEqual(rotated, original);

  const reused = await tokenRequest(h, { grant_type: "refresh_token", refresh_token: original, client_id: start.clientId });
  assert.equal(reused.status, 400);
  assert.equal(reused.json.error, "invalid_grant");
});
