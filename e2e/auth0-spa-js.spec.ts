import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test, type APIRequestContext, type Browser, type Page, request as playwrightRequest } from "@playwright/test";
import { WEBAUTHN_GRANT } from "../lib/oidc/constants";
import { makeCertificate, startTlsTerminator, type TlsTerminator } from "../lib/testing/tls";
import { VirtualAuthenticator } from "./fixtures/authenticator";
import { PASSWORD, uniqueEmail } from "./flows";

// Auth0's browser SDK, `@auth0/auth0-spa-js` 2.28.3 unmodified, in Chromium, as a customer's
// single-page app uses it. The SDK only speaks https to a bare `domain`, so this spec runs its own
// production server behind a loopback TLS terminator (https://localhost:A, the issuer), and serves
// the app from a second one (https://localhost:B: another origin, the same site). Both share a
// certificate the spec makes, which Chromium trusts by its key (--ignore-certificate-errors-spki-list),
// so the pages have no TLS error and WebAuthn works on them.

const SERVER_PORT = Number(process.env.E2E_PORT ?? 3200) + 20;
const MANAGEMENT = { id: "e2e-spa", secret: randomBytes(32).toString("base64url") };
const SPA_JS = readFileSync(join(process.cwd(), "node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js"), "utf8");
// The app's page: the SDK, and a place to keep its clients between calls from the spec.
const SPA_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Browser app</title>
<script src="/auth0-spa-js.js"></script></head><body><h1>Browser app</h1>
<script>window.clients = {};</script></body></html>`;

test.describe.configure({ mode: "serial" });

const certificate = makeCertificate();
let service: TlsTerminator;
let app: TlsTerminator;
let appServer: Server;
let server: ChildProcess | undefined;
let dataDir: string;
let browser: Browser;
let api: APIRequestContext;
let clientId: string;
let authorization: string; // the operator's Management API token

/** The service answers on its own port, addressed by its public host (all it answers to). */
function answers(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: SERVER_PORT, path: "/.well-known/openid-configuration", headers: { host: new URL(service.origin).host }, agent: false },
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
  service = await startTlsTerminator(certificate);
  app = await startTlsTerminator(certificate);
  appServer = createServer((req, res) => {
    if (req.url === "/auth0-spa-js.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(SPA_JS);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(SPA_PAGE);
  });
  await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
  app.forwardTo(`http://127.0.0.1:${(appServer.address() as AddressInfo).port}`);

  dataDir = mkdtempSync(join(tmpdir(), "pul-e2e-spa-"));
  server = spawn(process.execPath, [".next/server.mjs"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(SERVER_PORT),
      ISSUER: service.origin,
      PGLITE_DIR: join(dataDir, "pglite"),
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      MANAGEMENT_CLIENT_ID: MANAGEMENT.id,
      MANAGEMENT_CLIENT_SECRET: MANAGEMENT.secret,
      SIGNUP_RATE_LIMIT: "10000",
      PASSKEY_API_RATE_LIMIT: "10000",
      MANAGEMENT_TOKEN_RATE_LIMIT: "10000",
    },
  });
  service.forwardTo(`http://127.0.0.1:${SERVER_PORT}`);
  await expect.poll(answers, { timeout: 60_000, intervals: [250] }).toBe(true);

  // The operator registers the app as Auth0's docs say: a SPA with its origin as callback,
  // web origin and logout URL, refresh tokens and the passkey grant.
  api = await playwrightRequest.newContext({ baseURL: service.origin, ignoreHTTPSErrors: true });
  const token = await api.post("/oauth/token", {
    data: { grant_type: "client_credentials", client_id: MANAGEMENT.id, client_secret: MANAGEMENT.secret, audience: `${service.origin}/api/v2/` },
  });
  expect(token.status(), await token.text()).toBe(200);
  authorization = `Bearer ${((await token.json()) as { access_token: string }).access_token}`;
  const created = await api.post("/api/v2/clients", {
    headers: { authorization },
    data: {
      name: "Browser app",
      app_type: "spa",
      callbacks: [`${app.origin}/`],
      allowed_logout_urls: [`${app.origin}/signed-out`],
      web_origins: [app.origin],
      grant_types: ["authorization_code", "refresh_token", WEBAUTHN_GRANT],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  clientId = ((await created.json()) as { client_id: string }).client_id;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", `--ignore-certificate-errors-spki-list=${certificate.spki}`],
  });
});

