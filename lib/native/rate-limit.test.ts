// Passkey challenges are rate limited per IP address (PASSKEY_API_RATE_LIMIT per minute): the
// native endpoints and My Account enrollment answer 429 with Retry-After once it is spent.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { db } from "../db";
import { WEBAUTHN_GRANT } from "../oidc/constants";
import { call, managementToken } from "../testing/api";
import { unsetEnv } from "../testing/env";
import { startHarness, type Harness } from "../testing/harness";

let h: Harness;

before(async () => {
  process.env.PASSKEY_API_RATE_LIMIT = "3";
  process.env.MANAGEMENT_CLIENT_ID = "mgmt-rate";
  process.env.MANAGEMENT_CLIENT_SECRET = "r".repeat(40);
  h = await startHarness();
});

after(async () => {
  unsetEnv("PASSKEY_API_RATE_LIMIT", "MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET");
  await h.close();
});

test("the fourth challenge in a minute from one address is refused with 429 and Retry-After; another address is not", async () => {
  const token = await managementToken(h);
  const app = (await call(h, { path: "/api/v2/clients", token, body: { name: "App", app_type: "native", grant_types: [WEBAUTHN_GRANT] } })).json as Record<
    string,
    string
  >;
  const from = (ip: string) => call(h, { path: "/passkey/challenge", body: { client_id: app.client_id }, headers: { "x-forwarded-for": ip } });
  for (let i = 0; i < 3; i++) assert.equal((await from("192.0.2.1")).status, 200);
  const stored = await db().webAuthnChallenge.count();
  const refused = await from("192.0.2.1");
  assert.equal(refused.status, 429);
  assert.equal((refused.json as Record<string, unknown>).error, "too_many_requests");
  assert.ok(Number(refused.headers.get("retry-after")) > 0);
  assert.equal(await db().webAuthnChallenge.count(), stored, "no challenge stored when refused");
  assert.equal((await from("192.0.2.2")).status, 200);
});
