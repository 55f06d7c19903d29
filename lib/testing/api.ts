// Calls the service's JSON API routes (the app/ route handlers themselves) the way a client
// would over HTTP: a Request for the issuer's URL with a JSON body and a bearer token, and the
// Response read back. The harness runs no Next.js, so the route modules are imported directly.

import { MANAGEMENT_SCOPES, managementAudience } from "../management/scopes";
import { tokenRequest, type Harness } from "./harness";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route names its own params
export type Route = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

export type Call = {
  path: string;
  method?: string;
  /** An object is sent as JSON; a string is sent as is (with `contentType`, JSON by default). */
  body?: unknown;
  contentType?: string;
  token?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
};

export type Answer = { status: number; json: Record<string, unknown> & unknown[]; headers: Headers };

export async function call(h: Harness, route: Route, c: Call): Promise<Answer> {
  const headers = new Headers(c.headers);
  if (c.body !== undefined) headers.set("content-type", c.contentType ?? "application/json");
  if (c.token) headers.set("authorization", `Bearer ${c.token}`);
  const body = c.body === undefined ? undefined : typeof c.body === "string" ? c.body : JSON.stringify(c.body);
  const request = new Request(new URL(c.path, h.issuer), { method: c.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const response = await route(request, { params: Promise.resolve(c.params ?? {}) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** Status and Auth0 error code of an answer, for compact assertions. */
export const verdict = (a: { status: number; json: unknown }) => [a.status, (a.json as Record<string, unknown> | undefined)?.error];

/** A Management API token for the bootstrap client (MANAGEMENT_CLIENT_ID/SECRET set before the harness). */
export async function managementToken(h: Harness, scopes: readonly string[] = MANAGEMENT_SCOPES): Promise<string> {
  const token = await tokenRequest(
    h,
    { grant_type: "client_credentials", audience: managementAudience(), scope: scopes.join(" ") },
    { clientId: process.env.MANAGEMENT_CLIENT_ID!, secret: process.env.MANAGEMENT_CLIENT_SECRET! },
  );
  if (token.status !== 200) throw new Error(`no management token: ${JSON.stringify(token.json)}`);
  return String(token.json.access_token);
}
