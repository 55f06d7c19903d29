"use server";
import { openRecoveryLink, recoverWithPasskey, recoveryPasskeyOptions, requestRecovery, resetPassword, type RecoveryLink } from "@/lib/flows/recovery";
import type { RequestInfo } from "@/lib/logs/events";
import type { BrowserState } from "@/lib/flows/after-login";
import { transactionOrNull, withoutTransaction, withTransaction } from "../transaction";
import { fieldOf, followAsForm } from "../form-result";

// Server actions of account recovery: asking for the link (from a login), then, from the link
// (which may come with no login at all when the API sent it), a new password or a new passkey.

export async function askForRecoveryLink(state: string, email: unknown) {
  return withTransaction(state, (txn, request, browser) => requestRecovery(txn, email, request, browser.locale ?? "en"));
}

/** A step of the link's page: the link as this browser opens it. */
async function withLink<T>(ticket: unknown, step: (link: RecoveryLink, request: RequestInfo, browser: BrowserState) => Promise<T>) {
  return withoutTransaction(async (request, browser) => step(await openRecoveryLink(ticket, transactionOrNull), request, browser));
}

export async function saveNewPassword(ticket: string, password: unknown) {
  return withLink(ticket, (link, request, browser) => resetPassword(link, password, request, browser));
}

export async function getRecoveryPasskeyOptions(ticket: string) {
  return withLink(ticket, (link) => recoveryPasskeyOptions(link));
}

export async function finishRecoveryPasskey(ticket: string, response: unknown) {
  return withLink(ticket, (link, request, browser) => recoverWithPasskey(link, response, request, browser));
}

// The same steps as plain forms (no scripts): app/u/form-result.ts.

export async function askForRecoveryLinkForm(state: string, form: unknown) {
  followAsForm(`/u/reset-password?state=${encodeURIComponent(state)}`, await askForRecoveryLink(state, fieldOf(form, "email")));
}

export async function saveNewPasswordForm(ticket: string, form: unknown) {
  followAsForm(`/u/reset-password/new?ticket=${encodeURIComponent(ticket)}`, await saveNewPassword(ticket, fieldOf(form, "password")));
}
