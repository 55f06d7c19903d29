import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { UserBlockedError } from "../users/store";
import { z } from "zod";
import { logEvent, type RequestInfo } from "../logs/events";
import { rememberIdentity, type Transaction } from "../oidc/transaction";
import { isCrossDeviceLogin } from "../policy/enrollment";
import { LimitReachedError, logRefusal, spend } from "../limits";
import { assertPasswordAllowed, clearPasswordFailures, countPasswordFailure } from "../users/blocks";
import { identifierOf, parseLoginIdentifier } from "../users/identifiers";
import { confirmPasskeyUser, userByIdentifier, userByPassword } from "../users/directory";
import { storeFailureDetails } from "../users/custom-store";
import { currentSite, siteNameForRpId } from "../sites";
import { PASSWORD_MAX_LENGTH } from "../users/passwords";
import { authenticationOptions, verifyAuthentication } from "../webauthn/authentication";
import { WebAuthnError } from "../webauthn/errors";
import { afterFirstFactor, type BrowserState } from "./after-login";
import { errorResult, fail, go, INVALID_IDENTIFIER, type StepResult } from "./result";

// Login: identifier first (an email, username or phone number, as the connection allows). A user
// with a passkey for this site's RP ID is offered it; anyone else (including an unknown
// identifier, so the page does not reveal who has an account) goes to the password step.

const step = (page: string, txn: Transaction) => `/u/login/${page}?state=${txn.id}`;

export async function submitLoginIdentifier(txn: Transaction, input: unknown, request: RequestInfo = {}): Promise<StepResult> {
  const parsed = parseLoginIdentifier(txn.connection.attributes, input);
  if (!parsed.ok) return fail(parsed.looksLike ? INVALID_IDENTIFIER[parsed.looksLike] : "invalid_identifier");
  const { identifier } = parsed;
  await rememberIdentity(txn.id, txn.connection.id, { [identifier.type]: identifier.value });
  let user: Awaited<ReturnType<typeof userByIdentifier>>;
  try {
    user = await userByIdentifier(txn.connection.id, identifier);
  } catch (error) {
    return storeFailed(txn, error, request);
  }
  // Passkey-only: everyone goes to the passkey step (with "Lost your passkey?"), known or not.
  if (!txn.connection.passwordsEnabled) return go(step("passkey", txn));
  if (!txn.connection.passkeysEnabled || !user?.passkeys.length) return go(step("password", txn));
  // A passkey works for the RP ID it was made for: on a custom domain with another one, the
  // password, and the page says where the passkey works.
  const { rpId } = await currentSite();
  if (user.passkeys.some((p) => p.rpId === rpId)) return go(step("passkey", txn));
  return go(`${step("password", txn)}&passkey_on=${encodeURIComponent(await siteNameForRpId(user.passkeys[0].rpId))}`);
}

/**
 * Request options for a passkey sign-in. They never list credential ids: anyone can type an
 * identifier, so the step after it asks for any discoverable credential too, and finishPasskeyLogin
 * checks that the passkey is the remembered user's (options that named the user's credentials
 * would hand them to whoever typed the address).
 */
export async function passkeyLoginOptions(
  txn: Transaction,
  opts: { forRememberedUser: boolean; hybrid?: boolean },
  request: RequestInfo,
): Promise<{ ok: true; options: PublicKeyCredentialRequestOptionsJSON } | { ok: false; error: "passkeys_disabled" | "expired" }> {
  if (!txn.connection.passkeysEnabled) return { ok: false, error: "passkeys_disabled" };
  if (opts.forRememberedUser && !txn.identifier) return { ok: false, error: "expired" };
  await spend("passkeyChallengesPerIp", request.ip ?? "unknown");
  const options = await authenticationOptions({ kind: "login", transactionId: txn.id, hybrid: opts.hybrid });
  await logEvent({
    type: "passkey_challenge_started",
    clientId: txn.clientId,
    connection: txn.connection.name,
    request,
    description: "Passkey challenge started",
  });
  return { ok: true, options };
}

