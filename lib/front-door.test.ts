// The front door (lib/front-door.ts) on requests as node:http hands them over: methods, hosts,
// forwarding headers, unreadable targets, server actions' origins and bodies, and HSTS.

import assert from "node:assert/strict";
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { afterEach, test } from "node:test";
import { config, resetConfigForTests } from "./config";
import { admit, checkedServerAction, setTransportHeaders, type Refusal } from "./front-door";
import { unsetEnv } from "./testing/env";

afterEach(() => {
  unsetEnv("ISSUER", "TRUST_PROXY");
  resetConfigForTests();
});

function issuer(url: string, trustProxy = false) {
  process.env.ISSUER = url;
  if (trustProxy) process.env.TRUST_PROXY = "true";
  resetConfigForTests();
}

function request(method: string, url: string, headers: Record<string, string>, body?: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  Object.assign(req, { method, url, headers });
  if (body !== undefined) {
    req.push(body);
    req.push(null);
  }
  return req;
}

const status = (r: Refusal | undefined) => r?.status;

// The issuer's host alone (lib/sites.ts adds the custom domains; sites.test.ts covers them).
const refusalOf = (req: IncomingMessage) => admit(req, [{ host: new URL(config().origin).host, origin: config().origin }]).refusal;

test("methods nobody serves get 405 with Allow", () => {
  issuer("http://localhost:3000");
  for (const method of ["TRACE", "CONNECT", "PROPFIND", "FOO"]) {
    const refusal = refusalOf(request(method, "/", { host: "localhost:3000" }));
    assert.equal(refusal?.status, 405);
    assert.equal(refusal.headers?.Allow, "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
  }
  assert.equal(refusalOf(request("GET", "/", { host: "localhost:3000" })), undefined);
});

test("only the issuer's host is answered; X-Forwarded-Host counts only behind a trusted proxy", () => {
  issuer("https://login.example.com");
  assert.equal(refusalOf(request("GET", "/authorize", { host: "login.example.com" })), undefined);
  assert.equal(refusalOf(request("GET", "/authorize", { host: "LOGIN.example.com:443" })), undefined, "case and the default port do not matter");
  for (const host of [
    "evil.example",
    "login.example.com.evil.example",
    "login.example.com:8443",
    "login.example.com@evil.example",
    "login.example.com/x",
    "",
  ]) {
    assert.equal(status(refusalOf(request("GET", "/", { host }))), host ? 421 : 400, host);
  }
  // Not trusted: a client's X-Forwarded-Host is removed, and its Host decides.
  const spoofed = request("GET", "/", { host: "login.example.com", "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" });
  assert.equal(refusalOf(spoofed), undefined);
  assert.equal(spoofed.headers["x-forwarded-host"], undefined);
  assert.equal(spoofed.headers["x-forwarded-proto"], undefined);

  issuer("https://login.example.com", true);
  assert.equal(refusalOf(request("GET", "/", { host: "10.0.0.5:3000", "x-forwarded-host": "login.example.com" })), undefined);
  assert.equal(status(refusalOf(request("GET", "/", { host: "login.example.com", "x-forwarded-host": "evil.example" }))), 421);
});

test("a target that is not valid percent-encoding, or holds NUL, is a 400", () => {
  issuer("http://localhost:3000");
  for (const url of ["/api/v2/clients/%E0%A4%A", "/u/login?state=%E0%A4%A", "/authorize?state=a%00b", "/x%00", "/a?b=%", "/a?%ZZ=1"]) {
    assert.equal(status(refusalOf(request("GET", url, { host: "localhost:3000" }))), 400, url);
  }
  for (const url of ["/authorize?scope=openid+email&state=a%20b", "/u/login?state=abc", "/api/v2/users?q=%F0%9F%98%80"]) {
    assert.equal(refusalOf(request("GET", url, { host: "localhost:3000" })), undefined, url);
  }
});

test("a server action from another origin, or none, is a 403; its body must be React's encoding of arguments", async () => {
  issuer("http://localhost:3000");
  const action = (headers: Record<string, string>, body?: string) =>
    request("POST", "/u/login?state=x", { host: "localhost:3000", "next-action": "abc", ...headers }, body);
  for (const origin of [undefined, "null", "", "https://evil.example", "http://localhost:3001"]) {
    assert.equal(status(refusalOf(action(origin === undefined ? {} : { origin }))), 403, String(origin));
  }
  assert.equal(refusalOf(action({ origin: "http://localhost:3000" })), undefined);

  const checked = async (body: string, type = "text/plain;charset=UTF-8") =>
    checkedServerAction(action({ origin: "http://localhost:3000", "content-type": type }, body));
  for (const body of ["", "{{", "{}", "null", '["$@1"]', '["$K1"]', "[".repeat(5000) + "]".repeat(5000), '["\u0000"]']) {
    const result = await checked(body);
    assert.ok(!(result instanceof IncomingMessage) && result.status === 400, body.slice(0, 20));
  }
  assert.equal(((await checked("junk", "multipart/form-data; boundary=zz")) as Refusal).status, 400);
  const big = await checked(JSON.stringify(["x".repeat(1024 * 1024)]));
  assert.equal((big as Refusal).status, 413);

  // What the pages send passes, as a copy that still holds the body.
  const good = await checked('["state", {"email": "a@b.example"}, "$undefined", "$$dollar"]');
  assert.ok(good instanceof IncomingMessage);
  let text = "";
  for await (const chunk of good) text += String(chunk as Buffer);
  assert.equal(text, '["state", {"email": "a@b.example"}, "$undefined", "$$dollar"]');
  assert.ok(
    (await checked('--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--zz--', "multipart/form-data; boundary=zz")) instanceof IncomingMessage,
  );
  // Browsers' boundaries have capitals (----WebKitFormBoundaryAbC…), and the body repeats them as they are.
  const browser = "----WebKitFormBoundaryrSwgKZAD12ZkkTLD";
  const form = `--${browser}\r\nContent-Disposition: form-data; name="locale"\r\n\r\nde\r\n--${browser}--`;
  assert.ok((await checked(form, `multipart/form-data; boundary=${browser}`)) instanceof IncomingMessage);
});

test("HSTS with an https issuer only", () => {
  issuer("https://login.example.com");
  const res = new ServerResponse(request("GET", "/", {}));
  setTransportHeaders(res);
  assert.equal(res.getHeader("strict-transport-security"), "max-age=31536000; includeSubDomains");
  issuer("http://localhost:3000");
  const plain = new ServerResponse(request("GET", "/", {}));
  setTransportHeaders(plain);
  assert.equal(plain.getHeader("strict-transport-security"), undefined);
});
