// This service's flows, driven with the software authenticator (lib/testing/soft-authenticator.ts):
//
//   nativeSignup  POST /passkey/register → create() → POST /oauth/token (webauthn grant)
//   nativeLogin   POST /passkey/challenge → get() → POST /oauth/token (webauthn grant)
//   customLogin   the same on a custom database connection (realm extra.customRealm): the server
//                 asks the user store (Get User by user_id) once per login
//   hostedLogin   the browser's round trip: GET /authorize → GET /u/login → server action
//                 getPasskeyOptions → get() → server action finishPasskey → GET /authorize/<uid>
//                 → redirect to the app with the code → POST /oauth/token (authorization_code)
//
// The server actions are posted over HTTP exactly as the page's JavaScript posts them (the
// `Next-Action` header with the build's action id, the arguments as a JSON array) and their React
// Flight answers are read by lib/flight.ts.
//
// FlowOptions.extra: { clientId: the native app, actionIds: the login page's action ids, customRealm }
// (targets/ours.ts flowExtra()).

import { createHash, randomBytes } from "node:crypto";
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { SoftAuthenticator } from "../../lib/testing/soft-authenticator.ts";
import { actionResult } from "../lib/flight.ts";
import { FlowError, type FlowDriver, type FlowFactory, type FlowOptions } from "../lib/flow.ts";
import { CookieJar, postJson, request, type HttpResponse } from "../lib/http.ts";

const WEBAUTHN_GRANT = "urn:okta:params:oauth:grant-type:webauthn";
const NATIVE_SCOPE = "openid profile email offline_access";
const SETUP_CONCURRENCY = 8;

type User = { email: string; authenticator: SoftAuthenticator; credentialId: string };
type ActionIds = { getPasskeyOptions: string; finishPasskey: string };

/** actionIds is checked by the one flow that needs it (hostedLogin). */
function settings(options: FlowOptions): { clientId: string; actionIds: ActionIds | undefined; customRealm: string | undefined } {
  const clientId = options.extra?.clientId;
  if (typeof clientId !== "string") throw new Error("flows/ours.ts needs extra.clientId (the native app)");
  const realm = options.extra?.customRealm;
  return { clientId, actionIds: options.extra?.actionIds as ActionIds | undefined, customRealm: typeof realm === "string" ? realm : undefined };
}

/** The answer's JSON; callers say which fields they read (`as { … }`). */
function expectJson(step: string, res: HttpResponse, status = 200): unknown {
  if (res.status !== status) throw new FlowError(step, res.status, res.body);
  try {
    return JSON.parse(res.body);
  } catch {
    throw new FlowError(`${step} (not JSON)`, res.status, res.body);
  }
}

function expectTokens(step: string, res: HttpResponse, names: string[]): void {
  const body = expectJson(step, res) as Record<string, unknown> | null;
  for (const name of names) {
    const value = body?.[name];
    if (typeof value !== "string" || !value) throw new FlowError(`${step} (no ${name})`, res.status, res.body);
  }
}

let emailCounter = 0;
/** Unique across workers and rounds: pid, start time and a counter. */
function uniqueEmail(label: string): string {
  return `bench-${label}-${process.pid}-${Date.now().toString(36)}-${++emailCounter}@example.com`;
}

/** The native signup: passkey registration, then tokens for it. */
async function nativeSignUp(baseUrl: string, clientId: string, email: string, authenticator: SoftAuthenticator, realm?: string): Promise<string> {
  const body = { client_id: clientId, user_profile: { email }, ...(realm && { realm }) };
  const challenge = expectJson("POST /passkey/register", await postJson(`${baseUrl}/passkey/register`, body)) as {
    authn_params_public_key: PublicKeyCredentialCreationOptionsJSON;
    auth_session: string;
  };
  const attestation = authenticator.register(challenge.authn_params_public_key, { origin: baseUrl });
  const token = await postJson(`${baseUrl}/oauth/token`, {
    grant_type: WEBAUTHN_GRANT,
    client_id: clientId,
    auth_session: challenge.auth_session,
    authn_response: attestation,
    scope: NATIVE_SCOPE,
  });
  expectTokens("POST /oauth/token (signup)", token, ["access_token", "id_token", "refresh_token"]);
  return attestation.id;
}

