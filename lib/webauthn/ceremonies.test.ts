// The registration and authentication ceremonies end to end, with real credentials from the
// software authenticator, against a fresh database (PGlite, or PostgreSQL with DATABASE_URL).

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { db } from "../db";
import { startHarness, type Harness } from "../testing/harness";
import { SoftAuthenticator, SoftAuthenticatorError, type AuthenticateOverrides, type CeremonyOverrides } from "../testing/soft-authenticator";
import { createUserWithPasskey, newUserId } from "../users/store";
import { authenticationOptions, verifyAuthentication } from "./authentication";
import { WebAuthnError, type WebAuthnErrorCode } from "./errors";
import { registrationOptions, verifyRegistration } from "./registration";
import { CEREMONY_TIMEOUT_MS } from "./relying-party";

let h: Harness;
let origin: string;
let connectionId: string;

before(async () => {
  h = await startHarness();
  origin = h.origin;
  connectionId = (await db().connection.findFirstOrThrow({ where: { isDefault: true } })).id;
});
after(() => h.close());

const AAGUID = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"; // Google Password Manager

async function rejectsWith(promise: Promise<unknown>, code: WebAuthnErrorCode, also?: (error: WebAuthnError) => void) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof WebAuthnError, `expected a WebAuthnError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    also?.(error);
    return true;
  });
}

/** Registration options for a new user, and the authenticator's answer (overrides applied). */
async function newRegistration(authenticator: SoftAuthenticator, overrides: Partial<CeremonyOverrides> = {}, transactionId: string = randomUUID()) {
  const email = `${randomUUID()}@example.test`;
  const user = { id: newUserId(), name: email, identity: { email } };
  const options = await registrationOptions({ kind: "signup", transactionId, user, existingCredentials: [] });
  const response = authenticator.register(options, { origin, ...overrides });
  return { transactionId, user, options, response };
}

/** A user with one passkey on `authenticator`, stored as signup would. */
async function registeredUser(authenticator = new SoftAuthenticator()) {
  const { transactionId, response } = await newRegistration(authenticator);
  const { passkey, userId, identity } = await verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response });
  await createUserWithPasskey({ connectionId, userId, ...identity, passkey, userAgent: "node:test" });
  const email = identity.email as string;
  return { userId, email, credentialId: passkey.id, authenticator };
}

async function newAssertion(authenticator: SoftAuthenticator, overrides: Partial<AuthenticateOverrides> = {}, transactionId: string = randomUUID()) {
  const options = await authenticationOptions({ kind: "login", transactionId });
  const response = authenticator.authenticate(options, { origin, ...overrides });
  return { transactionId, options, response };
}

describe("registration", () => {
  test("options require a resident key and user verification, list the algorithms, expire in 5 minutes", async () => {
    const transactionId = randomUUID();
    const user = { id: newUserId(), name: "options@example.test", identity: { email: "options@example.test" } };
    const options = await registrationOptions({ kind: "signup", transactionId, user, existingCredentials: [] });

    assert.equal(options.rp.id, "localhost");
    assert.equal(options.authenticatorSelection?.residentKey, "required");
    assert.equal(options.authenticatorSelection.requireResidentKey, true);
    assert.equal(options.authenticatorSelection.userVerification, "required");
    assert.deepEqual(
      options.pubKeyCredParams.map((p) => p.alg),
      [-8, -7, -257],
    );
    assert.equal(options.timeout, 5 * 60 * 1000);
    assert.equal(options.attestation, "none");
    assert.deepEqual(options.excludeCredentials, []);
    assert.equal(Buffer.from(options.user.id, "base64url").toString("utf8"), user.id);
    assert.equal(options.user.name, user.name);

    // The challenge is stored, bound to the transaction and the user-to-be, single use.
    const saved = await db().webAuthnChallenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    assert.equal(saved.kind, "signup");
    assert.equal(saved.transactionId, transactionId);
    assert.equal(saved.userId, user.id);
    assert.deepEqual(saved.identity, user.identity);
    const ttl = saved.expiresAt.getTime() - saved.createdAt.getTime();
    assert.ok(Math.abs(ttl - CEREMONY_TIMEOUT_MS) < 5_000, `challenge lives ${ttl} ms`);
  });

  test("options exclude the credentials the user already has", async () => {
    const existing = [
      { id: "Y3JlZC1vbmU", transports: ["internal", "hybrid"] },
      { id: "Y3JlZC10d28", transports: ["usb"] },
    ];
    const options = await registrationOptions({
      kind: "signup",
      transactionId: randomUUID(),
      user: { id: newUserId(), name: "x@example.test", identity: { email: "x@example.test" } },
      existingCredentials: existing,
    });
    assert.deepEqual(
      options.excludeCredentials?.map((c) => ({ id: c.id, type: c.type, transports: c.transports })),
      existing.map((c) => ({ ...c, type: "public-key" })),
    );
  });

  test("an authenticator holding an excluded credential refuses to register again", async () => {
    const { authenticator, credentialId, userId } = await registeredUser();
    const options = await registrationOptions({
      kind: "enroll",
      transactionId: randomUUID(),
      user: { id: userId, name: "again@example.test", identity: { email: "again@example.test" } },
      existingCredentials: [{ id: credentialId, transports: ["internal"] }],
    });
    assert.throws(
      () => authenticator.register(options, { origin }),
      (e: unknown) => e instanceof SoftAuthenticatorError && e.name === "InvalidStateError",
    );
  });

  test("a synced passkey is verified and stored with its key, counter, transports, AAGUID and backup state", async () => {
    const authenticator = new SoftAuthenticator({ aaguid: AAGUID });
    const { transactionId, user, response } = await newRegistration(authenticator);

    const result = await verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response });
    assert.equal(result.userId, user.id);
    assert.deepEqual(result.identity, user.identity);
    assert.equal(result.passkey.id, response.id);
    assert.equal(result.passkey.authenticatorAttachment, "platform");

    await createUserWithPasskey({ connectionId, userId: result.userId, ...result.identity, passkey: result.passkey, userAgent: "node:test" });
    const stored = await db().passkey.findUniqueOrThrow({ where: { id: response.id } });
    const credential = authenticator.credentials[0];
    assert.equal(stored.id, credential.id);
    assert.equal(stored.userId, user.id);
    assert.deepEqual(new Uint8Array(stored.publicKey), credential.publicKeyCose);
    assert.equal(stored.counter, 0n);
    assert.deepEqual(stored.transports, ["hybrid", "internal"]);
    assert.equal(stored.aaguid, AAGUID);
    assert.equal(stored.deviceType, "multiDevice");
    assert.equal(stored.backedUp, true);
    assert.equal(stored.rpId, "localhost");
    assert.equal(stored.userAgent, "node:test");
  });

  test("a device-bound passkey (not backup eligible) is stored as singleDevice, not backed up", async () => {
    const authenticator = new SoftAuthenticator({ flags: { be: false, bs: false }, transports: ["usb"], authenticatorAttachment: "cross-platform" });
    const { transactionId, response } = await newRegistration(authenticator);
    const { passkey } = await verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response });
    assert.equal(passkey.deviceType, "singleDevice");
    assert.equal(passkey.backedUp, false);
    assert.deepEqual(passkey.transports, ["usb"]);
    assert.equal(passkey.aaguid, "00000000-0000-0000-0000-000000000000");
    assert.equal(passkey.authenticatorAttachment, "cross-platform");
  });

  test("a packed self-attestation with a valid signature is accepted", async () => {
    const { transactionId, response } = await newRegistration(new SoftAuthenticator({ attestation: "packed" }));
    const { passkey } = await verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response });
    assert.equal(passkey.id, response.id);
  });

  test("a challenge cannot be used twice", async () => {
    const { transactionId, response } = await newRegistration(new SoftAuthenticator());
    await verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response });
    await rejectsWith(verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response }), "challenge_invalid");
  });

  test("an expired challenge is refused", async () => {
    const { transactionId, options, response } = await newRegistration(new SoftAuthenticator());
    await db().webAuthnChallenge.update({ where: { challenge: options.challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await rejectsWith(verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response }), "challenge_invalid");
  });

  test("a challenge bound to another transaction is refused", async () => {
    const { response } = await newRegistration(new SoftAuthenticator());
    await rejectsWith(verifyRegistration({ challenge: { transactionId: randomUUID(), kinds: ["signup"] }, response }), "challenge_invalid");
  });

  test("an authentication challenge cannot finish a registration", async () => {
    const transactionId = randomUUID();
    const request = await authenticationOptions({ kind: "login", transactionId });
    const creation = await registrationOptions({
      kind: "signup",
      transactionId,
      user: { id: newUserId(), name: "mix@example.test", identity: { email: "mix@example.test" } },
      existingCredentials: [],
    });
    const response = new SoftAuthenticator().register(creation, { origin, challenge: request.challenge });
    await rejectsWith(verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response }), "challenge_invalid");
  });

  test("a challenge the server never issued is refused", async () => {
    const { transactionId, response } = await newRegistration(new SoftAuthenticator(), { challenge: "bm90LWEtcmVhbC1jaGFsbGVuZ2U" });
    await rejectsWith(verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response }), "challenge_invalid");
  });

  for (const [name, overrides] of [
    ["another origin", { origin: "https://evil.example" }],
    ["another RP ID hash", { rpId: "evil.example" }],
    ["user verification off", { flags: { uv: false } }],
    ["user presence off", { flags: { up: false } }],
    ["the attested-data flag off", { flags: { at: false } }],
    ["a tampered attestation signature", { tamperSignature: true }],
    ["the clientData type of an assertion", { clientDataType: "webauthn.get" }],
  ] as [string, Partial<CeremonyOverrides>][]) {
    test(`a response with ${name} fails verification and burns the challenge`, async () => {
      const authenticator = new SoftAuthenticator();
      const { transactionId, options, response } = await newRegistration(authenticator, overrides);
      await rejectsWith(verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response }), "verification_failed");
      // Even a correct answer to the same challenge is refused afterwards.
      const retry = authenticator.register(options, { origin });
      await rejectsWith(verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response: retry }), "challenge_invalid");
    });
  }
});

describe("authentication", () => {
  test("options require user verification, expire in 5 minutes and list no credential ids", async () => {
    const transactionId = randomUUID();
    const discoverable = await authenticationOptions({ kind: "login", transactionId });
    assert.equal(discoverable.rpId, "localhost");
    assert.equal(discoverable.userVerification, "required");
    assert.equal(discoverable.timeout, 5 * 60 * 1000);
    assert.ok(!discoverable.allowCredentials?.length);

    const listed = await authenticationOptions({ kind: "login", transactionId });
    assert.ok(!listed.allowCredentials?.length);
    assert.notEqual(listed.challenge, discoverable.challenge);

    const saved = await db().webAuthnChallenge.findUniqueOrThrow({ where: { challenge: listed.challenge } });
    assert.equal(saved.kind, "login");
    assert.equal(saved.transactionId, transactionId);
  });

  test("a discoverable login verifies the signature and updates the counter and last use", async () => {
    const { userId, credentialId, authenticator } = await registeredUser();
    await db().passkey.update({ where: { id: credentialId }, data: { lastUsedAt: new Date("2026-01-01T00:00:00Z") } });

    const first = await newAssertion(authenticator);
    assert.equal(Buffer.from(first.response.response.userHandle!, "base64url").toString("utf8"), userId);
    const before = Date.now();
    const result = await verifyAuthentication({ challenge: { transactionId: first.transactionId, kinds: ["login"] }, response: first.response });
    assert.equal(result.user.id, userId);
    assert.equal(result.passkey.id, credentialId);
    assert.equal(result.authenticatorAttachment, "platform");

    let stored = await db().passkey.findUniqueOrThrow({ where: { id: credentialId } });
    assert.equal(stored.counter, 1n);
    assert.ok(stored.lastUsedAt && stored.lastUsedAt.getTime() >= before - 1000, `lastUsedAt ${stored.lastUsedAt?.toISOString()}`);

    const second = await newAssertion(authenticator);
    await verifyAuthentication({ challenge: { transactionId: second.transactionId, kinds: ["login"] }, response: second.response });
    stored = await db().passkey.findUniqueOrThrow({ where: { id: credentialId } });
    assert.equal(stored.counter, 2n);
  });

  test("a counter that goes backwards (a cloned authenticator) is refused", async () => {
    const { userId, credentialId, authenticator } = await registeredUser();
    await db().passkey.update({ where: { id: credentialId }, data: { counter: 100n } });
    const { transactionId, response } = await newAssertion(authenticator);
    await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response }), "verification_failed", (error) => {
      // Its log event names the user and the passkey, as a possible clone.
      assert.deepEqual(error.logFields, { userId, details: { passkey_id: credentialId, possible_cloned_authenticator: true } });
    });
  });

  test("a challenge cannot be used twice", async () => {
    const { authenticator } = await registeredUser();
    const { transactionId, response } = await newAssertion(authenticator);
    await verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response });
    await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response }), "challenge_invalid");
  });

  test("an expired challenge is refused", async () => {
    const { authenticator } = await registeredUser();
    const { transactionId, options, response } = await newAssertion(authenticator);
    await db().webAuthnChallenge.update({ where: { challenge: options.challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response }), "challenge_invalid");
  });

  test("a challenge bound to another transaction is refused", async () => {
    const { authenticator } = await registeredUser();
    const { response } = await newAssertion(authenticator);
    await rejectsWith(verifyAuthentication({ challenge: { transactionId: randomUUID(), kinds: ["login"] }, response }), "challenge_invalid");
  });

  test("a challenge the server never issued is refused", async () => {
    const { authenticator } = await registeredUser();
    const { transactionId, response } = await newAssertion(authenticator, { challenge: "bm90LWEtcmVhbC1jaGFsbGVuZ2U" });
    await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response }), "challenge_invalid");
  });

  test("a credential this server does not know is refused", async () => {
    const stranger = new SoftAuthenticator();
    const creation = await registrationOptions({
      kind: "signup",
      transactionId: randomUUID(),
      user: { id: newUserId(), name: "nobody@example.test", identity: { email: "nobody@example.test" } },
      existingCredentials: [],
    });
    stranger.register(creation, { origin }); // never verified or stored
    const { transactionId, response } = await newAssertion(stranger);
    await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response }), "unknown_credential");
  });

  test("a user handle that is not the credential's owner is refused", async () => {
    const { authenticator } = await registeredUser();
    const other = Buffer.from(newUserId()).toString("base64url");
    const { transactionId, response } = await newAssertion(authenticator, { userHandle: other });
    await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response }), "verification_failed");
  });

  for (const [name, overrides] of [
    ["another origin", { origin: "https://evil.example" }],
    ["another RP ID hash", { rpId: "evil.example" }],
    ["user verification off", { flags: { uv: false } }],
    ["user presence off", { flags: { up: false } }],
    ["the attested-data flag on without attested data", { flags: { at: true } }],
    ["a tampered signature", { tamperSignature: true }],
    ["the clientData type of a registration", { clientDataType: "webauthn.create" }],
  ] as [string, Partial<AuthenticateOverrides>][]) {
    test(`an assertion with ${name} fails verification and changes nothing`, async () => {
      const { credentialId, authenticator } = await registeredUser();
      const before = await db().passkey.findUniqueOrThrow({ where: { id: credentialId } });
      const { transactionId, options, response } = await newAssertion(authenticator, overrides);
      await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response }), "verification_failed");
      const afterwards = await db().passkey.findUniqueOrThrow({ where: { id: credentialId } });
      assert.equal(afterwards.counter, before.counter);
      assert.deepEqual(afterwards.lastUsedAt, before.lastUsedAt);
      // The challenge was burnt by the failed attempt.
      const retry = authenticator.authenticate(options, { origin });
      await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response: retry }), "challenge_invalid");
    });
  }
});

describe("malformed responses are refused before any lookup", () => {
  let transactionId: string;
  let registration: object;
  let assertion: { response: Record<string, unknown> } & Record<string, unknown>;

  before(async () => {
    const authenticator = new SoftAuthenticator();
    ({ transactionId, response: registration } = await newRegistration(authenticator));
    await verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response: registration }).then(({ passkey, userId, identity }) =>
      createUserWithPasskey({ connectionId, userId, ...identity, passkey }),
    );
    const { response } = await newAssertion(authenticator, {}, transactionId);
    assertion = response as unknown as typeof assertion;
  });

  const cases: [string, () => unknown][] = [
    ["invalid JSON", () => "{not json"],
    ["a JSON string that is not an object", () => '"public-key"'],
    ["a number", () => 42],
    ["null", () => null],
    ["more than 200 KB", () => JSON.stringify({ ...assertion, padding: "x".repeat(200_001) })],
    ["a non-base64url id", () => ({ ...assertion, id: "abc+/=" })],
    ["a non-base64url signature", () => ({ ...assertion, response: { ...assertion.response, signature: "c2ln+/==" } })],
    ["a missing signature", () => ({ ...assertion, response: { ...assertion.response, signature: undefined } })],
    ["a missing response", () => ({ ...assertion, response: undefined })],
    ["the wrong type", () => ({ ...assertion, type: "password" })],
    [
      "clientDataJSON that is not JSON",
      () => ({ ...assertion, response: { ...assertion.response, clientDataJSON: Buffer.from("nope").toString("base64url") } }),
    ],
    ["a huge authenticatorData", () => ({ ...assertion, response: { ...assertion.response, authenticatorData: "A".repeat(70_000) } })],
  ];
  for (const [name, input] of cases) {
    test(`authentication: ${name}`, async () => {
      await rejectsWith(verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response: input() }), "malformed_response");
    });
  }

  test("authentication: the well-formed assertion itself is accepted (the cases above differ only as named)", async () => {
    const result = await verifyAuthentication({ challenge: { transactionId, kinds: ["login"] }, response: JSON.stringify(assertion) });
    assert.equal(result.passkey.id, assertion.id);
  });

  test("registration: invalid JSON, missing attestationObject, non-base64url fields, oversized", async () => {
    const reg = registration as { response: Record<string, unknown> } & Record<string, unknown>;
    for (const input of [
      "[",
      { ...reg, response: { ...reg.response, attestationObject: undefined } },
      { ...reg, response: { ...reg.response, clientDataJSON: "e30=" } },
      { ...reg, rawId: "has space" },
      "x".repeat(200_001),
    ]) {
      await rejectsWith(verifyRegistration({ challenge: { transactionId, kinds: ["signup"] }, response: input }), "malformed_response");
    }
  });
});
