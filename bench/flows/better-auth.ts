// Better Auth 1.7.6 + @better-auth/passkey, driven as its client library would drive it (paths
// and bodies read from node_modules/@better-auth/passkey/dist/index.mjs and
// node_modules/better-auth/dist/api/routes/sign-up.mjs):
//
//   signup = POST /api/auth/sign-up/email {name, email, password}     -> session cookie
//            GET  /api/auth/passkey/generate-register-options         -> creation options (+ challenge cookie)
//            POST /api/auth/passkey/verify-registration {response}    -> the passkey row
//   login  = GET  /api/auth/passkey/generate-authenticate-options     -> request options (+ challenge cookie)
//            POST /api/auth/passkey/verify-authentication {response}  -> session cookie
//
// Better Auth has no passkey-first sign-up: a passkey is added by a signed-in user, so a signup
// here includes its email+password account (and its scrypt hash). The challenge lives in a signed
// cookie pointing at a verification row, so every ceremony gets a fresh CookieJar. POSTs carry
// Origin (a browser's fetch does; Better Auth's origin check refuses cookie-bearing POSTs without).

import { randomBytes } from "node:crypto";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { FlowError, type FlowDriver, type FlowFactory, type FlowOptions } from "../lib/flow.ts";
import { CookieJar, postJson, request, type HttpResponse } from "../lib/http.ts";
import { SoftAuthenticator } from "../../lib/testing/soft-authenticator.ts";

const PASSWORD = "bench-password-0123456789";
const SETUP_CONCURRENCY = 8;

type User = { email: string; authenticator: SoftAuthenticator; credentialId: string };

/** The answer's JSON (undefined for an empty body); callers say which fields they read (`as { … }`). */
function expect(step: string, res: HttpResponse, status = 200): unknown {
  if (res.status !== status) throw new FlowError(step, res.status, res.body);
  try {
    return res.body ? JSON.parse(res.body) : undefined;
  } catch {
    throw new FlowError(`${step} (not JSON)`, res.status, res.body);
  }
}

/** better-auth.session_token (or __Secure-better-auth.session_token behind https). */
function hasSessionCookie(jar: CookieJar): boolean {
  return /(^|;\s*)(__Secure-)?better-auth\.session_token=/.test(jar.header());
}

/** Signs up one user with email+password and adds a passkey with that session. */
async function signUpWithPasskey(baseUrl: string, email: string): Promise<User> {
  const api = `${baseUrl}/api/auth`;
  const headers = { origin: baseUrl };
  const jar = new CookieJar();

  expect("sign-up/email", await postJson(`${api}/sign-up/email`, { name: email.split("@")[0], email, password: PASSWORD }, { jar, headers }));
  if (!hasSessionCookie(jar)) throw new FlowError("sign-up/email (no session cookie)", 200, jar.header());

  const creation = expect(
    "passkey/generate-register-options",
    await request(`${api}/passkey/generate-register-options`, { jar, headers }),
  ) as PublicKeyCredentialCreationOptionsJSON;
  const authenticator = new SoftAuthenticator();
  const attestation = authenticator.register(creation, { origin: baseUrl });
  expect("passkey/verify-registration", await postJson(`${api}/passkey/verify-registration`, { response: attestation }, { jar, headers }));
  return { email, authenticator, credentialId: attestation.id };
}

async function inBatches(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Users split between virtual users so no credential is ever in two ceremonies at once (its counter must only go up). */
function partition<T>(items: T[], vus: number): T[][] {
  const lanes = Math.max(1, Math.min(vus, items.length));
  if (items.length < vus) console.warn(`better-auth flow: ${items.length} users for ${vus} virtual users; some share credentials and may trip counter checks`);
  const out: T[][] = Array.from({ length: lanes }, () => []);
  items.forEach((item, i) => out[i % lanes].push(item));
  return out;
}

export const nativeLogin: FlowFactory = (options: FlowOptions): FlowDriver => {
  const { baseUrl } = options;
  const api = `${baseUrl}/api/auth`;
  const runId = randomBytes(4).toString("hex");
  let lanes: User[][] = [];
  const cursors = new Map<number, number>();

  return {
    async setup() {
      const users = new Array<User>(options.users);
      await inBatches(options.users, SETUP_CONCURRENCY, async (i) => {
        users[i] = await signUpWithPasskey(baseUrl, `ba-login-${runId}-${i}@bench.test`);
      });
      lanes = partition(users, options.vus);
    },

    async iteration(vu) {
      const lane = lanes[vu % lanes.length];
      const cursor = cursors.get(vu) ?? 0;
      cursors.set(vu, cursor + 1);
      const user = lane[cursor % lane.length];

      const jar = new CookieJar();
      const requestOptions = expect(
        "passkey/generate-authenticate-options",
        await request(`${api}/passkey/generate-authenticate-options`, { jar }),
      ) as PublicKeyCredentialRequestOptionsJSON;
      const assertion = user.authenticator.authenticate(requestOptions, { origin: baseUrl, credentialId: user.credentialId });
      const res = await postJson(`${api}/passkey/verify-authentication`, { response: assertion }, { jar, headers: { origin: baseUrl } });
      const body = expect("passkey/verify-authentication", res) as { session?: unknown } | null | undefined;
      if (!body?.session || !hasSessionCookie(jar)) throw new FlowError("passkey/verify-authentication (no session)", res.status, res.body);
    },
  };
};

export const nativeSignup: FlowFactory = (options: FlowOptions): FlowDriver => {
  const runId = randomBytes(4).toString("hex");
  let counter = 0;
  return {
    async setup() {},
    async iteration(vu) {
      await signUpWithPasskey(options.baseUrl, `ba-signup-${runId}-${vu}-${counter++}@bench.test`);
    },
  };
};