/** Signs up `count` users with a passkey each (its own authenticator), a few at a time. */
async function signUpUsers(baseUrl: string, clientId: string, count: number, realm?: string): Promise<User[]> {
  const users: User[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const email = uniqueEmail("user");
      const authenticator = new SoftAuthenticator();
      const credentialId = await nativeSignUp(baseUrl, clientId, email, authenticator, realm);
      users.push({ email, authenticator, credentialId });
    }
  };
  await Promise.all(Array.from({ length: Math.min(SETUP_CONCURRENCY, count) }, worker));
  return users;
}

/**
 * Each virtual user cycles through its own share of the users (index ≡ vu mod vus), so no
 * passkey is used by two logins at once: its signature counter must only go up at the server.
 */
function userPicker(users: User[], vus: number): (vu: number) => User {
  const turns = new Array<number>(vus).fill(0);
  return (vu) => {
    const share = Math.ceil((users.length - vu) / vus);
    const index = vu + vus * (turns[vu]++ % share);
    return users[index];
  };
}

export const nativeSignup: FlowFactory = (options): FlowDriver => {
  const { clientId } = settings(options);
  return {
    async setup() {},
    async iteration() {
      await nativeSignUp(options.baseUrl, clientId, uniqueEmail("signup"), new SoftAuthenticator());
    },
  };
};

export const nativeLogin: FlowFactory = (options) => passkeyLogin(options);

export const customLogin: FlowFactory = (options) => {
  const { customRealm } = settings(options);
  if (!customRealm) throw new Error("flows/ours.ts customLogin needs extra.customRealm (the custom database connection)");
  return passkeyLogin(options, customRealm);
};

/** The native passkey login, on the default connection or on `realm`. */
function passkeyLogin(options: FlowOptions, realm?: string): FlowDriver {
  const { clientId } = settings(options);
  const { baseUrl } = options;
  let pick: (vu: number) => User;
  return {
    async setup() {
      pick = userPicker(await signUpUsers(baseUrl, clientId, Math.max(options.users, options.vus), realm), options.vus);
    },
    async iteration(vu) {
      const user = pick(vu);
      const body = { client_id: clientId, ...(realm && { realm }) };
      const challenge = expectJson("POST /passkey/challenge", await postJson(`${baseUrl}/passkey/challenge`, body)) as {
        authn_params_public_key: PublicKeyCredentialRequestOptionsJSON;
        auth_session: string;
      };
      const assertion = user.authenticator.authenticate(challenge.authn_params_public_key, { origin: baseUrl, credentialId: user.credentialId });
      const token = await postJson(`${baseUrl}/oauth/token`, {
        grant_type: WEBAUTHN_GRANT,
        client_id: clientId,
        auth_session: challenge.auth_session,
        authn_response: assertion,
        scope: NATIVE_SCOPE,
      });
      expectTokens("POST /oauth/token (login)", token, ["access_token", "id_token", "refresh_token"]);
    },
  };
}

// --- the hosted login ----------------------------------------------------------------------

const b64url = (bytes: Buffer) => bytes.toString("base64url");

export type HostedLoginStart = { uid: string; loginUrl: string; state: string; verifier: string; redirectUri: string };

/**
 * The app's first hop: GET /authorize for the demo client (PKCE S256), answered with a redirect
 * to /u/login?state=<uid>; the jar keeps the transaction's cookies. Also used by the page
 * measurement (bench/lib/page.ts) to get fresh login pages.
 */
export async function startHostedLogin(baseUrl: string, jar: CookieJar): Promise<HostedLoginStart> {
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(12));
  const redirectUri = `${baseUrl}/demo/callback`;
  const query = new URLSearchParams({
    client_id: "demo",
    response_type: "code",
    scope: "openid email",
    redirect_uri: redirectUri,
    state,
    nonce: b64url(randomBytes(12)),
    code_challenge: b64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
  });
  const res = await request(`${baseUrl}/authorize?${query.toString().replaceAll("+", "%20")}`, { jar });
  const location = redirectTarget("GET /authorize", res, baseUrl);
  const uid = location.searchParams.get("state");
  if (location.pathname !== "/u/login" || !uid) throw new FlowError(`GET /authorize (redirected to ${location.pathname})`, res.status, res.body);
  return { uid, loginUrl: location.toString(), state, verifier, redirectUri };
}

