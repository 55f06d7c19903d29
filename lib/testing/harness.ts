// Runs the OIDC provider for tests without Next.js: a fresh database (PGlite in a temp dir, or a
// throwaway database on the PostgreSQL server DATABASE_URL names), migrated and seeded, and the
// provider listening on a random localhost port that is also its issuer. A small cookie-jar
// "browser" drives /authorize the way a real one would, one redirect at a time.
//
//   const h = await startHarness();
//   after(() => h.close());
//   const browser = h.browser();
//   const start = await startAuthorization(h, browser);   // → 303 /u/login?state=<uid>
//
// lib/db.ts and lib/config.ts read the environment once and cache what they read, so a harness
// must be started before anything touches db() or config(), and only one per process (node:test
// runs each test file in its own process).

import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";
import { migrate } from "../../scripts/db-migrate";
import { seed } from "../../prisma/seed";
import { DEMO_CLIENT_ID } from "../../prisma/seed-constants";
import { mailSettled } from "../mail/mailer";
import { resetConfigForTests } from "../config";
import { closeLimits } from "../limits";
import { startConfigListener, stopConfigListener } from "../config-cache";
import { runningProvider, setProviderFactory } from "../oidc/instance";
import { createProvider } from "../oidc/provider";
import { requestHandler } from "../serve";
import { issuerSite } from "../sites";
import { Browser } from "./browser";
import { freshDatabase, type FreshDatabase } from "./database";
import { unsetEnv } from "./env";

export { freshDatabase, type FreshDatabase };
export { Browser };

// ---------------------------------------------------------------------------------------------
// The provider on a random port

export type Harness = {
  /** http://localhost:<port>: the public origin (pages, endpoints, WebAuthn origin), and where the server listens (unless publicOrigin says otherwise). */
  origin: string;
  /** The OIDC issuer: the origin with a trailing slash. */
  issuer: string;
  /** Where the server listens: http://localhost:<port>. */
  listening: string;
  provider: Provider;
  database: FreshDatabase;
  /** A new browser (empty cookie jar) talking to this issuer. */
  browser(): Browser;
  /** Stops the server, closes and drops the database, restores the environment. */
  close(): Promise<void>;
};

// Settings a developer's shell may hold that would make the tests talk about another origin or
// use other keys; cleared for the harness and restored afterwards.
const ENVIRONMENT = ["ISSUER", "PORT", "RP_ID", "RP_NAME", "RP_ORIGINS", "DEMO_ENABLED", "OIDC_JWKS", "COOKIE_KEYS", "TRUST_PROXY", "SMTP_URL", "MAIL_FROM"];

export type HarnessOptions = {
  /** The issuer when a proxy in front answers for the harness (a TLS terminator: lib/testing/tls.ts). */
  publicOrigin?: string;
  /** Where mail goes (lib/testing/smtp.ts starts a server); unset: the development outbox. */
  smtpUrl?: string;
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const savedEnv = Object.fromEntries(ENVIRONMENT.map((k) => [k, process.env[k]]));
  unsetEnv(...ENVIRONMENT);

  // Listen first (port 0: the kernel picks a free port), so the issuer can name the real port
  // before config() is first read; requests are answered once the provider is attached.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "localhost", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = options.publicOrigin ?? `http://localhost:${port}`;
  process.env.ISSUER = origin;
  if (options.smtpUrl) process.env.SMTP_URL = options.smtpUrl;
  // Every test signs up and asks for tokens from one address: those limits are raised unless a
  // test sets them (lib/limits.test.ts does); the brute-force limits keep their real values.
  const raised = ["SIGNUP_RATE_LIMIT", "MANAGEMENT_TOKEN_RATE_LIMIT"].filter((k) => process.env[k] === undefined);
  for (const k of raised) process.env[k] = "100000";
  resetConfigForTests();
  closeLimits();

  let database: FreshDatabase | undefined;
  try {
    database = await freshDatabase();
    await migrate();
    await seed();
    // As server.ts does: configuration is cached while changes can be heard (lib/config-cache.ts).
    await startConfigListener();
    setProviderFactory(createProvider);
    const { provider } = await runningProvider(await issuerSite());
    // As server.ts serves (lib/serve.ts), but the pages would be Next.js, absent here.
    server.on(
      "request",
      requestHandler((_req, res) => {
        res.statusCode = 404;
        res.end("not a provider path (Next.js is not running in tests)");
      }),
    );

    const db = database;
    return {
      origin,
      issuer: `${origin}/`,
      listening: `http://localhost:${port}`,
      provider,
      database: db,
      browser: () => new Browser(origin),
      async close() {
        await stopServer(server);
        await mailSettled(); // mail still being written (the outbox) would hold the database open
        await stopConfigListener();
        await db.drop();
        for (const [k, v] of Object.entries(savedEnv)) {
          if (v === undefined) unsetEnv(k);
          else process.env[k] = v;
        }
        unsetEnv(...raised);
        resetConfigForTests();
        closeLimits();
      },
    };
  } catch (error) {
    await stopServer(server).catch(() => {});
    await stopConfigListener().catch(() => {});
    await database?.drop().catch(() => {});
    throw error;
  }
}

