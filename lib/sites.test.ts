// Custom domains (lib/sites.ts) over HTTP and through the journeys: the Management API's
// /api/v2/custom-domains, a request's host choosing its issuer and RP ID (unknown hosts refused),
// a passkey belonging to the first domain it was made on, related origins and their
// /.well-known/webauthn, and browser apps (CORS, silent authentication) on a custom domain.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { db } from "./db";
import { addPasskeyOptions } from "./flows/add-passkey";
import { finishPasskeyLogin, passkeyLoginOptions, submitLoginIdentifier } from "./flows/login";
import { loadTransaction, finishLogin } from "./oidc/transaction";
import { allSites, inSite, type Site } from "./sites";
import { call, managementToken, verdict } from "./testing/api";
import { Browser, startAuthorization, startHarness, type Harness } from "./testing/harness";
import { journeyHelpers, request } from "./testing/journeys";
import { resolveLocalhostNames } from "./testing/localhost-names";
import { SoftAuthenticator } from "./testing/soft-authenticator";
import { createUserWithPassword } from "./users/store";

resolveLocalhostNames();

let h: Harness;
let token: string;

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = "sites-bootstrap";
  process.env.MANAGEMENT_CLIENT_SECRET = "s".repeat(40);
  h = await startHarness();
  token = await managementToken(h);
});
after(async () => {
  delete process.env.MANAGEMENT_CLIENT_ID;
  delete process.env.MANAGEMENT_CLIENT_SECRET;
  await h.close();
});

const port = () => new URL(h.origin).port;
const originOf = (domain: string) => `http://${domain}:${port()}`;
const domains = (method: string, path = "", body?: unknown) => call(h, { path: `/api/v2/custom-domains${path}`, method, token, body });
const tenant = (body: unknown) => call(h, { path: "/api/v2/tenants/settings", method: "PATCH", token, body });

async function addDomain(domain: string, rpId?: string) {
  const created = await domains("POST", "", { domain, type: "self_managed_certs", ...(rpId ? { relying_party_identifier: rpId } : {}) });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return String(created.json.custom_domain_id);
}

async function siteOf(domain: string): Promise<Site> {
  const site = (await allSites()).find((s) => s.host === new URL(originOf(domain)).host);
  assert.ok(site, `no site for ${domain}`);
  return site;
}

/** The harness as seen from `site`: its pages, its issuer, browsers that talk to it. */
const onSite = (site: Site): Harness => ({ ...h, origin: site.origin, issuer: site.issuer, browser: () => new Browser(site.origin) });

describe("custom domains in the Management API", () => {
  test("created ready, in Auth0's shape; read, listed, given a parent RP ID, removed", async () => {
    const id = await addDomain("login.api.localhost");
    const one = await domains("GET", `/${id}`);
    assert.deepEqual(one.json, {
      custom_domain_id: id,
      domain: "login.api.localhost",
      primary: false,
      status: "ready",
      type: "self_managed_certs",
      tls_policy: "recommended",
      origin_domain_name: "login.api.localhost",
      verification: { methods: [], status: "verified" },
      relying_party_identifier: "login.api.localhost",
    });
    assert.ok(((await domains("GET")).json as { custom_domain_id: string }[]).some((d) => d.custom_domain_id === id));
    assert.equal((await domains("POST", `/${id}/verify`)).json.status, "ready");
    const parent = await domains("PATCH", `/${id}`, { relying_party_identifier: "api.localhost" });
    assert.equal(parent.status, 200, JSON.stringify(parent.json));
    assert.equal(parent.json.relying_party_identifier, "api.localhost");
    assert.equal((await siteOf("login.api.localhost")).rpId, "api.localhost");
    assert.equal((await domains("DELETE", `/${id}`)).status, 204);
    assert.deepEqual(verdict(await domains("GET", `/${id}`)), [404, "not_found"]);
    assert.deepEqual(verdict(await domains("DELETE", `/${id}`)), [404, "not_found"]);
  });

  test("bad input is a 400 that names the field, a second time is a 409, and nothing is written", async () => {
    const before = await db().customDomain.count();
    for (const body of [
      {},
      { domain: "not a domain" },
      { domain: "localhost" }, // the issuer's own host
      { domain: "login.bad.localhost", type: "auth0_managed_certs" },
      { domain: "login.bad.localhost", relying_party_identifier: "other.localhost" }, // not a parent
      { domain: "login.bad.localhost", relying_party_identifier: "localhost" }, // a public suffix of it
      { domain: "login.example.co.uk", relying_party_identifier: "co.uk" },
      { domain: "login.bad.localhost", extra: true },
    ]) {
      const answer = await domains("POST", "", body);
      assert.deepEqual(verdict(answer), [400, "invalid_body"], JSON.stringify(body));
      assert.ok(String(answer.json.message).length > 0);
    }
    assert.equal(await db().customDomain.count(), before);
    const id = await addDomain("login.twice.localhost");
    assert.deepEqual(verdict(await domains("POST", "", { domain: "LOGIN.twice.localhost" })), [409, "conflict"]);
    assert.deepEqual(verdict(await domains("PATCH", `/${id}`, { relying_party_identifier: "elsewhere.localhost" })), [400, "invalid_body"]);
    assert.deepEqual(verdict(await domains("PATCH", "/cd_missing", { relying_party_identifier: null })), [404, "not_found"]);
    const readOnly = await managementToken(h, ["read:custom_domains"]);
    assert.deepEqual(verdict(await call(h, { path: "/api/v2/custom-domains", method: "POST", token: readOnly, body: { domain: "x.localhost" } })), [
      403,
      "insufficient_scope",
    ]);
    await domains("DELETE", `/${id}`);
  });
});

