// The API router and its node adapter, on a small table of their own (no database): path
// parameters, the JSON errors it answers itself, HEAD and OPTIONS, the security headers, and a
// real socket for what the adapter must get right (the issuer's origin, bodies, Set-Cookie).

import assert from "node:assert/strict";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { z } from "zod";
import { resetConfigForTests } from "../config";
import { json, readJson } from "./http";
import { requestUrl, serveWeb } from "./node-adapter";
import { createRouter } from "./router";

const ISSUER = "https://login.example.test";

const router = createRouter({
  prefixes: ["/api/"],
  routes: [
    { method: "GET", path: "/api/things/:id", handler: (_, { id }) => Promise.resolve(json({ id })) },
    { method: "DELETE", path: "/api/things/:id", handler: () => Promise.resolve(new Response(null, { status: 204 })) },
    { method: "GET", path: "/api/things/:id/parts/:part", handler: (_, params) => Promise.resolve(json(params)) },
    {
      method: "POST",
      path: "/api/echo",
      handler: async (request) => json({ url: request.url, body: await readJson(request, z.object({ text: z.string() }).strict()) }),
    },
    {
      method: "OPTIONS",
      path: "/api/echo",
      handler: () => Promise.resolve(new Response(null, { status: 200, headers: { "Access-Control-Allow-Origin": "*" } })),
    },
    { method: "GET", path: "/api/boom", handler: async () => Promise.reject(new Error("boom")) },
    {
      method: "GET",
      path: "/api/cookies",
      handler: () => {
        const headers = new Headers({ "content-type": "application/json" });
        headers.append("Set-Cookie", "a=1; Path=/; HttpOnly");
        headers.append("Set-Cookie", "b=2; Path=/; HttpOnly");
        return Promise.resolve(new Response("{}", { headers }));
      },
    },
    { method: "GET", path: "/.well-known/thing.json", handler: () => Promise.resolve(json({ ok: true })) },
  ],
});

const answer = (path: string, init?: RequestInit) => router.answer(new Request(new URL(path, ISSUER), init));
const body = async (response: Response) => (await response.json()) as Record<string, unknown>;

