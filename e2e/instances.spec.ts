import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import pg from "pg";
import { WEBAUTHN_GRANT } from "../lib/oidc/constants";
import { CuttableProxy } from "../lib/testing/cuttable-proxy";
import { SoftAuthenticator } from "../lib/testing/soft-authenticator";
import { totpCode } from "./fixtures/totp";
import { test, expect } from "./fixtures/authenticator";
import { enterPasswordLogin, expectEnrollmentOffer, expectSignedIn, logOut, signUpWithPasskey, signUpWithPassword, uniqueEmail } from "./flows";

// Identical instances: two production servers on one PostgreSQL database, behind a loopback
// proxy that sends each request to the other instance than the one before. Every journey below
// starts on one instance and finishes on the other, several times over: nothing a login needs
// lives in one process's memory (challenges, interactions, sessions, limits, keys, caches).

const ADMIN_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PROXY_PORT = Number(process.env.E2E_PORT ?? 3200) + 10;
const INSTANCE_PORTS = [PROXY_PORT + 1, PROXY_PORT + 2];
const BASE = `http://localhost:${PROXY_PORT}`;
const MANAGEMENT = { id: "e2e-instances", secret: randomBytes(32).toString("base64url") };

test.use({ baseURL: BASE });
test.describe.configure({ mode: "serial" });

let database: string | undefined;
const instances: ChildProcess[] = [];
const DATABASE_PROXY_PORT = PROXY_PORT + 3;

/** The instances reach PostgreSQL through this, so a test can cut the database away and bring it back. */
let databaseLine: CuttableProxy | undefined;
let proxy: Server | undefined; // both unset until beforeAll gets that far (it skips without PostgreSQL)
const served = [0, 0];

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function reachable(): Promise<boolean> {
  return admin(() => Promise.resolve(true)).catch(() => false);
}

/** GET through an instance directly (with the issuer's Host, which is all it answers). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path: "/.well-known/openid-configuration", headers: { host: `localhost:${PROXY_PORT}` }, agent: false },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("error", () => resolve(false));
    req.end();
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  if (!(await reachable())) {
    if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} (CI requires it)`);
    test.skip(true, `PostgreSQL is not reachable at ${ADMIN_URL}: outside CI only (CI fails above instead)`);
  }
  database = `pul_e2e_${randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  const url = new URL(ADMIN_URL);
  const line = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) }, DATABASE_PROXY_PORT);
  databaseLine = line;
  await line.open();
  url.pathname = `/${database}`;
  url.host = `127.0.0.1:${DATABASE_PROXY_PORT}`;

  // The proxy: each request to the next instance in turn, on a connection of its own.
  const server = createServer((req, res) => {
    const index = (served[0] + served[1]) % 2;
    served[index]++;
    const upstream = httpRequest(
      { host: "127.0.0.1", port: INSTANCE_PORTS[index], method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  });
  proxy = server;
  await new Promise<void>((resolve) => server.listen(PROXY_PORT, "127.0.0.1", resolve));

  for (const port of INSTANCE_PORTS) {
    const child = spawn(process.execPath, [".next/server.mjs"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        ISSUER: BASE,
        DATABASE_URL: url.toString(),
        LOG_LEVEL: "warn",
        MANAGEMENT_CLIENT_ID: MANAGEMENT.id,
        MANAGEMENT_CLIENT_SECRET: MANAGEMENT.secret,
        SIGNUP_RATE_LIMIT: "10000",
        PASSKEY_API_RATE_LIMIT: "10000",
        MANAGEMENT_TOKEN_RATE_LIMIT: "10000",
      },
    });
    instances.push(child);
    await expect.poll(() => answers(port), { timeout: 60_000, intervals: [250] }).toBe(true);
  }
});

test.afterAll(async () => {
  for (const child of instances) child.kill("SIGTERM");
  await Promise.all(instances.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))));
  const started = proxy;
  if (started) await new Promise((resolve) => started.close(resolve));
  await databaseLine?.cut();
  if (database) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
});

/** Runs `journey` and checks that both instances served part of it. */
async function acrossBoth(journey: () => Promise<void>) {
  const before = [...served];
  await journey();
  expect(served[0] - before[0], "requests the first instance served").toBeGreaterThan(0);
  expect(served[1] - before[1], "requests the second instance served").toBeGreaterThan(0);
}

