// The rules of flexible identifiers, without a database: what a login field recognizes, what
// signup accepts, and which connection settings are refused.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { attributesProblem, DEFAULT_ATTRIBUTES, parseLoginIdentifier, parseSignupIdentity, readAttributes, type Attributes } from "./identifiers";

const ALL: Attributes = {
  email: { identifier: true, signup: "required", verifyBeforeLogin: false },
  username: { identifier: true, signup: "optional", minLength: 3, maxLength: 20 },
  phone_number: { identifier: true, signup: "optional" },
};
const USERNAME_ONLY: Attributes = {
  ...DEFAULT_ATTRIBUTES,
  email: { identifier: false, signup: "inactive", verifyBeforeLogin: false },
  username: { ...ALL.username, signup: "required" },
};
const PHONE_ONLY: Attributes = {
  ...DEFAULT_ATTRIBUTES,
  email: { identifier: false, signup: "inactive", verifyBeforeLogin: false },
  phone_number: { identifier: true, signup: "required" },
};

describe("the login field", () => {
  test("recognizes an email, a phone number and a username, normalized", () => {
    assert.deepEqual(parseLoginIdentifier(ALL, "  Ada@Example.COM "), { ok: true, identifier: { type: "email", value: "ada@example.com" } });
    assert.deepEqual(parseLoginIdentifier(ALL, "+33 6 12 34 56 78"), { ok: true, identifier: { type: "phone_number", value: "+33612345678" } });
    assert.deepEqual(parseLoginIdentifier(ALL, "Ada.Lovelace"), { ok: true, identifier: { type: "username", value: "ada.lovelace" } });
  });

  test("says what the input looked like when it is not valid as that", () => {
    assert.deepEqual(parseLoginIdentifier(ALL, "ada@"), { ok: false, looksLike: "email" });
    assert.deepEqual(parseLoginIdentifier(ALL, "+1 555"), { ok: false, looksLike: "phone_number" });
    assert.deepEqual(parseLoginIdentifier(ALL, "ad"), { ok: false, looksLike: "username" }, "shorter than min_length");
    assert.deepEqual(parseLoginIdentifier(ALL, "ada lovelace"), { ok: false, looksLike: "username" }, "a space");
    assert.deepEqual(parseLoginIdentifier(ALL, "0612345678"), { ok: false, looksLike: "username" }, "digits only are not a username");
    assert.deepEqual(parseLoginIdentifier(ALL, 42), { ok: false, looksLike: undefined });
  });

  test("reads everything as the only type a connection allows", () => {
    assert.deepEqual(parseLoginIdentifier(DEFAULT_ATTRIBUTES, "ada.lovelace"), { ok: false, looksLike: "email" });
    assert.deepEqual(parseLoginIdentifier(PHONE_ONLY, "0612345678"), { ok: false, looksLike: "phone_number" }, "a phone number needs its country code");
    assert.deepEqual(parseLoginIdentifier(USERNAME_ONLY, "ada@example.com"), { ok: false, looksLike: "username" });
  });

  test("with two types allowed, a third kind of input is no identifier at all", () => {
    const emailOrPhone: Attributes = { ...ALL, username: { ...ALL.username, identifier: false, signup: "inactive" } };
    assert.deepEqual(parseLoginIdentifier(emailOrPhone, "ada"), { ok: false, looksLike: undefined });
  });
});

describe("signup", () => {
  test("takes what the connection asks, normalized, and requires the required ones", () => {
    assert.deepEqual(parseSignupIdentity(ALL, { email: "Ada@Example.com", username: "Ada_L", phone_number: "+1 (415) 555-2671" }), {
      ok: true,
      identity: { email: "ada@example.com", username: "ada_l", phone_number: "+14155552671" },
    });
    assert.deepEqual(parseSignupIdentity(ALL, { email: "ada@example.com", username: "  ", phone_number: "" }), {
      ok: true,
      identity: { email: "ada@example.com" },
    });
    assert.deepEqual(parseSignupIdentity(ALL, { username: "ada" }), { ok: false, field: "email", missing: true });
  });

  test("refuses an attribute the connection does not use, and an invalid one, naming it", () => {
    assert.deepEqual(parseSignupIdentity(DEFAULT_ATTRIBUTES, { email: "ada@example.com", username: "ada" }), { ok: false, field: "username", missing: false });
    assert.deepEqual(parseSignupIdentity(ALL, { email: "ada@example.com", phone_number: "+44 7700 900123" }), {
      ok: false,
      field: "phone_number",
      missing: false,
    });
    assert.deepEqual(parseSignupIdentity(ALL, { email: "ada@example.com", username: "a".repeat(21) }), { ok: false, field: "username", missing: false });
    assert.deepEqual(parseSignupIdentity(ALL, { email: ["ada@example.com"] }), { ok: false, field: "email", missing: false });
  });
});

describe("connection settings", () => {
  test("every user must be able to log in: an identifier is asked at signup, and one is required", () => {
    assert.equal(attributesProblem(ALL), undefined);
    assert.match(
      attributesProblem({ ...ALL, phone_number: { identifier: true, signup: "inactive" } }) ?? "",
      /phone_number: an identifier users log in with must be asked/,
    );
    assert.match(
      attributesProblem({
        ...ALL,
        email: { identifier: false, signup: "optional", verifyBeforeLogin: false },
        username: { ...ALL.username, signup: "optional" },
      }) ?? "",
      /at least one identifier must be required/,
    );
    assert.match(attributesProblem({ ...ALL, username: { ...ALL.username, minLength: 9, maxLength: 4 } }) ?? "", /min_length is above max_length/);
  });

  test("stored settings that cannot be read are email only, as before flexible identifiers", () => {
    assert.deepEqual(readAttributes({}), DEFAULT_ATTRIBUTES);
    assert.deepEqual(readAttributes({ email: "yes" }), DEFAULT_ATTRIBUTES);
    assert.deepEqual(readAttributes(ALL), ALL);
  });
});
