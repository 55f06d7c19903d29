import { z } from "zod";
import { logEvent, type RequestInfo } from "../logs/events";
import { newRecoveryCodes, storeRecoveryCodes, type PendingSetup } from "../mfa/recovery-codes";
import { enrollTotp, hasTotp, removeTotp } from "../mfa/totp";
import { deletePasskey, passkeyNameSchema, renamePasskey } from "../users/passkeys";
import { clearPasskeyPromptSnooze } from "../users/store";
import { addPasskeyOptions, finishAddPasskey, type AddPasskeyOptions } from "./add-passkey";
import { errorResult, type ErrorCode } from "./result";

// Account settings for a signed-in user: add, rename and delete passkeys; set up or remove the
// authenticator app. The ceremonies are the same ones the login pages use (lib/webauthn); the
// challenge is bound to the user's account session instead of a login transaction.

export type AccountResult = { ok: true } | { ok: false; error: ErrorCode };

const ceremonyKey = (userId: string) => `account:${userId}`;

export async function accountPasskeyOptions(userId: string): Promise<AddPasskeyOptions> {
  return addPasskeyOptions(ceremonyKey(userId), userId);
}

export async function addAccountPasskey(userId: string, response: unknown, request: RequestInfo): Promise<AccountResult> {
  const added = await finishAddPasskey({ transactionId: ceremonyKey(userId), kinds: ["enroll"] }, userId, response, {
    request,
    description: "Passkey enrolled from account settings",
    details: { authenticator: "passkey" },
  });
  if (!added.ok) return added;
  // Adding one from settings ends an earlier "don't ask again": the user is choosing passkeys now.
  await clearPasskeyPromptSnooze(userId);
  return { ok: true };
}

const idSchema = z.string().min(1).max(1366);

export async function renameAccountPasskey(userId: string, passkeyId: unknown, name: unknown): Promise<AccountResult> {
  const id = idSchema.safeParse(passkeyId);
  const parsed = passkeyNameSchema.safeParse(name);
  if (!id.success) return { ok: false, error: "not_found" };
  if (!parsed.success) return { ok: false, error: "invalid_name" };
  try {
    await renamePasskey(userId, id.data, parsed.data);
    return { ok: true };
  } catch (error) {
    return errorResult(error);
  }
}

export async function deleteAccountPasskey(userId: string, passkeyId: unknown): Promise<AccountResult> {
  const id = idSchema.safeParse(passkeyId);
  if (!id.success) return { ok: false, error: "not_found" };
  try {
    await deletePasskey(userId, id.data);
    return { ok: true };
  } catch (error) {
    return errorResult(error);
  }
}

export async function confirmAccountTotp(userId: string, setup: PendingSetup | undefined, code: unknown, request: RequestInfo): Promise<AccountResult> {
  if (!setup) return { ok: false, error: "expired" };
  const outcome = typeof code === "string" ? await enrollTotp(userId, setup.secret, code, setup.recoveryCodes) : "invalid_code";
  if (outcome === "exists") return { ok: false, error: "mfa_exists" };
  if (outcome !== "ok") return { ok: false, error: "invalid_code" };
  await logEvent({
    type: "gd_enrollment_complete",
    userId,
    request,
    description: "Authenticator app enrolled from account settings",
    details: { authenticator: "otp" },
  });
  return { ok: true };
}

/** New recovery codes, shown once; the old ones stop working. Only with an app set up (they stand in for it). */
export async function renewRecoveryCodes(
  userId: string,
  request: RequestInfo,
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; error: ErrorCode }> {
  if (!(await hasTotp(userId))) return { ok: false, error: "expired" };
  const recoveryCodes = newRecoveryCodes();
  await storeRecoveryCodes(userId, recoveryCodes);
  await logEvent({ type: "gd_recovery_rotated", userId, request, description: "New recovery codes from account settings" });
  return { ok: true, recoveryCodes };
}

export async function removeAccountTotp(userId: string): Promise<AccountResult> {
  await removeTotp(userId);
  return { ok: true };
}
