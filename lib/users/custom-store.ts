import { z } from "zod";
import type { IdentifierType } from "./identifiers";
import { readTextCapped } from "../api/http";
import { emailSchema, phoneNumberSchema } from "./identifiers";
import { profileSchema } from "./profile";

// A customer's own user store, reached over HTTP (a custom database connection without user
// import: Auth0's Get User, Create and Login scripts, as endpoints). The users live there; this
// service keeps their passkeys, sessions, factors and logs under the store's user_id.
//
//   GET  {base}/get_user/{identifier}?type=email|username|phone_number|user_id  → 200 profile | 404
//   POST {base}/create  { email?, username?, phone_number?, password?, ...profile } → 200/201 profile | 409
//   POST {base}/login   { identifier, type, password }                            → 200 profile | 401/403
//
// Every call carries the connection's shared secret (Authorization: Bearer) and has a deadline.
// What the store answers is checked against a schema before anything uses it: a profile needs a
// user_id, and a field of the wrong shape refuses the whole answer. A redirect is not followed.

export type CustomStore = { baseUrl: string; secret: string; timeoutMs?: number };
export type LookupType = IdentifierType | "user_id";

/** Why the store could not be used: each is a configuration or availability problem of the customer's side. */
export type StoreFailure = "timeout" | "unreachable" | "redirect" | "server_error" | "unexpected_status" | "malformed" | "missing_user_id" | "too_large";

export class CustomStoreError extends Error {
  constructor(
    readonly reason: StoreFailure,
    readonly call: "get_user" | "create" | "login",
    detail: string,
  ) {
    super(`custom database ${call}: ${detail}`);
    this.name = "CustomStoreError";
  }
}

export const DEFAULT_TIMEOUT_MS = 5000;

/** What a tenant log event says about a store failure (never the secret, never the store's answer). */
export function storeFailureDetails(error: unknown): { custom_database: { call: string; reason: StoreFailure } } | undefined {
  return error instanceof CustomStoreError ? { custom_database: { call: error.call, reason: error.reason } } : undefined;
}
const MAX_ANSWER_BYTES = 64 * 1024;

/** A profile as the store gives it. Unknown fields are dropped; known ones must be well-formed. */
export const storeProfileSchema = z.object({
  user_id: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces"),
  email: emailSchema.optional(),
  email_verified: z.boolean().optional(),
  // Kept as this service compares them: lower-cased, and E.164.
  username: z.string().trim().toLowerCase().min(1).max(128).optional(),
  phone_number: phoneNumberSchema.optional(),
  name: profileSchema.name.optional(),
  given_name: profileSchema.given_name.optional(),
  family_name: profileSchema.family_name.optional(),
  nickname: profileSchema.nickname.optional(),
  picture: profileSchema.picture.optional(),
});
export type StoreProfile = z.infer<typeof storeProfileSchema>;

/** Get User: the user with this identifier, or null when the store has none (404). */
export async function getStoreUser(store: CustomStore, identifier: string, type: LookupType): Promise<StoreProfile | null> {
  // "." and ".." would be path segments a URL resolves away (to {base}/?type=…): no user has them.
  if (identifier === "." || identifier === "..") return null;
  const path = `/get_user/${encodeURIComponent(identifier)}?type=${type}`;
  const answer = await ask(store, "get_user", path);
  if (answer.status === 404) return null;
  return profileFrom("get_user", answer);
}

/** Create: the new user's profile (with the user_id the store gave it), or null when the store says it exists (409). */
export async function createStoreUser(store: CustomStore, user: Record<string, unknown>): Promise<StoreProfile | null> {
  const answer = await ask(store, "create", "/create", user);
  if (answer.status === 409) return null;
  return profileFrom("create", answer);
}

/** Login: the profile when the password is right, null when the store refuses it (401 or 403). */
export async function storeLogin(store: CustomStore, identifier: string, type: LookupType, password: string): Promise<StoreProfile | null> {
  const answer = await ask(store, "login", "/login", { identifier, type, password });
  if (answer.status === 401 || answer.status === 403) return null;
  return profileFrom("login", answer);
}

type Answer = { status: number; text: string };

async function ask(store: CustomStore, call: CustomStoreError["call"], path: string, body?: unknown): Promise<Answer> {
  const url = `${store.baseUrl.replace(/\/+$/, "")}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: body === undefined ? "GET" : "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(store.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      headers: {
        authorization: `Bearer ${store.secret}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new CustomStoreError(timedOut ? "timeout" : "unreachable", call, timedOut ? "no answer in time" : "the store cannot be reached");
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new CustomStoreError("redirect", call, `answered ${response.status} (redirects are not followed)`);
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new CustomStoreError("server_error", call, `answered ${response.status}`);
  }
  const text = await readTextCapped(response.body, MAX_ANSWER_BYTES);
  if (text === undefined) throw new CustomStoreError("too_large", call, `answer over ${MAX_ANSWER_BYTES} bytes`);
  return { status: response.status, text };
}

function profileFrom(call: CustomStoreError["call"], answer: Answer): StoreProfile {
  if (answer.status !== 200 && answer.status !== 201) throw new CustomStoreError("unexpected_status", call, `answered ${answer.status}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    throw new CustomStoreError("malformed", call, "the answer is not JSON");
  }
  const profile = storeProfileSchema.safeParse(parsed);
  if (profile.success) return profile.data;
  const missingId = typeof parsed !== "object" || parsed === null || !("user_id" in parsed);
  if (missingId) throw new CustomStoreError("missing_user_id", call, "the profile has no user_id");
  const issue = profile.error.issues[0];
  throw new CustomStoreError("malformed", call, `${issue.path.join(".") || "profile"}: ${issue.message}`);
}
