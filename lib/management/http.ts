import { z } from "zod";
import { logger } from "../logger";
import { ApiError, requireScope } from "./auth";
import type { ManagementScope } from "./scopes";

// The plumbing every Management API endpoint shares: the bearer token and its scope, a JSON
// body that is small and well-formed, and errors as Auth0's { error, error_description }.

const MAX_BODY = 16 * 1024;

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function endpoint(request: Request, scope: ManagementScope, run: () => Promise<Response>): Promise<Response> {
  try {
    await requireScope(request.headers.get("authorization"), scope);
    return await run();
  } catch (error) {
    if (error instanceof ApiError) return json({ error: error.error, error_description: error.message }, error.status);
    logger.error({ err: error }, "management api: unexpected failure");
    return json({ error: "server_error", error_description: "Something went wrong" }, 500);
  }
}

/** The request's JSON body checked against `schema`, or ApiError 400 naming what is wrong. */
export async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new ApiError(400, "invalid_request", "Content-Type must be application/json");
  }
  const text = await readCapped(request);
  if (text === undefined) throw new ApiError(413, "invalid_request", "Request body too large");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_request", "The body is not valid JSON");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new ApiError(400, "invalid_body", `${where}${issue.message}`);
  }
  return parsed.data;
}

/** The body as text, reading no more than MAX_BODY bytes; undefined when it is larger. */
async function readCapped(request: Request): Promise<string | undefined> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) return undefined;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
