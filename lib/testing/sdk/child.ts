// The other end of lib/testing/sdk/index.ts: a Node process of its own, as a customer's app is,
// started with NODE_EXTRA_CA_CERTS so it trusts the test's TLS terminator. It makes Auth0's own,
// unmodified SDK clients for SDK_DOMAIN (node-auth0's ManagementClient, auth0-auth-js's AuthClient)
// and answers one JSON line per call it is asked to make.

import { createInterface } from "node:readline";
import { AuthClient } from "@auth0/auth0-auth-js";
import { ManagementClient } from "auth0";

type Ask = { id: number; call: string; args: unknown[] };

const domain = process.env.SDK_DOMAIN ?? "";
const apps = JSON.parse(process.env.SDK_APPS ?? "{}") as Record<string, { clientId: string; clientSecret?: string }>;
const clients: Record<string, object> = {
  management: new ManagementClient({ domain, clientId: process.env.SDK_CLIENT_ID ?? "", clientSecret: process.env.SDK_CLIENT_SECRET ?? "" }),
  // An auth0-auth-js AuthClient per application the test names (public ones have no secret).
  ...Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, new AuthClient({ domain, ...app })])),
};

/** What a call gave the caller: a list page's items and whole answer, or the value itself. */
function reported(value: unknown): unknown {
  if (value && typeof value === "object" && "data" in value && "response" in value && "hasNextPage" in value) {
    const page = value as { data: unknown; response: unknown; hasNextPage(): boolean };
    return { data: page.data, response: page.response, hasNextPage: page.hasNextPage() };
  }
  return value ?? null;
}

async function answer(ask: Ask): Promise<unknown> {
  // "management.users.authenticationMethods.list": walk to the method, call it on its owner.
  const [root = "", ...path] = ask.call.split(".");
  let owner: unknown = clients[root];
  for (const name of path.slice(0, -1)) owner = (owner as Record<string, unknown>)[name];
  const method = (owner as Record<string, unknown>)[path.at(-1) ?? ""];
  if (typeof method !== "function") throw new Error(`no such SDK call: ${ask.call}`);
  return reported(await (method as (...args: unknown[]) => Promise<unknown>).apply(owner, ask.args));
}

for await (const line of createInterface({ input: process.stdin })) {
  const ask = JSON.parse(line) as Ask;
  try {
    process.stdout.write(`${JSON.stringify({ id: ask.id, ok: true, value: await answer(ask) })}\n`);
  } catch (error) {
    const e = error as { name?: string; message?: string; statusCode?: number; body?: unknown; cause?: unknown };
    // auth-js keeps the server's answer ({ error, error_description }) or the failure under `cause`.
    const cause = e.cause instanceof Error ? { name: e.cause.name, message: e.cause.message, ...Object.fromEntries(Object.entries(e.cause)) } : e.cause;
    const reportedError = { name: e.constructor.name, message: e.message, statusCode: e.statusCode, body: e.body, cause };
    process.stdout.write(`${JSON.stringify({ id: ask.id, ok: false, error: reportedError })}\n`);
  }
}