async function managementToken(request: import("@playwright/test").APIRequestContext): Promise<string> {
  const response = await request.post("/oauth/token", {
    data: { grant_type: "client_credentials", client_id: MANAGEMENT.id, client_secret: MANAGEMENT.secret, audience: `${BASE}/api/v2/` },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

test("a hosted passkey signup and login, each request on the other instance", async ({ page, authenticator }) => {
  await acrossBoth(async () => {
    const email = uniqueEmail("instances-passkey");
    await signUpWithPasskey(page, email);
    await logOut(page);
    // The button: the options from one instance, the assertion checked by the other.
    await authenticator.setPresence(false);
    await page.getByRole("link", { name: "Log in" }).click();
    await expect(page.locator("form[data-conditional=pending]")).toBeVisible();
    await authenticator.setPresence(true);
    await page.getByRole("button", { name: "Continue with a passkey" }).click();
    await expectSignedIn(page, email, "phr");
    await logOut(page);
    // Autofill likewise.
    await page.getByRole("link", { name: "Log in" }).click();
    await expectSignedIn(page, email, "phr");
  });
});

test("a password login with progressive enrollment, then a Management API policy change and MFA", async ({ page, request }) => {
  const email = uniqueEmail("instances-mfa");
  const token = await managementToken(request);
  const auth = { authorization: `Bearer ${token}` };
  const connections = (await (await request.get("/api/v2/connections", { headers: auth })).json()) as { id: string; is_default: boolean }[];
  const connection = connections.find((c) => c.is_default)!.id;
  await acrossBoth(async () => {
    await signUpWithPassword(page, email);
    await logOut(page);
    await enterPasswordLogin(page, email);
    await expectEnrollmentOffer(page);
    await page.getByRole("button", { name: "Remind me later" }).click();
    await expectSignedIn(page, email, "pwd");
    await logOut(page);

    // The change is made through one instance; the next login, on either, requires MFA.
    expect((await request.patch(`/api/v2/connections/${connection}`, { headers: auth, data: { options: { mfa: { required: true } } } })).status()).toBe(200);
    try {
      await enterPasswordLogin(page, email);
      await expect(page).toHaveURL(/\/u\/mfa\/enroll\?state=/);
      const secret = (await page.getByTestId("totp-secret").textContent())!;
      await page.getByLabel("Code from the app").fill(await totpCode(secret));
      await page.getByRole("button", { name: "Verify and continue" }).click();
      await expectSignedIn(page, email, ["pwd", "otp", "mfa"]);
    } finally {
      await request.patch(`/api/v2/connections/${connection}`, { headers: auth, data: { options: { mfa: { required: false } } } });
    }
  });
});

test("a native passkey signup: the challenge from one instance, the token from the other", async ({ request }) => {
  const token = await managementToken(request);
  const app = await request.post("/api/v2/clients", {
    headers: { authorization: `Bearer ${token}` },
    data: { name: "Instances app", app_type: "native", grant_types: [WEBAUTHN_GRANT] },
  });
  expect(app.status()).toBe(201);
  const clientId = ((await app.json()) as { client_id: string }).client_id;
  await acrossBoth(async () => {
    for (let i = 0; i < 2; i++) {
      const started = await request.post("/passkey/register", { data: { client_id: clientId, user_profile: { email: uniqueEmail("instances-native") } } });
      expect(started.status(), await started.text()).toBe(200);
      const { auth_session, authn_params_public_key } = (await started.json()) as {
        auth_session: string;
        authn_params_public_key: PublicKeyCredentialCreationOptionsJSON;
      };
      const response = new SoftAuthenticator().register(authn_params_public_key, { origin: BASE });
      const tokens = await request.post("/oauth/token", {
        data: { grant_type: WEBAUTHN_GRANT, client_id: clientId, auth_session, authn_response: response, scope: "openid" },
      });
      expect(tokens.status(), await tokens.text()).toBe(200);
      expect(((await tokens.json()) as { id_token?: string }).id_token).toBeTruthy();
    }
  });
});

test("the brute-force limit counts across both instances", async ({ page }) => {
  const email = uniqueEmail("instances-limit");
  await signUpWithPassword(page, email);
  await logOut(page);
  await acrossBoth(async () => {
    for (let i = 1; i <= 10; i++) {
      await enterPasswordLogin(page, email, "a wrong password");
      await expect(page.getByTestId("error")).toHaveText(i < 10 ? "Wrong email or password." : /Too many failed attempts for this email from your network/);
    }
    await enterPasswordLogin(page, email);
    await expect(page.getByTestId("error")).toHaveText(/Too many failed attempts for this email from your network/);
  });
});

test("with the database cut, both instances answer 503: the translated page, the APIs' temporarily_unavailable; then recover", async ({ page, request }) => {
  const token = await managementToken(request);
  const auth = { authorization: `Bearer ${token}` };
  await databaseLine!.cut();
  try {
    await acrossBoth(async () => {
      for (let i = 0; i < 2; i++) {
        const answer = await page.goto("/u/login?state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        expect(answer?.status()).toBe(503);
        expect(answer?.headers()["retry-after"]).toBe("5");
        await expect(page.getByRole("heading", { name: "Try again in a moment" })).toBeVisible();
        const api = await request.get("/api/v2/clients", { headers: auth });
        expect(api.status()).toBe(503);
        expect(await api.json()).toMatchObject({ statusCode: 503, errorCode: "temporarily_unavailable" });
      }
      await page.context().addCookies([{ name: "NEXT_LOCALE", value: "fr", url: BASE }]);
      await page.goto("/u/login?state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
      await expect(page.getByRole("heading", { name: "Réessayez dans un instant" })).toBeVisible();
    });
  } finally {
    await databaseLine!.open();
  }
  // Back by themselves: no restart.
  await expect.poll(async () => (await request.get("/api/v2/clients", { headers: auth })).status(), { timeout: 20_000 }).toBe(200);
  await expect.poll(async () => (await request.get("/api/v2/clients", { headers: auth })).status(), { timeout: 20_000 }).toBe(200);
  await page.context().clearCookies();
  await page.goto("/demo");
  await expect(page.getByTestId("signed-out")).toBeVisible();
});
