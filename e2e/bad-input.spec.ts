import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { test, expect } from "./fixtures/authenticator";

// The bad-input corpus: hundreds of requests built from a few tables (endpoints × the ways input
// goes wrong: types, lengths, encodings, unicode, NUL, deep nesting, huge bodies, wrong methods,
// content types, hosts and origins), sent raw (node:http: no client library tidies a path or a
// header) to the production server. Every answer is a 4xx (or, where OAuth says so, a redirect
// carrying `error=` back to the registered client) with a readable error, never a 5xx and never
// a stack; and the corpus leaves no user, client or grant behind.

const base = new URL(process.env.E2E_BASE_URL!);

type Case = { name: string; method: string; path: string; headers?: Record<string, string>; body?: string | Buffer; json?: boolean };
type Answer = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

function send(c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { host: base.host, ...c.headers };
    if (c.body !== undefined) headers["content-length"] = Buffer.byteLength(c.body);
    // A connection of its own per case (agent: false): one case's unread body cannot spoil the next.
    const req = httpRequest({ host: base.hostname, port: base.port, method: c.method, path: c.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", (error) => reject(new Error(`${c.name}: ${error.message}`)));
    req.end(c.body);
  });
}

// Values that go wrong in a string field, and in a JSON field of any type.
const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const BAD_TEXT = [
  "",
  " ",
  "a\u0000b",
  "\u202eevil",
  "😀".repeat(300),
  "x".repeat(20_000),
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "../../etc/passwd",
  "%00",
  "\ud800",
];
const BAD_JSON: unknown[] = [null, true, 0, -1, 1e308, [], {}, { $gt: "" }, "a\u0000b", "x".repeat(20_000), "\ud800", JSON.parse(deep(50))];
const BAD_BODIES: [string, string, string][] = [
  ["empty", "application/json", ""],
  ["broken JSON", "application/json", "{{"],
  ["JSON null", "application/json", "null"],
  ["JSON array", "application/json", "[]"],
  ["5,000-deep JSON", "application/json", deep(5000)],
  ["200 KB", "application/json", JSON.stringify({ a: "x".repeat(200_000) })],
  ["text/plain", "text/plain", "{}"],
  ["form", "application/x-www-form-urlencoded", "a=b"],
  ["multipart junk", "multipart/form-data; boundary=zz", "garbage"],
  ["NUL in JSON", "application/json", '{"a":"\\u0000"}'],
  ["invalid UTF-8", "application/json", '{"a":"\xff\xfe"}'],
];
const BAD_IDS = ["%E0%A4%A", "%00", "a%00b", "x".repeat(3000), "%F0%9F%98%80", "..%2F..%2Fetc", "%25", "'%20OR%201%3D1"];

