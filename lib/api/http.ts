import { z } from "zod";
import { isDataException, isDatabaseUnavailable } from "../db";
import { LimitReachedError, logRefusal } from "../limits";
import { logger } from "../logger";
import { CustomStoreError } from "../users/custom-store";
import { apiFailure } from "../failures";
import { logEvent, requestInfoFrom } from "../logs/events";
import { inUnitOfWork } from "../unit-of-work";
import { ERROR_STATUS, STATUS_TEXT, UNAVAILABLE, type ErrorCode } from "./errors";

// What every JSON API here shares (the native passkey API, My Account, Management): errors from
// the one catalogue (lib/api/errors.ts: the code decides the status) in the shape of Auth0's API for
// that path, small well-formed JSON bodies checked by a strict schema, and no 5xx for anything a
// caller can send.

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly error: ErrorCode,
    description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = "ApiError";
    this.status = ERROR_STATUS[error];
  }
}

/**
 * An error answer in the shape Auth0 gives on that API: the Management API's
 * { statusCode, error, message, errorCode }, everywhere else the Authentication API's
 * { error, error_description }.
 */
export function errorResponse(path: string, code: ErrorCode, description: string, headers: Record<string, string> = {}): Response {
  const status = ERROR_STATUS[code];
  const body = path.startsWith("/api/v2/")
    ? { statusCode: status, error: STATUS_TEXT[status] ?? "Error", message: description, errorCode: code }
    : { error: code, error_description: description };
  return json(body, status, headers);
}

const MAX_BODY = 16 * 1024;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

/**
 * Runs an endpoint (the API router runs every handler through it): ApiErrors become their JSON
 * answer, a limit's refusal a logged 429 with Retry-After; anything else is logged and a 500.
 */
export async function apiRoute(run: () => Promise<Response>, request?: Request): Promise<Response> {
  const path = request ? new URL(request.url).pathname : "";
  try {
    // One unit of work per call: the endpoint's writes commit together before it answers.
    return await inUnitOfWork(run);
  } catch (error) {
    if (error instanceof ApiError) {
      // A body over the size cap is a refusal the tenant log records (other 4xx are the caller's mistakes, answered only).
      if (error.status === 413)
        await logEvent({ type: "api_limit", description: error.message, request: request ? requestInfoFrom(request.headers) : undefined, details: { path } });
      return errorResponse(path, error.error, error.message, error.headers);
    }
    if (error instanceof LimitReachedError) {
      await logRefusal(error, { request: request ? requestInfoFrom(request.headers) : undefined });
      return errorResponse(path, "too_many_requests", "Too many requests from this address; try again later", {
        "Retry-After": String(error.retryAfterSeconds),
      });
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error }, "api: the database is unavailable");
      return errorResponse(path, "temporarily_unavailable", UNAVAILABLE.description, { "Retry-After": String(UNAVAILABLE.retryAfterSeconds) });
    }
    // The connection's own user store failed (the call site logged why): the customer's outage, not ours.
    if (error instanceof CustomStoreError) return errorResponse(path, "temporarily_unavailable", apiFailure("store_unavailable").description);
    if (isDataException(error))
      return errorResponse(path, "invalid_request", "The request holds a value that cannot be stored or searched for (a NUL character, a date out of range)");
    logger.error({ err: error }, "api: unexpected failure");
    return errorResponse(path, "server_error", "Something went wrong");
  }
}

/**
 * The request's JSON body checked against `schema`, or ApiError 400/413 naming what is wrong.
 * `code` is the error for a body of the wrong shape: the Management API says invalid_body, the
 * Authentication API invalid_request.
 */
export async function readJson<T>(request: Request, schema: z.ZodType<T>, code: ErrorCode = "invalid_body"): Promise<T> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new ApiError("invalid_request", "Content-Type must be application/json");
  }
  const text = await readCapped(request);
  // The rest of the body is not read: the connection closes after the answer.
  if (text === undefined) throw new ApiError("payload_too_large", "Request body too large", { Connection: "close" });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "The body is not valid JSON");
  }
  return parseInput(schema, body, code);
}

/** `input` checked against `schema`, or ApiError 400 with `code` and the first problem found. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, code: ErrorCode = "invalid_request"): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new ApiError(code, `${where}${issue.message}`);
  }
  return parsed.data;
}

/** Query parameters as a plain object (the last value wins), for a schema to check. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

/** The body as text, reading no more than MAX_BODY bytes; undefined when it is larger. */
async function readCapped(request: Request): Promise<string | undefined> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) return undefined;
  return readTextCapped(request.body, MAX_BODY);
}

/** A body (a request's or a response's) as UTF-8 text, or undefined once it passes `max` bytes (the rest is not read). */
export async function readTextCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<string | undefined> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
