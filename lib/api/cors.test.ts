// CORS for browser apps: an origin one of the tenant's clients lists (web_origins or
// allowed_origins) may call the passkey API, /dbconnections and My Account, preflight included,
// and the provider's token endpoint for that client; any other origin gets no CORS headers (the
// browser then refuses to read the answer), and the Management API none at all.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { call, managementToken } from "../testing/api";
import { unsetEnv } from "../testing/env";
import { startHarness, type Harness } from "../testing/harness";

let h: Harness;
let mgmt: string;
let spa: { client_id: string };
const APP = "https://spa.example";
const OTHER = "https://evil.example";

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = "mgmt-cors";
  process.env.MANAGEMENT_CLIENT_SECRET = "c".repeat(40);
  h = await startHarness();
  mgmt = await managementToken(h);
  const created = await call(h, {
    path: "/api/v2/clients",
    token: mgmt,
    body: {
      name: "SPA",
      app_type: "spa",
      callbacks: [`${APP}/callback`],
      allowed_origins: [APP],
      grant_types: ["authorization_code", "refresh_token", "urn:okta:params:oauth:grant-type:webauthn"],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  spa = created.json as unknown as { client_id: string };
});
after(async () => {
  await h.close();
  unsetEnv("MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET");
});

const preflight = (path: string, origin: string) =>
  call(h, {
    path,
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, auth0-client" },
  });

test("the passkey API: preflight and request for a listed origin; nothing for another", async () => {
  const allowed = await preflight("/passkey/challenge", APP);
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get("access-control-allow-origin"), APP);
  assert.match(allowed.headers.get("access-control-allow-methods") ?? "", /POST/);
  assert.match(allowed.headers.get("access-control-allow-headers") ?? "", /auth0-client/);
  assert.match(allowed.headers.get("vary") ?? "", /Origin/);

  const refused = await preflight("/passkey/challenge", OTHER);
  assert.equal(refused.headers.get("access-control-allow-origin"), null);

  const answer = await call(h, { path: "/passkey/challenge", headers: { origin: APP }, body: { client_id: spa.client_id } });
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  assert.equal(answer.headers.get("access-control-allow-origin"), APP);
  const foreign = await call(h, { path: "/passkey/challenge", headers: { origin: OTHER }, body: { client_id: spa.client_id } });
  assert.equal(foreign.headers.get("access-control-allow-origin"), null);
  // Errors carry the header too, so the app can read why.
  const bad = await call(h, { path: "/passkey/register", headers: { origin: APP }, body: { client_id: spa.client_id } });
  assert.equal(bad.status, 400);
  assert.equal(bad.headers.get("access-control-allow-origin"), APP);
});

test("the Management API gets no CORS, even for a listed origin", async () => {
  const answer = await call(h, { path: "/api/v2/clients", token: mgmt, headers: { origin: APP } });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get("access-control-allow-origin"), null);
});

test("the token endpoint allows the client's own origins only", async () => {
  const token = (origin: string) =>
    fetch(`${h.origin}/oauth/token`, {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "not-a-token", client_id: spa.client_id }),
    });
  const mine = await token(APP);
  assert.equal(mine.headers.get("access-control-allow-origin"), APP);
  assert.equal(((await mine.json()) as { error: string }).error, "invalid_grant", "the request itself goes on to the grant");
  const theirs = await token(OTHER);
  assert.equal(theirs.headers.get("access-control-allow-origin"), null);
  assert.equal(theirs.status, 400);
});
