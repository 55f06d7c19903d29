// node --import tsx --test lib/flight.test.ts (from bench/)
import assert from "node:assert/strict";
import { test } from "node:test";
import { actionResult, FlightError } from "./flight.ts";

// Captured from this build's getPasskeyOptions action (POST /u/login?state=… with Next-Action).
const OPTIONS_ANSWER =
  '0:{"a":"$@1","q":"?state=dqjY","i":false,"b":"42nDuFZKxJFPJxTfvH-6p"}\n' +
  '1:{"ok":true,"options":{"rpId":"localhost","challenge":"lDQTbOX","allowCredentials":"$undefined","timeout":300000,"userVerification":"required","extensions":"$undefined"}}\n';

test("the value row 0 points to, with $undefined left out", () => {
  assert.deepEqual(actionResult(OPTIONS_ANSWER), {
    ok: true,
    options: { rpId: "localhost", challenge: "lDQTbOX", timeout: 300000, userVerification: "required" },
  });
});

test("rows in any order, hints skipped, nested references and $$ strings", () => {
  const answer = ':HL["/_next/static/x.css","style"]\n2:{"b":"$$price","c":"$3"}\n0:{"a":"$@2","b":"id"}\n3:[1,"$undefined",true]\n';
  assert.deepEqual(actionResult(answer), { b: "$price", c: [1, undefined, true] });
});

test("a text row (length in UTF-8 bytes, no newline) and a value inline in row 0", () => {
  const text = "héllo\nworld";
  const answer = `1:T${Buffer.byteLength(text).toString(16)},${text}0:{"a":{"redirectTo":"$1"}}\n`;
  assert.deepEqual(actionResult(answer), { redirectTo: text });
});

test("the older array envelope", () => {
  assert.deepEqual(actionResult('0:["$@1",["build",null]]\n1:{"ok":false,"error":"expired"}\n'), { ok: false, error: "expired" });
});

test("an error row or a page instead of Flight throws FlightError", () => {
  assert.throws(() => actionResult('0:{"a":"$@1"}\n1:E{"digest":"123"}\n'), FlightError);
  assert.throws(() => actionResult("<!DOCTYPE html><html>"), FlightError);
  assert.throws(() => actionResult('0:{"a":"$@5"}\n'), FlightError);
});
