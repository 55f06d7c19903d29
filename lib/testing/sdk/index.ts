// Auth0's SDKs, driven from a test: a child process (./child.ts) holds the SDK clients, pointed at
// the service behind the test's TLS terminator, and makes each call the test asks for.
//
//   const sdk = startSdks({ tls, clientId, clientSecret, apps: { web: { clientId: "app", clientSecret } } });
//   const page = await sdk.call("management.clients.list");      // what the SDK returned
//   const challenge = await sdk.call("web.passkey.challenge");   // the AuthClient named "web"
//   await sdk.close();

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TlsTerminator } from "../tls";

export type SdkError = { name: string; message: string; statusCode?: number; body?: unknown; cause?: unknown };
export type SdkAnswer = { ok: true; value: unknown } | { ok: false; error: SdkError };

export type Sdks = {
  /** The SDK call's result (a list page as { data, response, hasNextPage }); throws its error as SdkCallError. */
  call<T = unknown>(name: string, ...args: unknown[]): Promise<T>;
  /** The SDK call's answer, error or not. */
  attempt(name: string, ...args: unknown[]): Promise<SdkAnswer>;
  close(): Promise<void>;
};

export class SdkCallError extends Error {
  constructor(readonly error: SdkError) {
    super(`${error.name}: ${error.message}${error.cause === undefined ? "" : ` (cause: ${JSON.stringify(error.cause)})`}`);
  }
}

export type SdkOptions = {
  tls: TlsTerminator;
  /** The Management API client node-auth0's ManagementClient uses. */
  clientId: string;
  clientSecret: string;
  /** auth0-auth-js AuthClients by the name calls use ("web.passkey.register"). */
  apps?: Record<string, { clientId: string; clientSecret?: string }>;
};

export function startSdks(options: SdkOptions): Sdks {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./child.ts", import.meta.url))], {
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: options.tls.certificateFile,
      SDK_DOMAIN: new URL(options.tls.origin).host,
      SDK_CLIENT_ID: options.clientId,
      SDK_CLIENT_SECRET: options.clientSecret,
      SDK_APPS: JSON.stringify(options.apps ?? {}),
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = new Map<number, (answer: SdkAnswer) => void>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    const { id, ...answer } = JSON.parse(line) as SdkAnswer & { id: number };
    waiting.get(id)?.(answer);
    waiting.delete(id);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let next = 0;
  const attempt = (call: string, ...args: unknown[]) =>
    new Promise<SdkAnswer>((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ id, call, args })}\n`);
    });
  return {
    attempt,
    async call<T>(name: string, ...args: unknown[]) {
      const answer = await attempt(name, ...args);
      if (!answer.ok) throw new SdkCallError(answer.error);
      return answer.value as T;
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