test.afterAll(async () => {
  await browser.close();
  await api.dispose();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await app.close();
  await service.close();
  await new Promise((resolve) => appServer.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(certificate.dir, { recursive: true, force: true });
});

type SpaClient = {
  passkey: { signup(o: object): Promise<unknown>; login(o?: object): Promise<unknown> };
  getUser(): Promise<Record<string, unknown> | undefined>;
  isAuthenticated(): Promise<boolean>;
  getTokenSilently(o?: object): Promise<string>;
  loginWithRedirect(o?: object): Promise<void>;
  handleRedirectCallback(): Promise<{ appState?: unknown }>;
  logout(o?: object): Promise<void>;
};
type AppWindow = { auth0: { createAuth0Client(o: object): Promise<SpaClient> }; clients: Record<string, SpaClient> };

/** A new spa-js client named `name` on the app's page (createAuth0Client also checks for a session, silently). */
async function makeClient(page: Page, name: string, options: { useRefreshTokens: boolean; timeoutSeconds?: number }) {
  const domain = new URL(service.origin).host; // bare, as Auth0's dashboard shows it
  // Right after a redirect back to the app, its page may still be loading the SDK's script.
  await page.waitForFunction(() => "auth0" in window);
  await page.evaluate(
    async ({ name, domain, clientId, redirect, useRefreshTokens, timeoutSeconds }) => {
      const w = window as unknown as AppWindow;
      w.clients[name] = await w.auth0.createAuth0Client({
        domain,
        clientId,
        useRefreshTokens,
        authorizeTimeoutInSeconds: timeoutSeconds,
        authorizationParams: { redirect_uri: redirect, scope: "openid profile email offline_access" },
      });
    },
    { name, domain, clientId, redirect: `${app.origin}/`, useRefreshTokens: options.useRefreshTokens, timeoutSeconds: options.timeoutSeconds ?? 10 },
  );
}

/** Runs `method` of client `name` in the page and returns its result (an error comes back as { error }). */
function spa<T>(page: Page, name: string, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    async ({ name, method, args }) => {
      const client = (window as unknown as AppWindow).clients[name] as unknown as Record<string, unknown>;
      const [owner, fn] = method.startsWith("passkey.") ? [client.passkey as Record<string, unknown>, method.slice(8)] : [client, method];
      try {
        return (await (owner[fn] as (...a: unknown[]) => Promise<unknown>).apply(owner, args)) ?? null;
      } catch (e) {
        const error = e as { error?: string; message?: string };
        return { error: error.error ?? "unknown", message: error.message };
      }
    },
    { name, method, args },
  ) as Promise<T>;
}

async function setWebOrigins(origins: string[]) {
  const patched = await api.patch(`/api/v2/clients/${clientId}`, { headers: { authorization }, data: { web_origins: origins } });
  expect(patched.status(), await patched.text()).toBe(200);
}

async function appPage(): Promise<{ page: Page; authenticator: VirtualAuthenticator }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const authenticator = await VirtualAuthenticator.attach(page);
  await page.goto(`${app.origin}/`);
  return { page, authenticator };
}