export async function finishPasskeyLogin(
  txn: Transaction,
  response: unknown,
  opts: { forRememberedUser: boolean },
  request: RequestInfo,
  browser: BrowserState = {},
): Promise<StepResult> {
  if (!txn.connection.passkeysEnabled) return fail("passkeys_disabled");
  try {
    const { user, passkey, authenticatorAttachment } = await verifyAuthentication({ challenge: { transactionId: txn.id, kinds: ["login"] }, response });
    const userId = user.id;
    // The passkey step after the identifier: the passkey must be that account's.
    if (
      opts.forRememberedUser &&
      txn.identifier &&
      (identifierOf(user, txn.identifier.type) !== txn.identifier.value || user.connectionId !== txn.connection.id)
    ) {
      return fail("wrong_account");
    }
    if (!(await confirmPasskeyUser(user.connectionId, user))) {
      await logEvent({
        type: "f",
        clientId: txn.clientId,
        connection: txn.connection.name,
        userId,
        request,
        description: "The user store no longer has this user",
      });
      return fail("unknown_credential");
    }
    const crossDevice = isCrossDeviceLogin(authenticatorAttachment, passkey.transports);
    return await afterFirstFactor(txn, { userId, amr: ["phr"], crossDevice }, request, browser);
  } catch (error) {
    if (error instanceof UserBlockedError) {
      await logEvent({ type: "f", clientId: txn.clientId, connection: txn.connection.name, request, description: "user is blocked (passkey)" });
    }
    if (storeFailureDetails(error)) return storeFailed(txn, error, request);
    if (error instanceof WebAuthnError) {
      await logEvent({
        type: "passkey_challenge_failed",
        clientId: txn.clientId,
        connection: txn.connection.name,
        request,
        description: error.message,
        ...error.logFields,
      });
    }
    return errorResult(error);
  }
}

const passwordLoginSchema = z.object({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });

export async function loginWithPassword(txn: Transaction, input: unknown, request: RequestInfo, browser: BrowserState = {}): Promise<StepResult> {
  const { identifier } = txn;
  if (!identifier) return fail("expired");
  if (!txn.connection.passwordsEnabled) {
    await logEvent({ type: "f", clientId: txn.clientId, connection: txn.connection.name, request, description: "Passwords are off on this connection" });
    return fail("passwords_disabled");
  }
  const parsed = passwordLoginSchema.safeParse(input);
  if (!parsed.success) return fail("wrong_credentials");
  const pair = { connectionId: txn.connection.id, identifier: identifier.value, ip: request.ip ?? "unknown" };
  const context = { request, clientId: txn.clientId, connection: txn.connection.name };
  let failuresSoFar: number;
  try {
    failuresSoFar = await assertPasswordAllowed(pair);
  } catch (error) {
    if (!(error instanceof LimitReachedError)) throw error;
    await logRefusal(error, context);
    return errorResult(error);
  }
  let user: Awaited<ReturnType<typeof userByPassword>>;
  try {
    user = await userByPassword(txn.connection.id, identifier, parsed.data.password);
  } catch (error) {
    return storeFailed(txn, error, request);
  }
  if (!user) {
    await logEvent({ type: "fp", ...context, description: "Wrong identifier or password" });
    const block = await countPasswordFailure(pair);
    if (!block) return fail("wrong_credentials");
    await logRefusal(block, context);
    return errorResult(block);
  }
  if (failuresSoFar > 0) await clearPasswordFailures(pair); // no write when there is nothing to forgive
  if (user.blocked) {
    await logEvent({ type: "f", ...context, userId: user.id, description: "user is blocked (password)" });
    return fail("user_blocked");
  }
  return afterFirstFactor(txn, { userId: user.id, amr: ["pwd"] }, request, browser);
}

/** The connection's user store failed (lib/users/custom-store.ts): a failed login, logged with why. */
async function storeFailed(txn: Transaction, error: unknown, request: RequestInfo): Promise<StepResult> {
  const details = storeFailureDetails(error);
  if (details) await logEvent({ type: "f", clientId: txn.clientId, connection: txn.connection.name, request, description: "The user store failed", details });
  return errorResult(error);
}