describe("router", () => {
  test("errors come from one catalogue, in each API's Auth0 shape: the Management API's, or the Authentication API's", async () => {
    const management = createRouter({ prefixes: ["/api/v2/"], routes: [] });
    const missing = await management.answer(new Request(new URL("/api/v2/nothing", ISSUER)));
    assert.equal(missing.status, 404);
    assert.deepEqual(await body(missing), { statusCode: 404, error: "Not Found", message: "There is no endpoint at /api/v2/nothing", errorCode: "not_found" });
    const authentication = createRouter({ prefixes: ["/passkey/"], routes: [] });
    const other = await authentication.answer(new Request(new URL("/passkey/nothing", ISSUER)));
    assert.deepEqual(await body(other), { error: "not_found", error_description: "There is no endpoint at /passkey/nothing" });
  });

  test("path parameters are percent-decoded, one segment each", async () => {
    assert.deepEqual(await body(await answer("/api/things/passkey%7Cnew")), { id: "passkey|new" });
    assert.deepEqual(await body(await answer("/api/things/a%2Fb")), { id: "a/b" });
    assert.deepEqual(await body(await answer("/api/things/1/parts/%C3%A9t%C3%A9")), { id: "1", part: "été" });
  });

  test("a parameter that is not valid percent-encoding is a 400, not a 500", async () => {
    const response = await answer("/api/things/%E0%A4%A");
    assert.equal(response.status, 400);
    const error = await body(response);
    assert.equal(error.error, "invalid_request");
    assert.match(String(error.error_description), /percent-encoding/);
  });

  test("the router serves its routes and prefixes only; unknown paths under a prefix are a JSON 404", async () => {
    assert.equal(router.serves("/api/things/1"), true);
    assert.equal(router.serves("/api/nothing/here"), true, "under a prefix");
    assert.equal(router.serves("/.well-known/thing.json"), true, "a route outside the prefixes");
    assert.equal(router.serves("/.well-known/other"), false);
    assert.equal(router.serves("/u/login"), false);
    for (const path of ["/api/nothing", "/api/things", "/api/things/1/", "/api/things//parts/2", "/api/THINGS/1"]) {
      const response = await answer(path);
      assert.equal(response.status, 404, path);
      assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal((await body(response)).error, "not_found", path);
    }
  });

  test("another method on a known path is a 405 naming the allowed ones", async () => {
    const response = await answer("/api/things/1", { method: "PATCH" });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "DELETE, GET, HEAD, OPTIONS");
    assert.deepEqual(Object.keys(await body(response)), ["error", "error_description"]);
    assert.equal((await answer("/api/echo")).headers.get("allow"), "OPTIONS, POST");
  });

  test("HEAD answers as GET without a body; OPTIONS with the methods, unless a route answers it", async () => {
    const head = await answer("/api/things/1", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.match(head.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(await head.text(), "");
    assert.equal((await answer("/api/nothing", { method: "HEAD" })).status, 404);

    const options = await answer("/api/things/1", { method: "OPTIONS" });
    assert.equal(options.status, 204);
    assert.equal(options.headers.get("allow"), "DELETE, GET, HEAD, OPTIONS");
    const own = await answer("/api/echo", { method: "OPTIONS" });
    assert.deepEqual([own.status, own.headers.get("access-control-allow-origin")], [200, "*"]);
  });

  test("a handler that throws is a JSON 500; every answer carries the security headers", async () => {
    const boom = await answer("/api/boom");
    assert.equal(boom.status, 500);
    assert.equal((await body(boom)).error, "server_error");
    for (const response of [boom, await answer("/api/things/1"), await answer("/api/nothing"), await answer("/api/things/1", { method: "OPTIONS" })]) {
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.equal(response.headers.get("referrer-policy"), "no-referrer");
      assert.equal(response.headers.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
    }
  });
});

describe("node adapter", () => {
  let server: Server;
  let port: number;
  const savedIssuer = process.env.ISSUER;

  before(async () => {
    process.env.ISSUER = ISSUER;
    resetConfigForTests();
    server = createServer((req, res) => {
      const url = requestUrl(req, ISSUER);
      if (router.serves(url.pathname)) return void serveWeb(req, res, url, (request) => router.answer(request));
      res.statusCode = 418;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    if (savedIssuer === undefined) delete process.env.ISSUER;
    else process.env.ISSUER = savedIssuer;
    resetConfigForTests();
  });

  // One connection for every request, so a request the server answered early must leave it usable.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  /** One request over a socket, written by hand so Host and chunked bodies are ours to choose. */
  function send(method: string, path: string, headers: Record<string, string>, chunks: string[] = []) {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, agent }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      });
      req.on("error", reject);
      // A chunk at a time, as a slow client sends: the server may answer before the body ends.
      const write = (i: number) => (i < chunks.length ? req.write(chunks[i], () => setTimeout(() => write(i + 1), 1)) : req.end());
      write(0);
    });
  }

  test("the request URL is on the issuer's origin whatever Host says; the body streams in", async () => {
    const answer = await send("POST", "/api/echo?x=1", { host: "evil.example", "content-type": "application/json", "transfer-encoding": "chunked" }, [
      '{"te',
      'xt":"hi"}',
    ]);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(JSON.parse(answer.text), { url: `${ISSUER}/api/echo?x=1`, body: { text: "hi" } });
    assert.equal(answer.headers["x-content-type-options"], "nosniff");
    const absolute = await send("POST", "http://evil.example/api/echo", { "content-type": "application/json", "content-length": "13" }, ['{"text":"hi"}']);
    assert.equal((JSON.parse(absolute.text) as { url: string }).url, `${ISSUER}/api/echo`);
    assert.equal((await send("GET", "//evil.example/api/things/1", {})).status, 418, "a path, not a host");
  });

  test("a body over the cap gets its 413 (the connection is not reset), and the next request on it works", async () => {
    const big = Array.from({ length: 40 }, () => "x".repeat(1024));
    const answer = await send("POST", "/api/echo", { "content-type": "application/json", "transfer-encoding": "chunked" }, big);
    assert.equal(answer.status, 413);
    assert.equal((await send("GET", "/api/things/7", {})).status, 200);
  });

  test("status, every header and each Set-Cookie reach the client; HEAD has no body", async () => {
    const cookies = await send("GET", "/api/cookies", {});
    assert.deepEqual(cookies.headers["set-cookie"], ["a=1; Path=/; HttpOnly", "b=2; Path=/; HttpOnly"]);
    assert.equal(cookies.headers["content-type"], "application/json");
    const head = await send("HEAD", "/api/things/1", {});
    assert.deepEqual([head.status, head.text], [200, ""]);
    const deleted = await send("DELETE", "/api/things/1", {});
    assert.deepEqual([deleted.status, deleted.text], [204, ""]);
  });
});
