// Starts this service's production build (/work/main/.next) for a benchmark run, as an operator
// would: `node .next/server.mjs` (the bundled server.ts) pinned to a core (not through npm/npx, so the pid we hold
// is the serving process), on PGlite in a fresh directory or PostgreSQL in a fresh database;
// then, through the Management API, the native app the native flows log in with, and a custom
// database connection (CUSTOM_REALM) whose users live in a loopback user store of the bench's own
// (lib/testing/user-store.ts), so a login on it pays the store's HTTP call as a customer's would.
//
// PASSKEY_API_RATE_LIMIT and SIGNUP_RATE_LIMIT are raised out of the way: every virtual user
// comes from 127.0.0.1, and the limits (100 challenges and 20 signups per address per minute)
// would otherwise be what is measured. The limits still run: each challenge and signup pays. Better
// Auth's rate limit is turned off likewise (targets/better-auth-server.ts).

import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { postJson } from "../lib/http.ts";
import { createDatabase, type ScratchDatabase } from "../lib/postgres.ts";
import { freePort, spawnPinned, waitForUrl } from "../lib/proc.ts";
import { startUserStore, type UserStore } from "../../lib/testing/user-store.ts";

/** The custom database connection's name (flows/ours.ts customLogin logs in on it). */
export const CUSTOM_REALM = "bench-own-database";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SERVICE_DIR = path.resolve(here, "../..");

export type Storage = "pglite" | "postgres";

/** Ids of the login page's server actions in this build (they change with every build). */
export type LoginActionIds = { getPasskeyOptions: string; finishPasskey: string };

export type OursTarget = {
  baseUrl: string;
  pid: number;
  storage: Storage;
  /** The native app (public, first party, passkey grant + refresh tokens). */
  clientId: string;
  /** PostgreSQL only: the URL the server was given. */
  databaseUrl?: string;
  actionIds: LoginActionIds;
  /** The custom connection's user store (its calls are counted by phases/sql.ts). */
  userStore: UserStore;
  stop(): Promise<void>;
};

export type StartOursOptions = {
  storage: Storage;
  /** Core the server is pinned to (default 1; the load generator has core 0). */
  core?: number;
  port?: number;
  /**
   * PostgreSQL: use this database (owned by the caller: the SQL counting proxy's URL, or the
   * growth run's database) instead of creating and dropping a fresh one.
   */
  databaseUrl?: string;
};

