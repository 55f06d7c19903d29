// A database outage, on PostgreSQL, through a TCP proxy the test can cut: the APIs and the
// provider answer 503 `temporarily_unavailable` with Retry-After (never 401 or 500) while it
// lasts, and everything works again by itself when the database comes back.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { databaseUrl } from "./db";
import { managementAudience } from "./management/scopes";
import { call, managementToken } from "./testing/api";
import { CuttableProxy } from "./testing/cuttable-proxy";
import { unsetEnv } from "./testing/env";
import { startHarness, tokenRequest, type Harness } from "./testing/harness";

const onPostgres = databaseUrl() !== undefined;
let proxy: CuttableProxy;
let h: Harness;
let adminUrl: string | undefined;

before(async () => {
  if (!onPostgres) return;
  adminUrl = databaseUrl()!;
  const url = new URL(adminUrl);
  proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.open();
  url.host = `127.0.0.1:${proxy.port}`;
  process.env.DATABASE_URL = url.toString();
  process.env.MANAGEMENT_CLIENT_ID = "mgmt-faults";
  process.env.MANAGEMENT_CLIENT_SECRET = "f".repeat(40);
  h = await startHarness();
});

after(async () => {
  if (!onPostgres) return;
  await proxy.open(); // a failed test may have left it cut: the harness's cleanup needs the database
  await h.close();
  await proxy.cut();
  process.env.DATABASE_URL = adminUrl;
  unsetEnv("MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET");
});

test(
  "with the database cut, APIs and the provider answer 503 with Retry-After; then recover by themselves",
  { skip: onPostgres ? false : "PGlite is in-process: it cannot be cut (the PostgreSQL run covers this)" },
  async () => {
    const token = await managementToken(h);
    assert.equal((await call(h, { path: "/api/v2/clients", token })).status, 200);

    await proxy.cut();
    const unavailable = (answer: { status: number; json: Record<string, unknown>; headers?: Headers }, what: string) => {
      assert.equal(answer.status, 503, `${what}: ${JSON.stringify(answer.json)}`);
      assert.equal(answer.json.errorCode ?? answer.json.error, "temporarily_unavailable", what);
    };
    const clients = await call(h, { path: "/api/v2/clients", token });
    unavailable(clients, "Management API with a valid token");
    assert.equal(clients.headers.get("retry-after"), "5");
    unavailable(await call(h, { path: "/api/v2/users", token }), "Management API list of users");
    unavailable(await call(h, { path: "/passkey/challenge", body: { client_id: "demo" } }), "native passkey API");
    const tokenAnswer = await fetch(new URL("/oauth/token", h.origin), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: "client_credentials", audience: managementAudience(), client_id: "mgmt-faults", client_secret: "f".repeat(40) }),
    });
    unavailable({ status: tokenAnswer.status, json: (await tokenAnswer.json()) as Record<string, unknown> }, "token endpoint");
    assert.equal(tokenAnswer.headers.get("retry-after"), "5");
    const page = await fetch(
      new URL(
        "/authorize?client_id=demo&response_type=code&scope=openid&redirect_uri=" +
          encodeURIComponent(`${h.origin}/demo/callback`) +
          "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
        h.origin,
      ),
      { headers: { accept: "text/html" }, redirect: "manual" },
    );
    assert.equal(page.status, 503);
    assert.match(await page.text(), /Try again in a moment/);

    await proxy.open(); // the database is back
    assert.equal((await call(h, { path: "/api/v2/clients", token })).status, 200);
    assert.equal(
      (await tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, { clientId: "mgmt-faults", secret: "f".repeat(40) })).status,
      200,
    );
  },
);