function corpus(token: string, actionIds: string[]): Case[] {
  const cases: Case[] = [];
  const auth = { authorization: `Bearer ${token}` };
  const jsonBody = (value: unknown) => JSON.stringify(value);

  // JSON endpoints: each field of each body gets each bad value; each endpoint each bad body.
  const bodies: [string, string, Record<string, string>, string[]][] = [
    ["POST", "/passkey/register", {}, ["client_id", "realm", "user_profile", "client_secret"]],
    ["POST", "/passkey/challenge", {}, ["client_id", "realm", "client_secret"]],
    ["POST", "/dbconnections/signup", {}, ["client_id", "connection", "email", "password", "given_name", "user_metadata"]],
    ["POST", "/api/v2/users", auth, ["connection", "email", "password", "name", "picture", "app_metadata", "blocked"]],
    ["POST", "/api/v2/clients", auth, ["name", "app_type", "grant_types", "callbacks", "web_origins", "mobile", "first_party"]],
    ["POST", "/api/v2/client-grants", auth, ["client_id", "audience", "scope"]],
    ["PATCH", "/api/v2/tenants/settings", auth, ["mfa", "branding", "passkey_rp_id"]],
    ["POST", "/me/v1/authentication-methods", auth, ["type", "connection", "identity_user_id"]],
  ];
  for (const [method, path, headers, fields] of bodies) {
    for (const field of fields)
      for (const value of BAD_JSON.filter((v) => !(path.endsWith("/settings") && field === "branding" && JSON.stringify(v) === "{}")))
        cases.push({
          name: `${method} ${path} ${field}=${JSON.stringify(value).slice(0, 20)}`,
          method,
          path,
          headers: { ...headers, "content-type": "application/json" },
          body: jsonBody({ [field]: value }),
          json: true,
        });
    for (const [label, type, body] of BAD_BODIES)
      cases.push({ name: `${method} ${path} body ${label}`, method, path, headers: { ...headers, "content-type": type }, body, json: true });
    cases.push({ name: `${method} ${path} no content type`, method, path, headers, body: "{}", json: true });
  }

  // Ids in paths, unreadable or unknown, on every API that takes one.
  for (const path of [
    "/api/v2/clients/",
    "/api/v2/users/",
    "/api/v2/logs/",
    "/api/v2/connections/",
    "/api/v2/user-blocks/",
    "/api/v2/users/ID/authentication-methods",
    "/me/v1/authentication-methods/",
    "/api/v2/client-grants/",
  ]) {
    for (const id of BAD_IDS) {
      const target = path.includes("ID") ? path.replace("ID", id) : path + id;
      const method = path.startsWith("/api/v2/client-grants/") ? "DELETE" : "GET";
      cases.push({ name: `${method} ${target.slice(0, 60)}`, method, path: target, headers: auth, json: true });
    }
  }

  // Query strings of the lists: numbers that are not, and text no filter can take.
  const NOT_NUMBERS = ["-1", "1e309", "abc", "[]", "%F0%9F%98%80"];
  const NOT_TEXT = ["%E0%A4%A", "%00", "x".repeat(5000)];
  for (const [path, numbers, texts] of [
    ["/api/v2/users", ["page", "per_page", "include_totals"], ["email", "q", "search_engine", "fields"]],
    ["/api/v2/users-by-email", [], ["email", "fields"]],
    ["/api/v2/logs", ["page", "per_page", "take"], ["from", "q", "search", "type", "user_id"]],
    ["/api/v2/clients", ["page", "per_page", "include_totals"], ["fields", "app_type", "is_global"]],
    ["/api/v2/connections", ["take", "per_page"], ["from", "fields", "name"]],
    ["/api/v2/client-grants", ["take"], ["client_id", "audience", "from"]],
    ["/api/v2/user-blocks", [], ["identifier"]],
  ] as const) {
    for (const [param, value] of [...numbers.flatMap((p) => NOT_NUMBERS.map((v) => [p, v])), ...texts.flatMap((p) => NOT_TEXT.map((v) => [p, v]))]) {
      cases.push({ name: `GET ${path}?${param}=${value.slice(0, 12)}`, method: "GET", path: `${path}?${param}=${value}`, headers: auth, json: true });
    }
  }

  // Tokens the APIs must refuse.
  for (const path of ["/api/v2/clients", "/me/v1/authentication-methods", "/userinfo"]) {
    for (const value of [
      "",
      "Bearer",
      "Bearer ",
      "Bearer x",
      "Bearer a.b.c",
      "Basic Zm9vOmJhcg==",
      `Bearer ${"x".repeat(9000)}`,
      "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
    ]) {
      cases.push({ name: `GET ${path} authorization ${value.slice(0, 16)}`, method: "GET", path, headers: { authorization: value }, json: true });
    }
  }

  // The provider: /authorize parameters and the token endpoint's.
  const authorize = [
    "client_id",
    "response_type",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "max_age",
    "login_hint",
    "ui_locales",
    "screen_hint",
    "audience",
    "response_mode",
  ];
  for (const param of authorize)
    for (const value of ["", "%00", "a%00b", "%E0%A4%A", "x".repeat(5000), "%F0%9F%98%80", "%3Cscript%3E"]) {
      cases.push({
        name: `GET /authorize ${param}=${value.slice(0, 12)}`,
        method: "GET",
        path: `/authorize?client_id=demo&response_type=code&${param}=${value}`,
      });
    }
  const tokenParams = [
    "grant_type",
    "client_id",
    "client_secret",
    "code",
    "redirect_uri",
    "code_verifier",
    "refresh_token",
    "audience",
    "scope",
    "auth_session",
    "authn_response",
  ];
  for (const param of tokenParams)
    for (const value of BAD_TEXT) {
      cases.push({
        name: `POST /oauth/token form ${param}=${JSON.stringify(value).slice(0, 14)}`,
        method: "POST",
        path: "/oauth/token",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", [param]: value }).toString(),
        json: true,
      });
    }
  for (const value of BAD_JSON) {
    cases.push({
      name: `POST /oauth/token JSON grant_type=${JSON.stringify(value).slice(0, 14)}`,
      method: "POST",
      path: "/oauth/token",
      headers: { "content-type": "application/json" },
      body: jsonBody({ grant_type: value, client_id: value }),
      json: true,
    });
  }
  for (const [label, type, body] of BAD_BODIES) {
    for (const path of ["/oauth/token", "/oauth/revoke", "/oauth/introspect"])
      cases.push({ name: `POST ${path} body ${label}`, method: "POST", path, headers: { "content-type": type }, body, json: true });
  }
  for (const value of ["x", "a.b.c", "%00", "%E0%A4%A"]) {
    cases.push({
      name: `GET /oidc/logout id_token_hint=${value}`,
      method: "GET",
      path: `/oidc/logout?id_token_hint=${value}&post_logout_redirect_uri=https://evil.example/`,
    });
  }
  for (const query of [
    "returnTo=javascript:alert(1)&client_id=demo",
    "client_id=demo&client_id=demo",
    "returnTo=%E0%A4%A&client_id=%00",
    "client_id=nobody&returnTo=https://evil.example/",
  ]) {
    cases.push({ name: `GET /v2/logout?${query}`, method: "GET", path: `/v2/logout?${query}` });
  }

  // The hosted pages with a state that names nothing, or cannot be read.
  for (const page of [
    "/u/login",
    "/u/login/password",
    "/u/login/passkey",
    "/u/signup",
    "/u/signup/password",
    "/u/signup/passkey",
    "/u/mfa",
    "/u/mfa/enroll",
    "/u/passkey-enrollment",
    "/u/passkey-enrollment/local",
    "/u/consent",
    "/u/reset-password",
    "/u/reset-password/sent",
  ]) {
    for (const state of ["", "bogus", "x".repeat(5000), "%E0%A4%A", "%00", "%F0%9F%98%80"])
      cases.push({ name: `GET ${page}?state=${state.slice(0, 10)}`, method: "GET", path: `${page}?state=${state}` });
  }

  // Recovery links that name no ticket, or cannot be read.
  for (const ticket of ["", "bogus", "x".repeat(43), "x".repeat(5000), "%E0%A4%A", "%00"])
    cases.push({ name: `GET /u/reset-password/new?ticket=${ticket.slice(0, 10)}`, method: "GET", path: `/u/reset-password/new?ticket=${ticket}` });

  // Server actions: unreadable bodies from the right origin; any body from a wrong one.
  for (const id of actionIds) {
    const action = { "next-action": id, origin: base.origin };
    for (const [label, type, body] of [
      ["empty", "text/plain;charset=UTF-8", ""],
      ["broken", "text/plain;charset=UTF-8", "{{"],
      ["deep", "text/plain;charset=UTF-8", deep(5000)],
      ["wrong types", "text/plain;charset=UTF-8", '[{"$ACTION":1},null,1e309]'],
      ["multipart", "multipart/form-data; boundary=zz", "junk"],
    ]) {
      cases.push({
        name: `action ${id.slice(0, 8)} ${label}`,
        method: "POST",
        path: "/u/login?state=bogus",
        headers: { ...action, "content-type": type },
        body,
      });
    }
    for (const origin of ["https://evil.example", "null", ""]) {
      cases.push({
        name: `action ${id.slice(0, 8)} origin '${origin}'`,
        method: "POST",
        path: "/u/login?state=bogus",
        headers: { "next-action": id, origin, "content-type": "text/plain;charset=UTF-8" },
        body: '["x"]',
        json: true,
      });
    }
  }

  // Methods nobody serves, and hosts that are not ours, everywhere.
  const paths = [
    "/",
    "/u/login",
    "/authorize",
    "/oauth/token",
    "/api/v2/clients",
    "/passkey/challenge",
    "/me/v1/authentication-methods",
    "/.well-known/openid-configuration",
    "/demo",
    "/_next/static/x.js",
  ];
  for (const path of paths) {
    for (const method of ["TRACE", "PROPFIND", "FOO"]) cases.push({ name: `${method} ${path}`, method, path, json: true });
    for (const host of ["evil.example", `${base.hostname}.evil.example`, "127.0.0.1", `${base.host}@evil.example`])
      cases.push({ name: `Host ${host} ${path}`, method: "GET", path, headers: { host }, json: true });
  }
  return cases;
}

