// What Auth0's browser SDK needs from /authorize and logout (lib/oidc/browser-apps.ts), over HTTP:
// refresh tokens for first-party apps without a consent screen (and their rotation), silent
// authentication answered by postMessage (framed only by the client's web origins), /v2/logout.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { db } from "../db";
import { startAuthorization, startHarness, tokenRequest, type AuthorizationStart, type Browser, type Harness } from "../testing/harness";
import { createUserWithPassword } from "../users/store";
import { finishLogin } from "./transaction";

let h: Harness;
let connectionId: string;
const SPA_ORIGIN = "https://spa.example.test";

before(async () => {
  h = await startHarness();
  connectionId = (await db().connection.findFirstOrThrow({ where: { isDefault: true } })).id;
});
after(() => h.close());

/** A public browser app (PKCE, no secret) calling back to its own origin, as spa-js registers. */
async function spaClient(fields: { firstParty?: boolean; grantTypes?: string[]; webOrigins?: string[] } = {}) {
  const clientId = `spa-${randomUUID()}`;
  await db().client.create({
    data: {
      clientId,
      name: "Browser app",
      appType: "spa",
      redirectUris: [SPA_ORIGIN],
      postLogoutUris: [`${SPA_ORIGIN}/signed-out`],
      webOrigins: fields.webOrigins ?? [SPA_ORIGIN],
      grantTypes: fields.grantTypes ?? ["authorization_code", "refresh_token"],
      firstParty: fields.firstParty ?? true,
    },
  });
  return clientId;
}

/** A browser signed in to the service through `clientId` (the login pages replaced by finishLogin). */
async function signedIn(clientId: string, scope = "openid email offline_access", extra: Record<string, string> = {}) {
  const browser = h.browser();
  const user = await createUserWithPassword({ connectionId, email: `${randomUUID()}@example.test`, password: "correct horse battery" });
  const start = await startAuthorization(h, browser, { client_id: clientId, redirect_uri: SPA_ORIGIN, scope, ...extra });
  assert.ok(start.uid, `expected the login page, got ${start.response.status} ${start.location}`);
  const { location } = await browser.navigate(await finishLogin(start.uid, { accountId: user.id, amr: ["pwd"] }));
  return { browser, user, start, code: codeFrom(location, start) };
}

function codeFrom(location: URL | undefined, start: AuthorizationStart): string {
  assert.ok(location, "expected a redirect to the application");
  assert.equal(location.searchParams.get("error"), null, location.searchParams.get("error_description") ?? "");
  assert.equal(location.searchParams.get("state"), start.state);
  const code = location.searchParams.get("code");
  assert.ok(code, `no code in ${location}`);
  return code;
}

const redeem = (start: AuthorizationStart, code: string) =>
  tokenRequest(h, { grant_type: "authorization_code", code, redirect_uri: SPA_ORIGIN, client_id: start.clientId, code_verifier: start.verifier });

describe("offline_access for first-party applications", () => {
  test("the code flow gives a refresh token without prompt=consent, and every refresh rotates it", async () => {
    const clientId = await spaClient();
    const { start, code } = await signedIn(clientId);
    const tokens = await redeem(start, code);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    assert.deepEqual(String(tokens.json.scope).split(" ").sort(), ["email", "offline_access", "openid"]);
    const first = String(tokens.json.refresh_token);
    assert.notEqual(first, "undefined");

    const refresh = (token: string) => tokenRequest(h, { grant_type: "refresh_token", refresh_token: token, client_id: clientId });
    let latest = first;
    for (let i = 0; i < 2; i++) {
      const refreshed = await refresh(latest);
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.json));
      assert.equal(typeof refreshed.json.refresh_token, "string", "each answer carries the next refresh token");
      assert.notEqual(refreshed.json.refresh_token, latest);
      assert.equal(typeof refreshed.json.id_token, "string");
      latest = String(refreshed.json.refresh_token);
    }
    // A rotated token presented again means it leaked: refused, and the whole chain with it.
    assert.equal((await refresh(first)).json.error, "invalid_grant");
    assert.equal((await refresh(latest)).json.error, "invalid_grant");
  });

  test("prompt=none keeps it too (silent authentication with a session)", async () => {
    const clientId = await spaClient();
    const { browser } = await signedIn(clientId);
    const silent = await startAuthorization(h, browser, { client_id: clientId, redirect_uri: SPA_ORIGIN, scope: "openid offline_access", prompt: "none" });
    const tokens = await redeem(silent, codeFrom(silent.location, silent));
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    assert.equal(typeof tokens.json.refresh_token, "string");
  });

  test("no refresh token without offline_access, for a third-party app, or for an app without the refresh_token grant", async () => {
    const plain = await signedIn(await spaClient(), "openid email");
    assert.equal((await redeem(plain.start, plain.code)).json.refresh_token, undefined);

    // A third-party app still needs consent for offline access (there is no consent screen for them yet: the provider's rule stands).
    const third = await spaClient({ firstParty: false });
    const browser = h.browser();
    const user = await createUserWithPassword({ connectionId, email: `${randomUUID()}@example.test`, password: "correct horse battery" });
    const start = await startAuthorization(h, browser, { client_id: third, redirect_uri: SPA_ORIGIN, scope: "openid offline_access" });
    assert.ok(start.uid);
    const { location } = await browser.navigate(await finishLogin(start.uid, { accountId: user.id, amr: ["pwd"] }));
    assert.equal(location?.pathname, "/u/consent", "a third-party app asks for consent");

    const noRefreshGrant = await signedIn(await spaClient({ grantTypes: ["authorization_code"] }));
    const tokens = await redeem(noRefreshGrant.start, noRefreshGrant.code);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    assert.equal(tokens.json.refresh_token, undefined);
  });
});