describe("the request's host decides", () => {
  test("each custom domain is its own issuer; an unknown host, and a removed domain, get 421", async () => {
    const id = await addDomain("login.issuer.localhost");
    const brand = originOf("login.issuer.localhost");
    const discovery = (await (await fetch(`${brand}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(discovery.issuer, `${brand}/`);
    assert.equal(discovery.authorization_endpoint, `${brand}/authorize`);
    assert.equal(discovery.jwks_uri, `${brand}/.well-known/jwks.json`);
    const own = (await (await fetch(`${h.origin}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(own.issuer, h.issuer);
    const endpoints = (await (await fetch(`${brand}/.well-known/passkey-endpoints`)).json()) as Record<string, string>;
    assert.equal(endpoints.manage, `${brand}/u/account/passkeys`);
    assert.equal((await fetch(`${brand}/.well-known/apple-app-site-association`)).status, 200, "association files on every domain");

    const unknown = await fetch(originOf("nobody.localhost") + "/.well-known/openid-configuration");
    assert.equal(unknown.status, 421);
    assert.equal(((await unknown.json()) as { error: string }).error, "misdirected_request");

    // A login on the custom domain: the code comes back with its issuer, the ID token names it.
    const site = await siteOf("login.issuer.localhost");
    const journeys = journeyHelpers(() => onSite(site));
    await inSite(site, async () => {
      const { browser, start, result } = await journeys.passkeySignup();
      const claims = await journeys.completeAtApplication(browser, start, journeys.redirectOf(result));
      assert.equal(claims.iss, `${brand}/`);
    });

    await domains("DELETE", `/${id}`);
    assert.equal((await fetch(`${brand}/.well-known/openid-configuration`)).status, 421);
  });
});

describe("a passkey belongs to the first domain it was made on", () => {
  test("elsewhere: the password, a page that says where the passkey works, no second passkey, and its assertions refused", async () => {
    await addDomain("login.brand.localhost");
    const brand = await siteOf("login.brand.localhost");
    const issuer = (await allSites())[0];
    const journeys = journeyHelpers(() => onSite(brand));
    const authenticator = new SoftAuthenticator();
    const { email } = await inSite(brand, async () => {
      const signup = await journeys.passkeySignup(authenticator);
      journeys.redirectOf(signup.result);
      return signup;
    });
    const user = await db().user.findFirstOrThrow({ where: { email }, include: { passkeys: true } });
    assert.deepEqual(
      user.passkeys.map((p) => p.rpId),
      ["login.brand.localhost"],
    );

    // On the issuer's host: the password step, told where the passkey works.
    const here = journeyHelpers(() => h);
    const { txn } = await here.newTransaction();
    assert.equal(here.redirectOf(await submitLoginIdentifier(txn, email, request)), `/u/login/password?state=${txn.id}&passkey_on=login.brand.localhost`);
    // On the brand domain: the passkey step.
    await inSite(brand, async () => {
      const { txn: there } = await journeys.newTransaction();
      assert.equal(journeys.redirectOf(await submitLoginIdentifier(there, email, request)), `/u/login/passkey?state=${there.id}`);
    });

    // No second passkey on the issuer's host (account settings, the offers, My Account share this step).
    assert.deepEqual(await addPasskeyOptions(randomUUID(), user.id), { ok: false, error: "passkey_elsewhere" });
    assert.equal((await inSite(brand, () => addPasskeyOptions(randomUUID(), user.id))).ok, true);

    // The brand passkey presented on the issuer's host (a browser would refuse; a forged client must not get further).
    const options = await passkeyLoginOptions(await loadTransaction(txn.id, () => true), { forRememberedUser: false }, request);
    assert.ok(options.ok);
    const forged = authenticator.authenticate({ ...options.options, rpId: "login.brand.localhost" }, { origin: issuer.origin });
    const refused = await finishPasskeyLogin(await loadTransaction(txn.id, () => true), forged, { forRememberedUser: false }, request);
    assert.deepEqual(refused, { ok: false, error: "verification_failed" });
    assert.equal(await db().logEvent.count({ where: { type: "passkey_challenge_failed", description: { contains: "is for login.brand.localhost" } } }), 1);

    // Its RP ID cannot move while passkeys were made for it.
    const stranded = await domains("PATCH", `/${String(brand.customDomainId)}`, { relying_party_identifier: "brand.localhost" });
    assert.deepEqual(verdict(stranded), [400, "invalid_body"]);
    assert.match(String(stranded.json.message), /1 passkey/);
  });
});

describe("related origins", () => {
  test("a listed domain uses the tenant's RP ID, which serves /.well-known/webauthn; one passkey works on both", async () => {
    await addDomain("login.related.localhost");
    const related = originOf("login.related.localhost");
    assert.equal((await fetch(`${h.origin}/.well-known/webauthn`)).status, 404, "nothing to list yet");
    const on = await tenant({ related_origins: [related] });
    assert.equal(on.status, 200, JSON.stringify(on.json));
    assert.deepEqual(on.json.related_origins, [related]);
    const site = await siteOf("login.related.localhost");
    assert.equal(site.rpId, "localhost");

    const file = await fetch(`${h.origin}/.well-known/webauthn`);
    assert.equal(file.status, 200);
    assert.match(file.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(await file.json(), { origins: [h.origin, related] });
    assert.equal((await fetch(`${related}/.well-known/webauthn`)).status, 404, "served by the RP ID's host only");

    // A passkey made on the related domain signs in on the issuer's host.
    const journeys = journeyHelpers(() => onSite(site));
    const authenticator = new SoftAuthenticator();
    const { email } = await inSite(site, async () => {
      const signup = await journeys.passkeySignup(authenticator);
      journeys.redirectOf(signup.result);
      return signup;
    });
    const here = journeyHelpers(() => h);
    const { txn } = await here.newTransaction();
    assert.equal(here.redirectOf(await submitLoginIdentifier(txn, email, request)), `/u/login/passkey?state=${txn.id}`);
    const step = await loadTransaction(txn.id, () => true);
    const options = await passkeyLoginOptions(step, { forRememberedUser: true }, request);
    assert.ok(options.ok);
    assert.equal(options.options.rpId, "localhost");
    const result = await finishPasskeyLogin(step, authenticator.authenticate(options.options, { origin: h.origin }), { forRememberedUser: true }, request);
    assert.ok(result.ok, JSON.stringify(result));
  });

  test("bad lists are refused with the reason, and a domain whose own passkeys would strand cannot join", async () => {
    await addDomain("login.stranded.localhost");
    const site = await siteOf("login.stranded.localhost");
    await inSite(site, async () => {
      const { result } = await journeyHelpers(() => onSite(site)).passkeySignup();
      assert.ok(result.ok);
    });
    const labels = ["a", "b", "c", "d", "e", "f"].map((l) => `https://login.${l}-brand.example`);
    for (const related_origins of [["http://login.example.com"], ["https://login.example.com/path"], ["not an origin"], labels, [site.origin]]) {
      const answer = await tenant({ related_origins });
      assert.deepEqual(verdict(answer), [400, "invalid_body"], JSON.stringify(related_origins));
    }
    assert.equal((await siteOf("login.stranded.localhost")).rpId, "login.stranded.localhost");
  });
});

describe("browser apps on a custom domain", () => {
  test("CORS for the app's web origins, and silent authentication framed by them", async () => {
    await addDomain("login.spa.localhost");
    const site = await siteOf("login.spa.localhost");
    const app = "https://spa.example.test";
    const clientId = `spa-${randomUUID()}`;
    await db().client.create({
      data: { clientId, name: "SPA", appType: "spa", redirectUris: [app], webOrigins: [app], grantTypes: ["authorization_code"], firstParty: true },
    });
    for (const path of ["/oauth/token", "/passkey/challenge"]) {
      const preflight = await fetch(`${site.origin}${path}`, {
        method: "OPTIONS",
        headers: { origin: app, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
      assert.equal(preflight.headers.get("access-control-allow-origin"), app, path);
    }
    const browser = new Browser(site.origin);
    const { id: connectionId } = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
    const user = await createUserWithPassword({ connectionId, email: `${randomUUID()}@example.test`, password: "correct horse battery" });
    const start = await startAuthorization(onSite(site), browser, { client_id: clientId, redirect_uri: app });
    assert.ok(start.uid);
    const resume = await inSite(site, () => finishLogin(String(start.uid), { accountId: user.id, amr: ["pwd"] }));
    assert.ok(resume.startsWith(`${site.origin}/authorize/`), resume);
    await browser.navigate(resume);
    const silent = await browser.fetch(
      `/authorize?${new URLSearchParams({
        client_id: clientId,
        redirect_uri: app,
        response_type: "code",
        response_mode: "web_message",
        prompt: "none",
        scope: "openid",
        state: "s",
        nonce: "n",
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        code_challenge_method: "S256",
      })}`,
    );
    assert.equal(silent.status, 200);
    assert.match(silent.headers.get("content-security-policy") ?? "", /frame-ancestors https:\/\/spa\.example\.test$/);
    assert.match(await silent.text(), /"code":"/);
  });
});
