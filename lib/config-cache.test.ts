// Two server instances on one PostgreSQL database, as behind a load balancer: each caches the
// configuration (lib/config-cache.ts), and a change made through the Management API on one of them
// takes effect on the very next login on the other. Also: an instance killed right after it
// answered has committed what it answered for (lib/unit-of-work.ts).
//
// PostgreSQL only: a PGlite directory is one process's database, so there is no second instance.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { databaseUrl, db } from "./db";
import { WEBAUTHN_GRANT } from "./oidc/constants";
import { call, managementToken, verdict } from "./testing/api";
import { startHarness, type Harness } from "./testing/harness";
import { startInstance, type Instance } from "./testing/instance";
import { SoftAuthenticator } from "./testing/soft-authenticator";

const onPostgres = databaseUrl() !== undefined;

describe("two instances on one PostgreSQL", { skip: onPostgres ? false : "needs PostgreSQL: a PGlite directory is one process's database" }, () => {
  let a: Harness;
  let b: Instance;
  let mgmt: string;
  let clientId: string;
  let connectionId: string;
  const authenticator = new SoftAuthenticator();
  let credentialId: string;

  before(async () => {
    process.env.MANAGEMENT_CLIENT_ID = "mgmt-instances";
    process.env.MANAGEMENT_CLIENT_SECRET = "i".repeat(40);
    a = await startHarness();
    b = await startInstance();
    mgmt = await managementToken(a);
    const app = await call(a, {
      path: "/api/v2/clients",
      token: mgmt,
      body: { name: "Two instances", app_type: "native", grant_types: [WEBAUTHN_GRANT, "refresh_token"] },
    });
    assert.equal(app.status, 201, JSON.stringify(app.json));
    clientId = String(app.json.client_id);
    connectionId = ((await call(a, { path: "/api/v2/connections", token: mgmt })).json as unknown as { id: string }[])[0].id;
    // Signed up on instance B: its origin is its own issuer's.
    const started = await post(b, "/passkey/register", { client_id: clientId, user_profile: { email: "two-instances@example.test" } });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const registration = started.json as Ceremony<PublicKeyCredentialCreationOptionsJSON>;
    const attestation = authenticator.register(registration.authn_params_public_key, { origin: b.url });
    credentialId = attestation.id;
    const tokens = await post(b, "/oauth/token", {
      grant_type: WEBAUTHN_GRANT,
      client_id: clientId,
      auth_session: registration.auth_session,
      authn_response: attestation,
      scope: "openid",
    });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
  });

  after(async () => {
    // Unset if `before` failed part of the way.
    await (b as Instance | undefined)?.kill();
    await (a as Harness | undefined)?.close();
    delete process.env.MANAGEMENT_CLIENT_ID;
    delete process.env.MANAGEMENT_CLIENT_SECRET;
  });

  /** A native passkey login on instance B: [status, error] of the challenge, then of the token. */
  async function loginOnB(): Promise<unknown[]> {
    const challenge = await post(b, "/passkey/challenge", { client_id: clientId });
    if (challenge.status !== 200) return verdict(challenge);
    const login = challenge.json as Ceremony<PublicKeyCredentialRequestOptionsJSON>;
    const assertion = authenticator.authenticate(login.authn_params_public_key, { origin: b.url, credentialId });
    const tokens = await post(b, "/oauth/token", {
      grant_type: WEBAUTHN_GRANT,
      client_id: clientId,
      auth_session: login.auth_session,
      authn_response: assertion,
      scope: "openid",
    });
    return verdict(tokens);
  }

  const patchOnA = async (path: string, body: unknown) => {
    const answer = await call(a, { path, method: "PATCH", token: mgmt, body });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
  };

  test("a connection change on A holds for the next login on B", async () => {
    assert.deepEqual(await loginOnB(), [200, undefined]); // B has read (and cached) the configuration
    await patchOnA(`/api/v2/connections/${connectionId}`, { options: { authentication_methods: { passkey: { enabled: false } } } });
    assert.deepEqual(await loginOnB(), [403, "access_denied"]);
    await patchOnA(`/api/v2/connections/${connectionId}`, { options: { authentication_methods: { passkey: { enabled: true } } } });
    assert.deepEqual(await loginOnB(), [200, undefined]);
  });

  test("a tenant setting changed on A holds for the next login on B", async () => {
    await patchOnA(`/api/v2/connections/${connectionId}`, { options: { mfa: { required: true } } });
    assert.deepEqual(await loginOnB(), [403, "mfa_required"]);
    await patchOnA("/api/v2/tenants/settings", { mfa: { skip_after_passkey: true } });
    assert.deepEqual(await loginOnB(), [200, undefined]);
    await patchOnA("/api/v2/tenants/settings", { mfa: { skip_after_passkey: false } });
    await patchOnA(`/api/v2/connections/${connectionId}`, { options: { mfa: { required: false } } });
    assert.deepEqual(await loginOnB(), [200, undefined]);
  });

  test("a client changed on A holds for the next request on B", async () => {
    await patchOnA(`/api/v2/clients/${clientId}`, { grant_types: ["refresh_token"] });
    assert.deepEqual(await loginOnB(), [403, "unauthorized_client"]);
    await patchOnA(`/api/v2/clients/${clientId}`, { grant_types: [WEBAUTHN_GRANT, "refresh_token"] });
    assert.deepEqual(await loginOnB(), [200, undefined]);
  });

  test("an instance killed right after answering has committed the login", async () => {
    const user = await db().user.findFirstOrThrow({ where: { email: "two-instances@example.test" } });
    const before = await db().passkey.findUniqueOrThrow({ where: { id: credentialId } });
    const logins = await db().logEvent.count({ where: { type: "s", userId: user.id } });
    assert.deepEqual(await loginOnB(), [200, undefined]);
    await b.kill("SIGKILL");
    b = await startInstance();
    const after = await db().passkey.findUniqueOrThrow({ where: { id: credentialId } });
    assert.equal(after.counter, before.counter + 1n, "the signature counter of the answered login");
    assert.equal(await db().logEvent.count({ where: { type: "s", userId: user.id } }), logins + 1, "its tenant log event");
    assert.deepEqual(await loginOnB(), [200, undefined]);
  });

  test("SIGKILL under signup load loses no acknowledged signup and leaves no half-created user", async () => {
    const acknowledged: string[] = [];
    let stop = false;
    const signUpUntilStopped = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        const email = `kill-${worker}-${i}-${randomUUID().slice(0, 8)}@example.test`;
        try {
          const started = await post(b, "/passkey/register", { client_id: clientId, user_profile: { email } });
          if (started.status !== 200) continue;
          const registration = started.json as Ceremony<PublicKeyCredentialCreationOptionsJSON>;
          const attestation = new SoftAuthenticator().register(registration.authn_params_public_key, { origin: b.url });
          const tokens = await post(b, "/oauth/token", {
            grant_type: WEBAUTHN_GRANT,
            client_id: clientId,
            auth_session: registration.auth_session,
            authn_response: attestation,
            scope: "openid",
          });
          if (tokens.status === 200) acknowledged.push(email);
        } catch {
          // The instance died under this request: it was never acknowledged.
        }
      }
    };
    const workers = [0, 1, 2, 3].map(signUpUntilStopped);
    while (acknowledged.length < 12) await new Promise((resolve) => setTimeout(resolve, 20));
    await b.kill("SIGKILL");
    stop = true;
    await Promise.all(workers);
    b = await startInstance();

    const users = await db().user.findMany({ where: { email: { in: acknowledged } }, include: { passkeys: true } });
    assert.equal(users.length, acknowledged.length, "every acknowledged signup is there");
    assert.ok(
      users.every((u) => u.passkeys.length === 1),
      "each with its passkey",
    );
    const halfCreated = await db().user.count({ where: { email: { startsWith: "kill-" }, passkeys: { none: {} }, password: null } });
    assert.equal(halfCreated, 0, "no user without a way in");
  });
});

/** The native passkey API's answer to /passkey/register or /passkey/challenge, as far as the tests read it. */
type Ceremony<Options> = { auth_session: string; authn_params_public_key: Options };

async function post(instance: Instance, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${instance.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}