function redirectTarget(step: string, res: HttpResponse, baseUrl: string): URL {
  const location = res.headers.location;
  if ((res.status !== 302 && res.status !== 303) || !location) throw new FlowError(`${step} (expected a redirect)`, res.status, res.body);
  return new URL(location, baseUrl);
}

/** A server action of the page at `pageUrl`, posted as the browser's runtime posts it; resolves with the value it returned. */
async function callAction(step: string, pageUrl: string, actionId: string, args: unknown[], jar: CookieJar, origin: string): Promise<unknown> {
  const res = await request(pageUrl, {
    method: "POST",
    jar,
    headers: {
      "next-action": actionId,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      origin,
    },
    body: JSON.stringify(args),
  });
  if (res.status !== 200) throw new FlowError(step, res.status, res.body);
  try {
    return actionResult(res.body);
  } catch (error) {
    throw new FlowError(`${step} (${(error as Error).message})`, res.status, res.body);
  }
}

export const hostedLogin: FlowFactory = (options): FlowDriver => {
  const { clientId, actionIds } = settings(options);
  const { baseUrl } = options;
  if (!actionIds?.getPasskeyOptions || !actionIds.finishPasskey) throw new Error("hostedLogin needs extra.actionIds");
  let pick: (vu: number) => User;
  return {
    async setup() {
      pick = userPicker(await signUpUsers(baseUrl, clientId, Math.max(options.users, options.vus)), options.vus);
    },
    async iteration(vu) {
      const user = pick(vu);
      const jar = new CookieJar(); // a fresh browser per login
      const start = await startHostedLogin(baseUrl, jar);

      const page = await request(start.loginUrl, { jar, headers: { accept: "text/html" } });
      if (page.status !== 200 || !String(page.headers["content-type"]).startsWith("text/html")) throw new FlowError("GET /u/login", page.status, page.body);

      const offered = (await callAction("getPasskeyOptions", start.loginUrl, actionIds.getPasskeyOptions, [start.uid, "discoverable"], jar, baseUrl)) as
        | {
            ok?: unknown;
            options?: unknown;
          }
        | null
        | undefined;
      if (offered?.ok !== true) throw new FlowError("getPasskeyOptions", 200, JSON.stringify(offered));
      const assertion: AuthenticationResponseJSON = user.authenticator.authenticate(offered.options as PublicKeyCredentialRequestOptionsJSON, {
        origin: baseUrl,
        credentialId: user.credentialId,
      });

      const finished = (await callAction("finishPasskey", start.loginUrl, actionIds.finishPasskey, [start.uid, "discoverable", assertion], jar, baseUrl)) as
        | {
            ok?: unknown;
            redirectTo?: unknown;
          }
        | null
        | undefined;
      if (finished?.ok !== true || typeof finished.redirectTo !== "string") throw new FlowError("finishPasskey", 200, JSON.stringify(finished));

      const resumed = await request(new URL(finished.redirectTo, baseUrl).toString(), { jar });
      const callback = redirectTarget("GET /authorize/<uid>", resumed, baseUrl);
      const code = callback.searchParams.get("code");
      if (callback.origin + callback.pathname !== start.redirectUri || !code)
        throw new FlowError(`GET /authorize/<uid> (redirected to ${callback})`, resumed.status, resumed.body);
      if (callback.searchParams.get("state") !== start.state) throw new FlowError("GET /authorize/<uid> (state differs)", resumed.status, callback.toString());

      const token = await request(`${baseUrl}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          client_id: "demo",
          code,
          code_verifier: start.verifier,
          redirect_uri: start.redirectUri,
        }).toString(),
      });
      expectTokens("POST /oauth/token (code)", token, ["access_token", "id_token"]);
    },
  };
};