test("passkey.signup and passkey.login: the SDK's tokens, user and cache", async () => {
  const { page, authenticator } = await appPage();
  await makeClient(page, "a", { useRefreshTokens: true });
  const email = uniqueEmail("spa");
  const signup = await spa<Record<string, unknown>>(page, "a", "passkey.signup", { email, givenName: "Ada", familyName: "Lovelace" });
  expect(signup.error, JSON.stringify(signup)).toBeUndefined();
  expect(typeof signup.access_token).toBe("string");
  const user = await spa<Record<string, unknown>>(page, "a", "getUser");
  expect([user.email, user.given_name, user.family_name]).toEqual([email, "Ada", "Lovelace"]);
  expect(await spa(page, "a", "isAuthenticated")).toBe(true);
  expect(await spa(page, "a", "getTokenSilently")).toBe(signup.access_token);
  expect(await authenticator.credentials()).toHaveLength(1);

  // A new page (the SDK's memory cache is empty): the passkey signs the user in again.
  await page.reload();
  await makeClient(page, "b", { useRefreshTokens: true });
  expect(await spa(page, "b", "isAuthenticated")).toBe(false);
  const login = await spa<Record<string, unknown>>(page, "b", "passkey.login");
  expect(login.error, JSON.stringify(login)).toBeUndefined();
  const again = await spa<Record<string, unknown>>(page, "b", "getUser");
  expect([again.sub, again.email]).toEqual([user.sub, email]);
  // With useRefreshTokens, a fresh access token comes from the refresh token (in the SDK's worker).
  const refreshed = await spa<string>(page, "b", "getTokenSilently", { cacheMode: "off" });
  expect(typeof refreshed).toBe("string");
  expect(refreshed).not.toBe(login.access_token);
  await page.context().close();
});

test("loginWithRedirect, handleRedirectCallback, getTokenSilently by refresh token and by iframe, logout", async () => {
  const { page } = await appPage();
  await makeClient(page, "r", { useRefreshTokens: true });
  expect(await spa(page, "r", "isAuthenticated")).toBe(false);
  const email = uniqueEmail("spa-redirect");
  await spa(page, "r", "loginWithRedirect", { authorizationParams: { screen_hint: "signup" }, appState: { target: "/after" } });
  await expect(page).toHaveURL(new RegExp(`^${service.origin}/u/signup\\?state=`));
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("link", { name: "Use a password instead" }).click();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(new RegExp(`^${app.origin}/\\?code=`));

  await makeClient(page, "r", { useRefreshTokens: true });
  const callback = await spa<{ appState: unknown }>(page, "r", "handleRedirectCallback");
  expect(callback.appState).toEqual({ target: "/after" });
  const user = await spa<Record<string, unknown>>(page, "r", "getUser");
  expect(user.email).toBe(email);
  const first = await spa<string>(page, "r", "getTokenSilently");
  const second = await spa<string>(page, "r", "getTokenSilently", { cacheMode: "off" });
  const third = await spa<string>(page, "r", "getTokenSilently", { cacheMode: "off" });
  expect(new Set([first, second, third]).size, "each refresh gives a new access token (and rotates the refresh token)").toBe(3);

  // Without refresh tokens the SDK asks in a hidden iframe (prompt=none, response_mode=web_message),
  // which rides on the session the hosted page made.
  await makeClient(page, "i", { useRefreshTokens: false });
  const silent = await spa<string>(page, "i", "getTokenSilently", { cacheMode: "off" });
  expect(typeof silent, JSON.stringify(silent)).toBe("string");
  expect((await spa<Record<string, unknown>>(page, "i", "getUser")).email).toBe(email);
  // The answer's page may be framed by the app's web origins only: once the app's origin is not
  // one, Chromium refuses to show it in the iframe and the SDK hears nothing.
  const refusedFrames: string[] = [];
  page.on("console", (message) => {
    if (/frame-ancestors/.test(message.text())) refusedFrames.push(message.text());
  });
  await setWebOrigins([]);
  await makeClient(page, "unframed", { useRefreshTokens: false, timeoutSeconds: 3 });
  expect((await spa<{ error: string }>(page, "unframed", "getTokenSilently", { cacheMode: "off" })).error).toBe("timeout");
  expect(refusedFrames.length).toBeGreaterThan(0);
  await setWebOrigins([app.origin]);

  await spa(page, "r", "logout", { logoutParams: { returnTo: `${app.origin}/signed-out` } });
  await expect(page).toHaveURL(`${app.origin}/signed-out`);
  await makeClient(page, "after", { useRefreshTokens: false });
  expect(await spa(page, "after", "isAuthenticated")).toBe(false);
  const refused = await spa<{ error: string }>(page, "after", "getTokenSilently", { cacheMode: "off" });
  expect(refused.error).toBe("login_required");
  await page.context().close();
});
