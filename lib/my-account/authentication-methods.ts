import { z } from "zod";
import { ApiError, json, noContent, readJson } from "../api/http";
import { spend } from "../limits";
import { addPasskeyOptions, finishAddPasskey } from "../flows/add-passkey";
import type { ErrorCode } from "../flows/result";
import { apiFailure, failureCode, isFailureCode } from "../failures";
import { requestInfoFrom } from "../logs/events";
import { authenticationMethods, passkeyIdOf, passkeyMethod } from "../users/methods";
import { deletePasskey, passkeyNameSchema, renamePasskey } from "../users/passkeys";
import { newAuthSession } from "../webauthn/challenges";
import { meEndpoint } from "./auth";

// My Account API: the signed-in user's authentication methods. Enrolling a passkey takes two
// calls, like the native signup: creation options and an auth_session (Location names the method
// to verify), then the platform's answer to /{id}/verify. The ceremony is the one the hosted
// pages use to add a passkey (lib/flows/add-passkey.ts), with the same 20-passkey limit.

const NEW_PASSKEY = "passkey|new";

export function listAuthenticationMethods(request: Request) {
  return meEndpoint(request, "read:me:authentication_methods", async (me) => json({ authentication_methods: await authenticationMethods(me.userId) }));
}

export function getAuthenticationMethod(request: Request, methodId: string) {
  return meEndpoint(request, "read:me:authentication_methods", async (me) => {
    const method = (await authenticationMethods(me.userId)).find((m) => m.id === methodId);
    if (!method) throw notFound();
    return json(method);
  });
}

const enrollSchema = z
  .object({ type: z.literal("passkey", { error: "type: only \"passkey\" can be enrolled here" }), connection: z.string().min(1).max(128).optional(), identity_user_id: z.string().max(128).optional() })
  .strict();

export function startEnrollment(request: Request) {
  return meEndpoint(request, "create:me:authentication_methods", async (me) => {
    const body = await readJson(request, enrollSchema, "invalid_request");
    if (body.connection !== undefined && body.connection !== me.connection) throw new ApiError("invalid_request", `The user is not on connection ${body.connection}`);
    if (body.identity_user_id !== undefined && body.identity_user_id !== me.userId) throw new ApiError("invalid_request", "identity_user_id is not this user's");
    if (!me.passkeysEnabled) throw new ApiError("access_denied", `Passkeys are not enabled on connection ${me.connection}`);
    await spend("passkeyChallengesPerIp", requestInfoFrom(request.headers).ip ?? "unknown");
    const authSession = newAuthSession();
    const result = await addPasskeyOptions(authSession, me.userId, { clientId: me.clientId, connectionId: me.connectionId });
    if (!result.ok) throw failureError(result.error);
    const location = `/me/v1/authentication-methods/${encodeURIComponent(NEW_PASSKEY)}`;
    return json({ authn_params_public_key: result.options, auth_session: authSession }, 201, { Location: location });
  });
}

const verifySchema = z
  .object({ auth_session: z.string().min(1).max(128), authn_response: z.record(z.string(), z.unknown()) })
  .strict();

export function verifyEnrollment(request: Request, methodId: string) {
  return meEndpoint(request, "create:me:authentication_methods", async (me) => {
    if (methodId !== NEW_PASSKEY) throw notFound();
    const body = await readJson(request, verifySchema, "invalid_request");
    // Only an enrollment this application started matches; finishAddPasskey checks it is this user's.
    const session = { authSession: body.auth_session, clientId: me.clientId, kinds: ["enroll" as const] };
    const result = await finishAddPasskey(session, me.userId, body.authn_response, {
      request: requestInfoFrom(request.headers),
      clientId: me.clientId,
      connection: me.connection,
      description: "Passkey enrolled (My Account API)",
      details: { authenticator: "passkey" },
    });
    if (!result.ok) throw failureError(result.error);
    return json(passkeyMethod(result.passkey), 201);
  });
}

const renameSchema = z.object({ name: passkeyNameSchema }).strict();

export function renameAuthenticationMethod(request: Request, methodId: string) {
  return meEndpoint(request, "update:me:authentication_methods", async (me) => {
    const passkeyId = passkeyIdOf(methodId);
    if (!passkeyId) throw notFound();
    const { name } = await readJson(request, renameSchema, "invalid_request");
    return json(passkeyMethod(await mapPasskeyErrors(() => renamePasskey(me.userId, passkeyId, name))));
  });
}

export function deleteAuthenticationMethod(request: Request, methodId: string) {
  return meEndpoint(request, "delete:me:authentication_methods", async (me) => {
    const passkeyId = passkeyIdOf(methodId);
    if (!passkeyId) throw notFound();
    await mapPasskeyErrors(() => deletePasskey(me.userId, passkeyId));
    return noContent();
  });
}

const notFound = () => new ApiError("not_found", "The authentication method does not exist");

/** A passkey change whose domain failure (not found, the last way in) becomes the API's answer for it. */
async function mapPasskeyErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = failureCode(error);
    if (!code) throw error;
    throw failureError(code);
  }
}

/** The API's answer for a step's failure (lib/failures.ts); anything else was logged by the step and is a 500. */
function failureError(code: ErrorCode): ApiError {
  if (!isFailureCode(code)) throw new Error(`passkey enrollment failed: ${code}`);
  const failure = apiFailure(code);
  return new ApiError(failure.code, failure.description);
}
