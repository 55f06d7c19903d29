"use server";
import { cookies } from "next/headers";
import { accountApp } from "@/lib/account/app";
import {
  accountPasskeyOptions,
  addAccountPasskey,
  confirmAccountTotp,
  deleteAccountPasskey,
  removeAccountTotp,
  renameAccountPasskey,
} from "@/lib/flows/account";
import { errorResult } from "@/lib/flows/result";
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

// Setting up the authenticator app: the secret waits in a signed, HttpOnly cookie until the
// first code confirms it (the user sees it anyway, in the QR code).
const TOTP_COOKIE = "account_totp";

export async function startTotpSetup() {
  return asUser(async (userId) => {
    const user = await findUserById(userId);
    if (!user) return { ok: false as const, error: "expired" as const };
    if (user.mfaFactors.length > 0) return { ok: false as const, error: "mfa_exists" as const };
    const secret = newTotpSecret();
    (await cookies()).set(TOTP_COOKIE, await seal(accountApp, { secret, userId }, 600), cookieOptions(accountApp, 600));
    return { ok: true as const, setup: await totpSetup(secret, userName(user)) };
  });
}

async function pendingTotpSecret(userId: string): Promise<string | undefined> {
  const pending = await unseal<{ secret: string; userId: string }>(accountApp, (await cookies()).get(TOTP_COOKIE)?.value);
  return pending?.userId === userId ? pending.secret : undefined;
}

export async function confirmTotp(code: unknown) {
  return asUser(async (userId) => {
    const result = await confirmAccountTotp(userId, await pendingTotpSecret(userId), code, await requestInfo());
    if (result.ok) (await cookies()).delete({ name: TOTP_COOKIE, path: accountApp.path });
    return result;
  });
}

export async function removeTotp() {
  return asUser((userId) => removeAccountTotp(userId));
}