async function stopServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  server.closeAllConnections();
  await closed;
}

// ---------------------------------------------------------------------------------------------
// The application's side of the code flow

export type Pkce = { verifier: string; challenge: string };

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export type AuthorizationStart = {
  /** The provider's answer to /authorize (after its own redirects): normally 303 to a hosted page. */
  response: Response;
  location?: URL;
  /** The interaction uid (`state` of the hosted page), when it went to one. */
  uid?: string;
  verifier: string;
  state: string;
  nonce: string;
  clientId: string;
  redirectUri: string;
};

/**
 * An application sends the browser to /authorize: the seeded public demo client with PKCE
 * (S256), unless `params` says otherwise. A param set to undefined is left out.
 */
export async function startAuthorization(harness: Harness, browser: Browser, params: Record<string, string | undefined> = {}): Promise<AuthorizationStart> {
  const { verifier, challenge } = pkce();
  const query: Record<string, string | undefined> = {
    client_id: DEMO_CLIENT_ID,
    redirect_uri: `${harness.origin}/demo/callback`,
    response_type: "code",
    scope: "openid email",
    state: randomBytes(12).toString("base64url"),
    nonce: randomBytes(12).toString("base64url"),
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...params,
  };
  const url = new URL("/authorize", harness.origin);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  const { response, location } = await browser.navigate(url);
  const uid = location?.pathname.startsWith("/u/") ? (location.searchParams.get("state") ?? undefined) : undefined;
  return {
    response,
    location,
    uid,
    verifier,
    state: query.state!,
    nonce: query.nonce!,
    clientId: query.client_id!,
    redirectUri: query.redirect_uri!,
  };
}

/**
 * POST /oauth/token (form-encoded), optionally with client credentials: in the body
 * (client_secret_post, what clients made through the Management API register by default) or,
 * with `method: "basic"`, as HTTP Basic.
 */
export async function tokenRequest(
  harness: Harness,
  body: Record<string, string>,
  credentials?: { clientId: string; secret: string; method?: "basic" | "post" },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const form = { ...body };
  if (credentials?.method === "basic") {
    const encode = (s: string) => encodeURIComponent(s); // RFC 6749 §2.3.1: form-encode, then base64
    headers.authorization = `Basic ${Buffer.from(`${encode(credentials.clientId)}:${encode(credentials.secret)}`).toString("base64")}`;
  } else if (credentials) {
    Object.assign(form, { client_id: credentials.clientId, client_secret: credentials.secret });
  }
  const response = await fetch(new URL("/oauth/token", harness.origin), { method: "POST", headers, body: new URLSearchParams(form) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
