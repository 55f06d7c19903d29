// The custom database client against a real HTTP user store on loopback (lib/testing/user-store.ts):
// the three calls, the shared secret, and each way a store can fail, each a CustomStoreError
// whose reason says which.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startUserStore, type UserStore } from "../testing/user-store";
import { createStoreUser, CustomStoreError, getStoreUser, storeLogin, type CustomStore, type StoreFailure } from "./custom-store";

let store: UserStore;
let connection: CustomStore;

before(async () => {
  store = await startUserStore({ secret: "s3cret" });
  connection = { baseUrl: `${store.baseUrl}/`, secret: "s3cret", timeoutMs: 300 };
});
after(() => store.close());
beforeEach(() => {
  store.users.clear();
  store.calls.length = 0;
  for (const call of ["get_user", "create", "login"] as const) store.misbehave(call, undefined);
});

async function failsWith(promise: Promise<unknown>, reason: StoreFailure) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CustomStoreError, String(error));
    assert.equal(error.reason, reason, error.message);
    return true;
  });
}

describe("the calls", () => {
  test("create, then get by identifier and by user_id, then login; the secret goes in every call", async () => {
    const created = await createStoreUser(connection, { email: "ada@example.com", password: "correct horse battery", given_name: "Ada" });
    assert.ok(created);
    assert.equal(created.email, "ada@example.com");
    assert.equal(created.given_name, "Ada");
    assert.equal("password" in created, false);

    assert.deepEqual(await getStoreUser(connection, "ada@example.com", "email"), created);
    assert.deepEqual(await getStoreUser(connection, created.user_id, "user_id"), created);
    assert.equal(await getStoreUser(connection, "nobody@example.com", "email"), null, "404 is no such user");

    assert.deepEqual(await storeLogin(connection, "ada@example.com", "email", "correct horse battery"), created);
    assert.equal(await storeLogin(connection, "ada@example.com", "email", "wrong"), null, "401 is a wrong password");
    assert.equal(await createStoreUser(connection, { email: "ada@example.com" }), null, "409 is an existing user");

    assert.ok(store.calls.every((c) => c.authorization === "Bearer s3cret"));
    assert.equal(store.calls[1].path, "/get_user/ada%40example.com?type=email", "the identifier is escaped in the path");
  });

  test("an identifier with slashes or a query cannot change the call", async () => {
    assert.equal(await getStoreUser(connection, "../create?type=x#", "username"), null);
    assert.equal(store.calls[0].path, "/get_user/..%2Fcreate%3Ftype%3Dx%23?type=username");
    assert.equal(await getStoreUser(connection, "..", "user_id"), null);
    assert.equal(store.calls.length, 1, "a dot segment is never sent");
  });

  test("a wrong secret is the store's refusal, reported as such", async () => {
    await failsWith(getStoreUser({ ...connection, secret: "wrong" }, "a@example.com", "email"), "unexpected_status");
  });
});

describe("a store that fails", () => {
  test("too slow: timeout", async () => {
    store.misbehave("get_user", { delayMs: 2000, body: "{}" });
    await failsWith(getStoreUser(connection, "a@example.com", "email"), "timeout");
  });

  test("down: unreachable", async () => {
    await failsWith(getStoreUser({ ...connection, baseUrl: "http://127.0.0.1:9" }, "a@example.com", "email"), "unreachable");
  });

  test("5xx: server_error; a redirect is not followed; another status is unexpected", async () => {
    store.misbehave("login", { status: 503 });
    await failsWith(storeLogin(connection, "a@example.com", "email", "pw"), "server_error");
    store.misbehave("get_user", { status: 302, headers: { location: "https://evil.example/get_user" } });
    await failsWith(getStoreUser(connection, "a@example.com", "email"), "redirect");
    store.misbehave("create", { status: 418, body: "{}" });
    await failsWith(createStoreUser(connection, { email: "a@example.com" }), "unexpected_status");
  });

  test("not JSON, too large, or a profile without user_id or with a field of the wrong shape", async () => {
    store.misbehave("get_user", { body: "<html>oops</html>" });
    await failsWith(getStoreUser(connection, "a@example.com", "email"), "malformed");
    store.misbehave("get_user", { body: JSON.stringify({ user_id: "x", padding: "y".repeat(70 * 1024) }) });
    await failsWith(getStoreUser(connection, "a@example.com", "email"), "too_large");
    store.misbehave("create", { status: 201, body: JSON.stringify({ email: "a@example.com" }) });
    await failsWith(createStoreUser(connection, { email: "a@example.com" }), "missing_user_id");
    store.misbehave("get_user", { body: JSON.stringify({ user_id: "x", email: "not an email" }) });
    await failsWith(getStoreUser(connection, "a@example.com", "email"), "malformed");
    store.misbehave("get_user", { body: JSON.stringify({ user_id: "x", picture: "javascript:alert(1)" }) });
    await failsWith(getStoreUser(connection, "a@example.com", "email"), "malformed");
    store.misbehave("get_user", { body: JSON.stringify({ user_id: "has space" }) });
    await failsWith(getStoreUser(connection, "a@example.com", "email"), "malformed");
  });

  test("unknown fields are dropped, never passed on", async () => {
    store.misbehave("get_user", { body: JSON.stringify({ user_id: "x", email: "a@example.com", role: "admin", app_metadata: { admin: true } }) });
    assert.deepEqual(await getStoreUser(connection, "a@example.com", "email"), { user_id: "x", email: "a@example.com" });
  });
});
