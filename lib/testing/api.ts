// Calls the service's JSON APIs the way a client would over HTTP: a Request for the issuer's URL
// with a JSON body and a bearer token, answered by the API router server.ts serves them with
// (lib/api/routes.ts), and the Response read back. The harness runs no Next.js; it need not.

import { handleApiRequest } from "../api/routes";
import { MANAGEMENT_SCOPES, managementAudience } from "../management/scopes";
import { tokenRequest, type Harness } from "./harness";

export type Call = {
  /** The path and query, as a client sends it (path parameters percent-encoded). */
  path: string;
  /** GET, or POST when there is a body, unless named. */
  method?: string;
  /** An object is sent as JSON; a string is sent as is (with `contentType`, JSON by default). */
  body?: unknown;
  contentType?: string;
  token?: string;
  headers?: Record<string, string>;
};

export type Answer = { status: number; json: Record<string, unknown> & unknown[]; headers: Headers };

export async function call(h: Harness, c: Call): Promise<Answer> {
  const headers = new Headers(c.headers);
  if (c.body !== undefined) headers.set("content-type", c.contentType ?? "application/json");
  if (c.token) headers.set("authorization", `Bearer ${c.token}`);
  const body = c.body === undefined ? undefined : typeof c.body === "string" ? c.body : JSON.stringify(c.body);
  const response = await apiResponse(new Request(new URL(c.path, h.origin), { method: c.method ?? (body === undefined ? "GET" : "POST"), headers, body }));
  const text = await response.text();
  // An empty body (a 204's) leaves json undefined, whatever Answer says: tests read it only where there is one.
  return { status: response.status, json: (text ? JSON.parse(text) : undefined) as Answer["json"], headers: response.headers };
}

/** The API router's answer to `request`; a path that is not an API's fails the test. */
export async function apiResponse(request: Request): Promise<Response> {
  const response = await handleApiRequest(request);
  if (!response) throw new Error(`not an API path: ${new URL(request.url).pathname}`);
  return response;
}

/** Status and Auth0 error code of an answer, for compact assertions. */
export const verdict = (a: { status: number; json: unknown }) => {
  const body = a.json as Record<string, unknown> | undefined;
  // The Management API's errors carry the code in errorCode (Auth0's shape); the others in error.
  return [a.status, body?.errorCode ?? body?.error];
};

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