function serverActionIds(): string[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, unknown> };
  return Object.keys(manifest.node);
}

test("the bad-input corpus: every case gets a 4xx with a readable error, and nothing is half-written", async ({ request }) => {
  test.setTimeout(240_000);
  const tokenResponse = await request.post("/oauth/token", {
    data: {
      grant_type: "client_credentials",
      client_id: process.env.E2E_MANAGEMENT_CLIENT_ID,
      client_secret: process.env.E2E_MANAGEMENT_CLIENT_SECRET,
      audience: `${base.origin}/api/v2/`,
    },
  });
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const counts = async () => {
    const auth = { authorization: `Bearer ${token}` };
    const users = ((await (await request.get("/api/v2/users?include_totals=true&per_page=1", { headers: auth })).json()) as { total: number }).total;
    const clients = ((await (await request.get("/api/v2/clients", { headers: auth })).json()) as unknown[]).length;
    const grants = ((await (await request.get("/api/v2/client-grants", { headers: auth })).json()) as unknown[]).length;
    return { users, clients, grants };
  };
  const before = await counts();
  const cases = corpus(token, serverActionIds());
  expect(cases.length).toBeGreaterThanOrEqual(500);

  const wrong: string[] = [];
  for (const c of cases) {
    const answer = await send(c);
    const location = String(answer.headers.location ?? "");
    const redirectWithError = answer.status === 303 && /[?&]error=/.test(location) && !location.includes("evil.example");
    const clientError = answer.status >= 400 && answer.status < 500;
    const pageAnswer = !c.json && answer.status === 200 && /expired|no longer valid|no longer works|"error":"link_invalid"/i.test(answer.text);
    if (!(clientError || redirectWithError || pageAnswer)) wrong.push(`${c.name}: ${answer.status} ${answer.text.slice(0, 120)}`);
    else if (/\bat [\w.<>]+ \(|node_modules/.test(answer.text)) wrong.push(`${c.name}: a stack trace in the answer`);
    else if (c.json && clientError && answer.text && !/"error"/.test(answer.text))
      wrong.push(`${c.name}: ${answer.status} without an error code: ${answer.text.slice(0, 80)}`);
  }
  expect(wrong, `${wrong.length} of ${cases.length} cases`).toEqual([]);
  expect(await counts()).toEqual(before);
  console.log(`bad-input corpus: ${cases.length} cases, all refused cleanly`);
});
