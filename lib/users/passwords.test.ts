import assert from "node:assert/strict";
import { test } from "node:test";
import { hashPassword, PASSWORD_MAX_LENGTH, passwordMatches, passwordProblem } from "./passwords";

test("hashes are argon2id with a fresh salt each time", async () => {
  const a = await hashPassword("correct horse battery staple");
  const b = await hashPassword("correct horse battery staple");
  assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.notEqual(a, b);
});

test("passwordMatches accepts the password and nothing else", async () => {
  const stored = await hashPassword("correct horse battery staple");
  assert.equal(await passwordMatches(stored, "correct horse battery staple"), true);
  assert.equal(await passwordMatches(stored, "correct horse battery stapl"), false);
  assert.equal(await passwordMatches(stored, "Correct horse battery staple"), false);
  assert.equal(await passwordMatches(stored, ""), false);
});

test("passwordMatches is false without a stored hash, even for the dummy's own password", async () => {
  assert.equal(await passwordMatches(undefined, "anything"), false);
  assert.equal(await passwordMatches(undefined, "not the password of anyone"), false);
});

test("passwordMatches is false for a stored value that is not a hash", async () => {
  assert.equal(await passwordMatches("plain text", "plain text"), false);
});

test("passwordProblem enforces the connection's minimum and the global maximum", () => {
  assert.equal(passwordProblem("1234567", 8), "too_short");
  assert.equal(passwordProblem("12345678", 8), undefined);
  assert.equal(passwordProblem("", 1), "too_short");
  assert.equal(passwordProblem("x".repeat(PASSWORD_MAX_LENGTH), 8), undefined);
  assert.equal(passwordProblem("x".repeat(PASSWORD_MAX_LENGTH + 1), 8), "too_long");
  assert.equal(PASSWORD_MAX_LENGTH, 128);
});
