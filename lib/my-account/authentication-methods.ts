import { z } from "zod";
import { ApiError, json, noContent } from "../api/http";
import { spend } from "../limits";
import { addPasskeyOptions, finishAddPasskey } from "../flows/add-passkey";
import type { ErrorCode } from "../flows/result";
import { apiFailure, failureCode, isFailureCode } from "../failures";
import { requestInfoFrom } from "../logs/events";
import { authenticationMethods, passkeyIdOf, passkeyMethod } from "../users/methods";
import { deletePasskey, passkeyNameSchema, renamePasskey } from "../users/passkeys";
import { newAuthSession } from "../webauthn/challenges";
import type { Me } from "./auth";

// My Account API: the signed-in user's authentication methods. Enrolling a passkey takes two
// calls, like the native signup: creation options and an auth_session (Location names the method
// to verify), then the platform's answer to /{id}/verify. The ceremony is the one the hosted
// pages use to add a passkey (lib/flows/add-passkey.ts), with the same 20-passkey limit.

const NEW_PASSKEY = "passkey|new";

export async function listAuthenticationMethods(me: Me) {
  return json({ authentication_methods: await authenticationMethods(me.userId) });
}

export async function getAuthenticationMethod(me: Me, methodId: string) {
  const method = (await authenticationMethods(me.userId)).find((m) => m.id === methodId);
  if (!method) throw notFound();
  return json(method);
}

export const enrollSchema = z
  .object({
    type: z.literal("passkey", { error: 'type: only "passkey" can be enrolled here' }),
    connection: z.string().min(1).max(128).optional(),
    identity_user_id: z.string().max(128).optional(),
  })
  .strict();

export async function startEnrollment(request: Request, me: Me, body: z.infer<typeof enrollSchema>) {
  if (body.connection !== undefined && body.connection !== me.connection)
    throw new ApiError("invalid_request", `The user is not on connection ${body.connection}`);
  if (body.identity_user_id !== undefined && body.identity_user_id !== me.userId) throw new ApiError("invalid_request", "identity_user_id is not this user's");
  if (!me.passkeysEnabled) throw new ApiError("access_denied", `Passkeys are not enabled on connection ${me.connection}`);
  await spend("passkeyChallengesPerIp", requestInfoFrom(request.headers).ip ?? "unknown");
  const authSession = newAuthSession();
  const result = await addPasskeyOptions(authSession, me.userId, { clientId: me.clientId, connectionId: me.connectionId });
  if (!result.ok) throw failureError(result.error);
  const location = `/me/v1/authentication-methods/${encodeURIComponent(NEW_PASSKEY)}`;
  return json({ authn_params_public_key: result.options, auth_session: authSession }, 201, { Location: location });
}

export const verifySchema = z.object({ auth_session: z.string().min(1).max(128), authn_response: z.record(z.string(), z.unknown()) }).strict();

export async function verifyEnrollment(request: Request, me: Me, methodId: string, body: z.infer<typeof verifySchema>) {
  if (methodId !== NEW_PASSKEY) throw notFound();
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
}

export const renameSchema = z.object({ name: passkeyNameSchema }).strict();

export async function renameAuthenticationMethod(me: Me, methodId: string, { name }: z.infer<typeof renameSchema>) {
  const passkeyId = passkeyIdOf(methodId);
  if (!passkeyId) throw notFound();
  return json(passkeyMethod(await mapPasskeyErrors(() => renamePasskey(me.userId, passkeyId, name))));
}

export async function deleteAuthenticationMethod(me: Me, methodId: string) {
  const passkeyId = passkeyIdOf(methodId);
  if (!passkeyId) throw notFound();
  await mapPasskeyErrors(() => deletePasskey(me.userId, passkeyId));
  return noContent();
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
