// token_endpoint_auth_method is enforced wherever client credentials are taken: the token
// endpoint, revocation, and the native passkey API, by one rule (lib/oidc/clients.ts).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { db } from "../db";
import { managementAudience } from "../management/scopes";
import { call, managementToken } from "../testing/api";
import { unsetEnv } from "../testing/env";
import { startHarness, tokenRequest, type Harness } from "../testing/harness";
import { WEBAUTHN_GRANT } from "./constants";

let h: Harness;
let token: string;
before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = "mgmt-client-auth";
  process.env.MANAGEMENT_CLIENT_SECRET = "c".repeat(40);
  h = await startHarness();
  token = await managementToken(h);
});
after(async () => {
  await h.close();
  unsetEnv("MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET");
});

async function machine(method: "client_secret_post" | "client_secret_basic") {
  const created = await call(h, {
    path: "/api/v2/clients",
    token,
    body: { name: `M2M ${method}`, app_type: "non_interactive", grant_types: ["client_credentials"], token_endpoint_auth_method: method },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const { client_id, client_secret } = created.json as unknown as { client_id: string; client_secret: string };
  const grant = await call(h, { path: "/api/v2/client-grants", token, body: { client_id, audience: managementAudience(), scope: ["read:clients"] } });
  assert.equal(grant.status, 201);
  return { clientId: client_id, secret: client_secret };
}

const ask = (credentials: { clientId: string; secret: string; method: "basic" | "post" }) =>
  tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, credentials);

test("a client_secret_post client is refused over HTTP Basic, and a basic one in the body; each succeeds its own way", async () => {
  const post = await machine("client_secret_post");
  const basic = await machine("client_secret_basic");
  assert.equal((await ask({ ...post, method: "post" })).status, 200);
  assert.equal((await ask({ ...basic, method: "basic" })).status, 200);
  for (const [client, method] of [
    [post, "basic"],
    [basic, "post"],
  ] as const) {
    const refused = await ask({ ...client, method });
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json, {
      error: "invalid_client",
      error_description: "the provided authentication mechanism does not match the registered client authentication method",
    });
  }
  const logged = await db().logEvent.findMany({ where: { type: "f", clientId: { in: [post.clientId, basic.clientId] } } });
  assert.equal(logged.length, 2);
  // A wrong secret, the right way, is still the provider's invalid_client.
  assert.equal((await ask({ ...post, secret: "wrong".repeat(8), method: "post" })).status, 401);
});

test("revocation takes the registered method only", async () => {
  const basic = await machine("client_secret_basic");
  const response = await fetch(new URL("/oauth/revoke", h.origin), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: "anything", client_id: basic.clientId, client_secret: basic.secret }),
  });
  assert.equal(response.status, 401);
  assert.equal(((await response.json()) as { error: string }).error, "invalid_client");
});

test("the native passkey API authenticates clients by the same rule", async () => {
  const created = await call(h, {
    path: "/api/v2/clients",
    token,
    body: { name: "Native confidential", app_type: "native", grant_types: [WEBAUTHN_GRANT], token_endpoint_auth_method: "client_secret_basic" },
  });
  const { client_id, client_secret } = created.json as unknown as { client_id: string; client_secret: string };
  const challenge = (body: Record<string, string>, headers: Record<string, string> = {}) => call(h, { path: "/passkey/challenge", body, headers });
  const inBody = await challenge({ client_id, client_secret });
  assert.deepEqual([inBody.status, inBody.json.error], [401, "invalid_client"]);
  assert.match(String(inBody.json.error_description), /does not match the registered client authentication method/);
  const basicHeader = `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString("base64")}`;
  assert.equal((await challenge({ client_id }, { authorization: basicHeader })).status, 200);
  assert.deepEqual([(await challenge({ client_id })).status], [401], "no secret at all");
  const both = await challenge({ client_id, client_secret }, { authorization: basicHeader });
  assert.deepEqual([both.status, both.json.error], [400, "invalid_request"]);

  // A public client sends no secret: one sent anyway is a mismatch, not ignored.
  const publicApp = await call(h, { path: "/api/v2/clients", token, body: { name: "Native public", app_type: "native", grant_types: [WEBAUTHN_GRANT] } });
  const publicId = (publicApp.json as Record<string, string>).client_id;
  assert.equal((await challenge({ client_id: publicId })).status, 200);
  assert.equal((await challenge({ client_id: publicId, client_secret: "x".repeat(40) })).status, 401);
});