/** The JSON a web_message answer posts to the parent window, read out of its page. */
function webMessage(html: string): { type: string; response: Record<string, string> } {
  const match = /var data = (\{.*?\});\n/s.exec(html);
  assert.ok(match, `no web message in ${html.slice(0, 200)}`);
  const data = JSON.parse(match[1]) as { redirect_uri: string; response: Record<string, string> };
  assert.equal(data.redirect_uri, SPA_ORIGIN, "posted to the application's origin only");
  return { type: "authorization_response", response: data.response };
}

const silentAuth = (browser: Browser, clientId: string, state: string = randomUUID()) =>
  browser.fetch(
    `/authorize?${new URLSearchParams({
      client_id: clientId,
      redirect_uri: SPA_ORIGIN,
      response_type: "code",
      response_mode: "web_message",
      prompt: "none",
      scope: "openid email",
      state,
      nonce: randomUUID(),
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    })}`,
  );

describe("silent authentication (response_mode=web_message)", () => {
  test("with a session: a page that posts the code to the app, framed by the app's web origins only", async () => {
    const clientId = await spaClient({ webOrigins: [SPA_ORIGIN, "https://other.example.test"] });
    const { browser } = await signedIn(clientId, "openid email");
    const answer = await silentAuth(browser, clientId, "s-1");
    assert.equal(answer.status, 200);
    const csp = answer.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors https:\/\/spa\.example\.test https:\/\/other\.example\.test$/);
    assert.match(csp, /script-src 'report-sample' 'sha256-[^']+'/, "the page's one script is allowed by its hash");
    assert.equal(answer.headers.get("x-frame-options"), null);
    const message = webMessage(await answer.text());
    assert.equal(message.response.state, "s-1");
    assert.equal(typeof message.response.code, "string");
  });

  test("without a session: login_required, in the same message; with no web origins, framed by nobody", async () => {
    const clientId = await spaClient({ webOrigins: [] });
    const answer = await silentAuth(h.browser(), clientId, "s-2");
    assert.equal(answer.status, 400);
    assert.match(answer.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'$/);
    const message = webMessage(await answer.text());
    assert.equal(message.response.error, "login_required");
    assert.equal(message.response.state, "s-2");
  });

  test("every other page of the provider keeps frame-ancestors 'none' and X-Frame-Options", async () => {
    const clientId = await spaClient();
    const badRedirect = await h
      .browser()
      .fetch(`/authorize?client_id=${clientId}&redirect_uri=https://evil.example&response_mode=web_message&response_type=code`);
    assert.equal(badRedirect.status, 400);
    assert.match(badRedirect.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
    assert.equal(badRedirect.headers.get("x-frame-options"), "DENY");
    const { response } = await h.browser().navigate(`/authorize?client_id=${clientId}&redirect_uri=${SPA_ORIGIN}&response_type=code&scope=openid`);
    assert.match(response.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
  });
});

/** Follows the provider's sign-out page as a browser with scripts would: it submits its form. */
async function confirmLogout(browser: Browser, page: Response) {
  const html = await page.text();
  const action = /<form id="op\.logoutForm" method="post" action="([^"]+)">/.exec(html);
  assert.ok(action, `no sign-out form in ${html.slice(0, 300)}`);
  const fields = new URLSearchParams({ logout: "yes" });
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.set(name, value);
  return browser.fetch(action[1], { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: fields });
}

describe("/v2/logout", () => {
  test("ends the session and returns to an allowed returnTo; federated is ignored", async () => {
    const clientId = await spaClient();
    const { browser } = await signedIn(clientId, "openid email");
    const page = await browser.fetch(`/v2/logout?${new URLSearchParams({ client_id: clientId, returnTo: `${SPA_ORIGIN}/signed-out`, federated: "" })}`);
    assert.equal(page.status, 200);
    const done = await confirmLogout(browser, page);
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), `${SPA_ORIGIN}/signed-out`);

    const silent = await silentAuth(browser, clientId);
    assert.equal(webMessage(await silent.text()).response.error, "login_required", "the session is gone");
  });

  test("a returnTo that is not one of the client's logout URLs is refused, and the session stays", async () => {
    const clientId = await spaClient();
    const { browser } = await signedIn(clientId, "openid email");
    const refused = await browser.fetch(`/v2/logout?${new URLSearchParams({ client_id: clientId, returnTo: "https://evil.example/" })}`);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /post_logout_redirect_uri not registered/);
    const twice = await browser.fetch(`/v2/logout?client_id=${clientId}&client_id=${clientId}`);
    assert.equal(twice.status, 400);
    assert.match(await twice.text(), /client_id. parameter must not be provided twice/);
    const unknownClient = await browser.fetch(`/v2/logout?${new URLSearchParams({ client_id: "nobody", returnTo: `${SPA_ORIGIN}/signed-out` })}`);
    assert.equal(unknownClient.status, 400);

    const silent = await silentAuth(browser, clientId);
    assert.equal(typeof webMessage(await silent.text()).response.code, "string", "still signed in");
  });

  test("without parameters: signed out, on the signed-out page", async () => {
    const clientId = await spaClient();
    const { browser } = await signedIn(clientId, "openid email");
    const done = await confirmLogout(browser, await browser.fetch("/v2/logout"));
    assert.equal(done.status, 303);
    const { response } = await browser.navigate(done.headers.get("location") ?? "");
    assert.equal(response.status, 200);
    assert.match(await response.text(), /You are signed out/);
    assert.equal(webMessage(await (await silentAuth(browser, clientId)).text()).response.error, "login_required");
  });
});
