"use server";
import { cookies } from "next/headers";
import { accountApp } from "@/lib/account/app";
import {
  accountPasskeyOptions,
  addAccountPasskey,
  confirmAccountTotp,
  renewRecoveryCodes,
  deleteAccountPasskey,
  removeAccountTotp,
  renameAccountPasskey,
} from "@/lib/flows/account";
import { errorResult } from "@/lib/flows/result";
import { newRecoveryCodes, type PendingSetup } from "@/lib/mfa/recovery-codes";
import { newTotpSecret, totpSetup } from "@/lib/mfa/totp";
import { findUserById } from "@/lib/users/store";
import { userName } from "@/lib/users/identifiers";
import { cookieOptions, seal, unseal } from "@/lib/rp/app";
import { requestInfo } from "../transaction";
import { accountSession } from "./session";

// Server actions of account settings. Each one acts for the signed-in user only (the account
// session cookie), and lib/flows/account validates the input.

async function asUser<T>(step: (userId: string) => Promise<T>) {
  const session = await accountSession();
  if (!session) return { ok: false as const, error: "expired" as const };
  try {
    return await step(session.userId);
  } catch (error) {
    return errorResult(error);
  }
}

export async function getPasskeyOptions() {
  return asUser((userId) => accountPasskeyOptions(userId));
}

export async function addPasskey(response: unknown) {
  return asUser(async (userId) => addAccountPasskey(userId, response, await requestInfo()));
}

export async function renamePasskey(passkeyId: unknown, name: unknown) {
  return asUser((userId) => renameAccountPasskey(userId, passkeyId, name));
}

export async function deletePasskey(passkeyId: unknown) {
  return asUser((userId) => deleteAccountPasskey(userId, passkeyId));
}

// Setting up the authenticator app: the secret and its recovery codes wait in a signed, HttpOnly
// cookie until the first code confirms them (the user sees them anyway, on the page).
const TOTP_COOKIE = "account_totp";

export async function startTotpSetup() {
  return asUser(async (userId) => {
    const user = await findUserById(userId);
    if (!user) return { ok: false as const, error: "expired" as const };
    if (user.mfaFactors.length > 0) return { ok: false as const, error: "mfa_exists" as const };
    const secret = newTotpSecret();
    const recoveryCodes = newRecoveryCodes();
    (await cookies()).set(TOTP_COOKIE, await seal(accountApp, { secret, recoveryCodes, userId }, 600), cookieOptions(accountApp, 600));
    return { ok: true as const, setup: { ...(await totpSetup(secret, userName(user))), recoveryCodes } };
  });
}

async function pendingSetup(userId: string): Promise<PendingSetup | undefined> {
  const pending = await unseal<PendingSetup & { userId: string }>(accountApp, (await cookies()).get(TOTP_COOKIE)?.value);
  return pending?.userId === userId ? { secret: pending.secret, recoveryCodes: pending.recoveryCodes } : undefined;
}

export async function confirmTotp(code: unknown) {
  return asUser(async (userId) => {
    const result = await confirmAccountTotp(userId, await pendingSetup(userId), code, await requestInfo());
    if (result.ok) (await cookies()).delete({ name: TOTP_COOKIE, path: accountApp.path });
    return result;
  });
}

export async function renewRecoveryCodesAction() {
  return asUser(async (userId) => renewRecoveryCodes(userId, await requestInfo()));
}

export async function removeTotp() {
  return asUser((userId) => removeAccountTotp(userId));
}
