import { z } from "zod";
import { ApiError, json } from "./api/http";
import { connectionNamed } from "./connections";
import { spend } from "./limits";
import { logEvent, requestInfoFrom } from "./logs/events";
import { clientById } from "./oidc/clients";
import { passwordRuleBroken, PASSWORD_MAX_LENGTH } from "./users/passwords";
import { userProfileSchema } from "./users/profile";
import { emailSchema, UserExistsError } from "./users/store";
import { createPasswordUser } from "./users/directory";
import { CustomStoreError, storeFailureDetails } from "./users/custom-store";
import { apiFailure } from "./failures";
import { sendRecoveryLink } from "./flows/recovery";
import { sendVerificationLink } from "./users/email-verification";
import { localeOf } from "./i18n/locales";

// Auth0's Authentication API for database connections: POST /dbconnections/signup makes a user
// with a password on a named connection, for an application that names itself by client_id (no
// secret: browser and native apps call it). The password follows the connection's rules; the
// answer is the new user, as Auth0's (`_id`, `email`, `email_verified` and the profile given).

export const databaseSignupSchema = z
  .object({
    client_id: z.string().min(1).max(128),
    connection: z.string().min(1).max(128),
    email: z.string().max(254),
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_LENGTH * 4),
    ...userProfileSchema.shape,
  })
  .strict();

export async function databaseSignup(request: Request, body: z.infer<typeof databaseSignupSchema>): Promise<Response> {
  const { client_id: clientId, connection: connectionName, email: typed, password, ...profile } = body;
  const info = requestInfoFrom(request.headers);
  const refuse = async (code: "invalid_request" | "invalid_client", description: string): Promise<never> => {
    await logEvent({ type: "fs", clientId, connection: connectionName, request: info, description: `Database signup refused: ${description}` });
    throw new ApiError(code, description);
  };
  const client = await clientById(clientId);
  if (!client) return refuse("invalid_client", "Unknown client");
  const connection = await connectionNamed(connectionName);
  if (!connection) return refuse("invalid_request", `No connection named ${connectionName}`);
  if (!connection.passwordsEnabled) return refuse("invalid_request", "This connection is passkey-only: users sign up with a passkey (/passkey/register)");
  const email = emailSchema.safeParse(typed);
  if (!email.success) return refuse("invalid_request", "email: must be an email address");
  const broken = passwordRuleBroken(password, connection.passwordMinLength);
  if (broken) return refuse("invalid_request", broken);
  await spend("signupsPerIp", info.ip ?? "unknown");
  let user;
  try {
    user = await createPasswordUser({ connectionId: connection.id, email: email.data, password, profile });
  } catch (error) {
    if (error instanceof UserExistsError) return refuse("invalid_request", "The user already exists");
    if (error instanceof CustomStoreError) {
      await logEvent({
        type: "fs",
        clientId,
        connection: connection.name,
        request: info,
        description: "The user store failed",
        details: storeFailureDetails(error),
      });
      throw new ApiError("temporarily_unavailable", apiFailure("store_unavailable").description);
    }
    throw error;
  }
  await logEvent({ type: "ss", clientId, connection: connection.name, userId: user.id, request: info, description: "Successful signup (database connection)" });
  // As a hosted signup: a link to confirm the address (a custom database's store keeps its own state).
  if (!connection.customStore)
    await sendVerificationLink({ id: user.id, email: email.data }, localeOf({ acceptLanguage: request.headers.get("accept-language") }), clientId);
  // A new user's email is not verified yet (on a custom database the store says, at the next login).
  return json({ _id: user.id, email: email.data, email_verified: false, ...profile });
}

// POST /dbconnections/change_password: Auth0's way for an application to start password recovery
// for a user (lib/flows/recovery.ts). The answer is the same sentence whether or not the account
// exists; the email's link works in any browser, since no login asked for it, and ends at a page
// that says the password is changed (a login then starts from the application, MFA included).

export const changePasswordSchema = z
  .object({
    client_id: z.string().min(1).max(128),
    connection: z.string().min(1).max(128),
    email: z.string().max(254),
  })
  .strict();

export const CHANGE_PASSWORD_SENT = "We've just sent you an email to reset your password.";

export async function databaseChangePassword(request: Request, body: z.infer<typeof changePasswordSchema>): Promise<Response> {
  const { client_id: clientId, connection: connectionName } = body;
  const info = requestInfoFrom(request.headers);
  const refuse = async (code: "invalid_request" | "invalid_client", description: string): Promise<never> => {
    await logEvent({ type: "fcpr", clientId, connection: connectionName, request: info, description: `Change password request refused: ${description}` });
    throw new ApiError(code, description);
  };
  if (!(await clientById(clientId))) return refuse("invalid_client", "Unknown client");
  const connection = await connectionNamed(connectionName);
  if (!connection) return refuse("invalid_request", `No connection named ${connectionName}`);
  const locale = localeOf({ acceptLanguage: request.headers.get("accept-language") });
  const sent = await sendRecoveryLink(body.email, { connection, clientId, transactionId: null, request: info, locale });
  if (sent === "invalid_email") return refuse("invalid_request", "email: must be an email address");
  return new Response(CHANGE_PASSWORD_SENT, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