export async function startOurs(options: StartOursOptions): Promise<OursTarget> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://localhost:${port}`;
  const managementId = `bench-management-${randomBytes(4).toString("hex")}`;
  const managementSecret = randomBytes(32).toString("base64url"); // 43 characters (32+ required)

  let pgliteDir: string | undefined;
  let scratch: ScratchDatabase | undefined;
  let databaseUrl = options.databaseUrl;
  if (options.storage === "pglite") {
    pgliteDir = await mkdtemp(path.join(os.tmpdir(), "pul-bench-pglite-"));
  } else if (!databaseUrl) {
    scratch = await createDatabase("ours");
    databaseUrl = scratch.url;
  }
  const storeSecret = randomBytes(24).toString("base64url");
  const userStore = await startUserStore({ secret: storeSecret });
  const cleanUp = async () => {
    await userStore.close();
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
    if (scratch) await scratch.drop();
  };

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    ISSUER: baseUrl,
    LOG_LEVEL: "warn",
    DEMO_ENABLED: "true",
    PASSKEY_API_RATE_LIMIT: "100000000",
    SIGNUP_RATE_LIMIT: "100000000",
    MANAGEMENT_CLIENT_ID: managementId,
    MANAGEMENT_CLIENT_SECRET: managementSecret,
    DATABASE_URL: databaseUrl ?? "",
    PGLITE_DIR: pgliteDir ?? "",
  };
  delete env.RP_ID;
  delete env.RP_ORIGINS;
  const server = spawnPinned(options.core ?? 1, process.execPath, [".next/server.mjs"], { cwd: SERVICE_DIR, env, name: `ours-${options.storage}` });

  try {
    await waitForUrl(`${baseUrl}/.well-known/openid-configuration`, server, 180_000);
    const accessToken = await managementToken(baseUrl, managementId, managementSecret);
    const clientId = await createNativeApp(baseUrl, accessToken);
    await createCustomConnection(baseUrl, accessToken, userStore.baseUrl, storeSecret);
    return {
      baseUrl,
      pid: server.pid,
      storage: options.storage,
      clientId,
      databaseUrl,
      actionIds: await loginActionIds(),
      userStore,
      async stop() {
        await server.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await server.stop(2000);
    await cleanUp();
    throw error;
  }
}

/** What flows/ours.ts needs to know about the target (FlowOptions.extra). */
export function flowExtra(target: OursTarget): Record<string, unknown> {
  return { clientId: target.clientId, actionIds: target.actionIds, customRealm: CUSTOM_REALM };
}

async function managementToken(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const token = await postJson(`${baseUrl}/oauth/token`, {
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
    audience: `${baseUrl}/api/v2/`,
  });
  if (token.status !== 200) throw new Error(`Management token: HTTP ${token.status} ${token.body.slice(0, 300)}`);
  const accessToken = (JSON.parse(token.body) as { access_token?: unknown }).access_token;
  if (typeof accessToken !== "string") throw new Error(`Management token: no access_token in ${token.body.slice(0, 300)}`);
  return accessToken;
}

/** POST /api/v2/connections: a custom database (no import) on the bench's user store. */
async function createCustomConnection(baseUrl: string, accessToken: string, storeUrl: string, secret: string): Promise<void> {
  const created = await postJson(
    `${baseUrl}/api/v2/connections`,
    {
      name: CUSTOM_REALM,
      strategy: "auth0",
      options: { enabledDatabaseCustomization: true, import_mode: false, custom_store: { base_url: storeUrl, secret } },
    },
    { headers: { authorization: `Bearer ${accessToken}` } },
  );
  if (created.status !== 201) throw new Error(`POST /api/v2/connections: HTTP ${created.status} ${created.body.slice(0, 300)}`);
}

/** POST /api/v2/clients: the bench's native app. */
async function createNativeApp(baseUrl: string, accessToken: string): Promise<string> {
  const created = await postJson(
    `${baseUrl}/api/v2/clients`,
    { name: "Bench", app_type: "native", grant_types: ["urn:okta:params:oauth:grant-type:webauthn", "refresh_token"] },
    { headers: { authorization: `Bearer ${accessToken}` } },
  );
  if (created.status !== 201 && created.status !== 200) throw new Error(`POST /api/v2/clients: HTTP ${created.status} ${created.body.slice(0, 300)}`);
  const app = JSON.parse(created.body) as { client_id?: unknown; is_first_party?: unknown; grant_types?: unknown };
  if (
    typeof app.client_id !== "string" ||
    app.is_first_party !== true ||
    !Array.isArray(app.grant_types) ||
    !app.grant_types.includes("urn:okta:params:oauth:grant-type:webauthn")
  ) {
    throw new Error(`POST /api/v2/clients: unexpected answer ${created.body.slice(0, 300)}`);
  }
  return app.client_id;
}

/**
 * The login page's action ids, from the build's server-reference-manifest.json: each entry
 * names the file and the exported function (`app/u/login/actions.ts`, `getPasskeyOptions`).
 * Other pages export functions of the same name (account settings' getPasskeyOptions), hence
 * the file check.
 */
export async function loginActionIds(): Promise<LoginActionIds> {
  const manifestPath = path.join(SERVICE_DIR, ".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const find = (name: string) => {
    const ids = Object.entries(manifest.node)
      .filter(([, entry]) => entry.filename === "app/u/login/actions.ts" && entry.exportedName === name)
      .map(([id]) => id);
    if (ids.length !== 1) throw new Error(`${manifestPath}: expected one ${name} in app/u/login/actions.ts, found ${ids.length}`);
    return ids[0];
  };
  return { getPasskeyOptions: find("getPasskeyOptions"), finishPasskey: find("finishPasskey") };
}
