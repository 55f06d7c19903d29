// POST /dbconnections/signup (Auth0's Authentication API): a user with a password on a named
// connection, and every bad request refused with a clear error, an fs event and nothing written.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { DEMO_CLIENT_ID } from "../prisma/seed-constants";
import { db } from "./db";
import { call, verdict } from "./testing/api";
import { startHarness, type Harness } from "./testing/harness";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const PASSWORD = "correct horse battery";
const newEmail = () => `db-${randomUUID()}@example.test`;
const connectionName = async () => (await db().connection.findFirstOrThrow({ where: { isDefault: true } })).name;
const signup = (body: unknown) => call(h, { path: "/dbconnections/signup", body });

test("makes the user with the profile given; the answer is Auth0's (_id, email, email_verified)", async () => {
  const email = newEmail();
  const answer = await signup({
    client_id: DEMO_CLIENT_ID,
    connection: await connectionName(),
    email,
    password: PASSWORD,
    name: "Ada",
    user_metadata: { a: "b" },
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  const user = await db().user.findFirstOrThrow({ where: { email } });
  assert.deepEqual(answer.json, { _id: user.id, email, email_verified: false, name: "Ada", user_metadata: { a: "b" } });
  assert.equal(await db().logEvent.count({ where: { type: "ss", userId: user.id } }), 1);
});

test("bad requests: a clear error, an fs event where the request was readable, no user", async () => {
  const connection = await connectionName();
  const email = newEmail();
  const users = await db().user.count();
  const cases: [unknown, number, string, RegExp][] = [
    [{ client_id: "no-such-app", connection, email, password: PASSWORD }, 401, "invalid_client", /Unknown client/],
    [{ client_id: DEMO_CLIENT_ID, connection: "nope", email, password: PASSWORD }, 400, "invalid_request", /No connection/],
    [{ client_id: DEMO_CLIENT_ID, connection, email: "not-an-email", password: PASSWORD }, 400, "invalid_request", /email/],
    [{ client_id: DEMO_CLIENT_ID, connection, email, password: "short" }, 400, "invalid_request", /password: at least/],
    [{ client_id: DEMO_CLIENT_ID, connection, email }, 400, "invalid_request", /password/],
    [{ client_id: DEMO_CLIENT_ID, connection, email, password: PASSWORD, role: "admin" }, 400, "invalid_request", /role/],
    [{ client_id: DEMO_CLIENT_ID, connection, email, password: PASSWORD, picture: "javascript:alert(1)" }, 400, "invalid_request", /picture/],
    [[1, 2], 400, "invalid_request", /./],
    ["{", 400, "invalid_request", /./],
  ];
  const refusals = await db().logEvent.count({ where: { type: "fs" } });
  for (const [body, status, code, message] of cases) {
    const answer = await signup(body);
    assert.deepEqual(verdict(answer), [status, code], JSON.stringify(body));
    assert.match(String(answer.json.error_description), message);
  }
  assert.equal(await db().user.count(), users, "no user written");
  assert.equal(await db().logEvent.count({ where: { type: "fs" } }), refusals + 4, "each refusal of a readable request is logged");
  assert.equal((await signup({ client_id: DEMO_CLIENT_ID, connection, email, password: PASSWORD })).status, 200);
  assert.deepEqual(verdict(await signup({ client_id: DEMO_CLIENT_ID, connection, email, password: PASSWORD })), [400, "invalid_request"]);
  const wrongMethod = await call(h, { path: "/dbconnections/signup", method: "GET" });
  assert.equal(wrongMethod.status, 405);
  assert.deepEqual(verdict(await call(h, { path: "/dbconnections/nothing", method: "POST", body: {} })), [404, "not_found"]);
});
