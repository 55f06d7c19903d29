// The Management API's credentials and the operations the hosted pages depend on: client-
// credentials tokens for the API audience (Auth0's `audience`, form or JSON bodies), scope
// checks, and connection/tenant updates with their prerequisites and strict input.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { db } from "../db";
import { hashClientSecret } from "../oidc/clients";
import { startHarness, tokenRequest, type Harness } from "../testing/harness";
import { ApiError } from "../api/http";
import { bearerClaims } from "../api/bearer";
import { connectionPatchSchema, getConnection, updateConnection } from "./connections";
import { managementAudience } from "./scopes";
import { getTenantSettings, tenantSettingsPatchSchema, updateTenantSettings } from "./tenant-settings";

const ID = "mgmt-bootstrap";
const SECRET = "s".repeat(40);
let h: Harness;

before(async () => {
  process.env.MANAGEMENT_CLIENT_ID = ID;
  process.env.MANAGEMENT_CLIENT_SECRET = SECRET;
  h = await startHarness();
});
after(async () => {
  delete process.env.MANAGEMENT_CLIENT_ID;
  delete process.env.MANAGEMENT_CLIENT_SECRET;
  await h.close();
});

const basic = { clientId: ID, secret: SECRET };

/** The calling client's id, as the Management API's endpoints check a request's bearer token. */
async function requireScope(authorization: string | null, scope: string): Promise<string> {
  const request = new Request(h.issuer, { headers: authorization ? { authorization } : {} });
  return String((await bearerClaims(request, managementAudience(), scope)).client_id);
}
const bearer = (token: unknown) => `Bearer ${String(token)}`;

async function rejectsWith(promise: Promise<unknown>, status: number, error: string) {
  await assert.rejects(promise, (e: unknown) => e instanceof ApiError && e.status === status && e.error === error);
}

describe("tokens", () => {
  test("client credentials with audience: a JWT for the API with the granted scopes", async () => {
    const token = await tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, basic);
    assert.equal(token.status, 200, JSON.stringify(token.json));
    assert.equal(token.json.token_type, "Bearer");
    assert.match(String(token.json.scope), /read:connections/);
    assert.equal(await requireScope(bearer(token.json.access_token), "update:connections"), ID);
  });

  test("a JSON body with client_id and client_secret works too (Auth0's SDKs send JSON)", async () => {
    const response = await fetch(`${h.issuer}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: ID, client_secret: SECRET, audience: managementAudience(), scope: "read:connections" }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    assert.equal(response.status, 200, JSON.stringify(json));
    assert.equal(json.scope, "read:connections");
    await rejectsWith(requireScope(bearer(json.access_token), "update:connections"), 403, "insufficient_scope");
  });

  test("a client without a grant for the audience, a wrong secret, or a broken body gets no token", async () => {
    const other = `m2m-${randomUUID()}`;
    await db().client.create({ data: { clientId: other, clientSecretHash: hashClientSecret(SECRET), name: "No grant", grantTypes: ["client_credentials"], redirectUris: [], postLogoutUris: [], webOrigins: [] } });
    const noGrant = await tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, { clientId: other, secret: SECRET });
    assert.equal(noGrant.status, 400);
    assert.equal(noGrant.json.error, "invalid_target");
    const wrong = await tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, { clientId: ID, secret: "x".repeat(40) });
    assert.equal(wrong.status, 401);
    const broken = await fetch(`${h.issuer}/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as { error: string }).error, "invalid_request");
    const huge = await fetch(`${h.issuer}/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(70_000) }) });
    assert.equal(huge.status, 413);
  });

  test("no token, a malformed one, a forged one, or one for another audience: 401", async () => {
    await rejectsWith(requireScope(null, "read:connections"), 401, "unauthorized");
    await rejectsWith(requireScope("Basic abc", "read:connections"), 401, "unauthorized");
    await rejectsWith(requireScope("Bearer not.a.jwt", "read:connections"), 401, "invalid_token");
    const token = await tokenRequest(h, { grant_type: "client_credentials", audience: managementAudience() }, basic);
    const [header, payload] = String(token.json.access_token).split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const escalated = Buffer.from(JSON.stringify({ ...claims, scope: "update:tenant_settings" })).toString("base64url");
    await rejectsWith(requireScope(`Bearer ${header}.${escalated}.${String(token.json.access_token).split(".")[2]}`, "read:connections"), 401, "invalid_token");
  });
});

describe("connections and tenant settings", () => {
  test("passkey policy, passkeys on/off and MFA update; passwords cannot be turned off", async () => {
    const { id } = await db().connection.findFirstOrThrow({ where: { isDefault: true } });
    const updated = await updateConnection(id, connectionPatchSchema.parse({ options: { passkey_options: { challenge_ui: "autofill" }, mfa: { required: true } } }));
    assert.equal(updated.options.passkey_options.challenge_ui, "autofill");
    assert.equal(updated.options.passkey_options.progressive_enrollment_enabled, true, "other options kept");
    assert.equal(updated.options.mfa.required, true);
    // A PATCH changes only what it names: the other passkey options stay as they are.
    await updateConnection(id, connectionPatchSchema.parse({ options: { passkey_options: { local_enrollment_enabled: false } } }));
    const partial = await updateConnection(id, connectionPatchSchema.parse({ options: { passkey_options: { challenge_ui: "button" } } }));
    assert.deepEqual(partial.options.passkey_options, { challenge_ui: "button", progressive_enrollment_enabled: true, local_enrollment_enabled: false });
    await updateConnection(id, { options: { passkey_options: { challenge_ui: "autofill", local_enrollment_enabled: true } } });
    const before = await getConnection(id);
    await rejectsWith(updateConnection(id, { options: { authentication_methods: { password: { enabled: false } }, mfa: { required: false } } }), 400, "invalid_body");
    assert.deepEqual(await getConnection(id), before, "nothing half-written");
    await updateConnection(id, { options: { passkey_options: { challenge_ui: "both" }, mfa: { required: false } } });
    await rejectsWith(getConnection("con_missing"), 404, "not_found");
  });

  test("bad input is refused by the schemas", () => {
    for (const body of [
      {},
      { options: { passkey_options: { challenge_ui: "sometimes" } } },
      { options: { passkey_options: { extra: true } } },
      { options: { authentication_methods: { passkey: { enabled: "yes" } } } },
      { options: {}, name: "rename" },
      { options: { password_complexity_options: { min_length: 4 } } },
    ]) {
      assert.equal(connectionPatchSchema.safeParse(body).success, false, JSON.stringify(body));
    }
    for (const body of [{ mfa: { skip_after_passkey: "true" } }, { unknown: 1 }, { friendly_name: "" }]) {
      assert.equal(tenantSettingsPatchSchema.safeParse(body).success, false, JSON.stringify(body));
    }
  });

  test("the MFA-after-passkey switch round-trips", async () => {
    assert.deepEqual((await updateTenantSettings({ mfa: { skip_after_passkey: true } })).mfa, { skip_after_passkey: true });
    assert.deepEqual((await getTenantSettings()).mfa, { skip_after_passkey: true });
    await updateTenantSettings({ mfa: { skip_after_passkey: false } });
  });
});
