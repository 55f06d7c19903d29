// The baseline (bench/targets/baseline-server.ts): the same ceremonies as the other flows over
// bare @simplewebauthn/server endpoints, challenges keyed by a session id in the JSON.
//
//   signup = POST /register/options {email}             -> {session, options}
//            POST /register/verify  {session, response} -> {verified, credentialId}
//   login  = POST /login/options    {}                  -> {session, options}
//            POST /login/verify     {session, response} -> {token}

import { randomBytes } from "node:crypto";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { FlowError, type FlowDriver, type FlowFactory, type FlowOptions } from "../lib/flow.ts";
import { postJson, type HttpResponse } from "../lib/http.ts";
import { SoftAuthenticator } from "../../lib/testing/soft-authenticator.ts";

const SETUP_CONCURRENCY = 8;

type User = { email: string; authenticator: SoftAuthenticator; credentialId: string };

/** The answer's JSON; callers say which fields they read (`as { … }`). */
function expect(step: string, res: HttpResponse, status = 200): unknown {
  if (res.status !== status) throw new FlowError(step, res.status, res.body);
  try {
    return JSON.parse(res.body);
  } catch {
    throw new FlowError(`${step} (not JSON)`, res.status, res.body);
  }
}

async function signUpWithPasskey(baseUrl: string, email: string): Promise<User> {
  const { session, options } = expect("register/options", await postJson(`${baseUrl}/register/options`, { email })) as {
    session: string;
    options: PublicKeyCredentialCreationOptionsJSON;
  };
  const authenticator = new SoftAuthenticator();
  const response = authenticator.register(options, { origin: baseUrl });
  const body = expect("register/verify", await postJson(`${baseUrl}/register/verify`, { session, response })) as { verified?: unknown } | null;
  if (body?.verified !== true) throw new FlowError("register/verify (not verified)", 200, JSON.stringify(body));
  return { email, authenticator, credentialId: response.id };
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
  if (items.length < vus) console.warn(`baseline flow: ${items.length} users for ${vus} virtual users; some share credentials and may trip counter checks`);
  const out: T[][] = Array.from({ length: lanes }, () => []);
  items.forEach((item, i) => out[i % lanes].push(item));
  return out;
}

export const nativeLogin: FlowFactory = (options: FlowOptions): FlowDriver => {
  const { baseUrl } = options;
  const runId = randomBytes(4).toString("hex");
  let lanes: User[][] = [];
  const cursors = new Map<number, number>();

  return {
    async setup() {
      const users = new Array<User>(options.users);
      await inBatches(options.users, SETUP_CONCURRENCY, async (i) => {
        users[i] = await signUpWithPasskey(baseUrl, `baseline-login-${runId}-${i}@bench.test`);
      });
      lanes = partition(users, options.vus);
    },

    async iteration(vu) {
      const lane = lanes[vu % lanes.length];
      const cursor = cursors.get(vu) ?? 0;
      cursors.set(vu, cursor + 1);
      const user = lane[cursor % lane.length];

      const { session, options: requestOptions } = expect("login/options", await postJson(`${baseUrl}/login/options`, {})) as {
        session: string;
        options: PublicKeyCredentialRequestOptionsJSON;
      };
      const response = user.authenticator.authenticate(requestOptions, { origin: baseUrl, credentialId: user.credentialId });
      const res = await postJson(`${baseUrl}/login/verify`, { session, response });
      const body = expect("login/verify", res) as { token?: unknown } | null;
      if (typeof body?.token !== "string") throw new FlowError("login/verify (no token)", res.status, res.body);
    },
  };
};

export const nativeSignup: FlowFactory = (options: FlowOptions): FlowDriver => {
  const runId = randomBytes(4).toString("hex");
  let counter = 0;
  return {
    async setup() {},
    async iteration(vu) {
      await signUpWithPasskey(options.baseUrl, `baseline-signup-${runId}-${vu}-${counter++}@bench.test`);
    },
  };
};
