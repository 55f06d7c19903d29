"use server";
import { finishPasskeyLogin, loginWithPassword, passkeyLoginOptions, submitLoginIdentifier } from "@/lib/flows/login";
import { withTransaction } from "../transaction";
import { fieldOf, followAsForm } from "../form-result";

// Server actions of the login steps: each hands the raw input to lib/flows, which validates it
// and decides what comes next.

type Mode = "discoverable" | "remembered";
const forRemembered = (mode: unknown) => ({ forRememberedUser: mode === "remembered" });

export async function submitIdentifier(state: string, identifier: unknown) {
  return withTransaction(state, (txn, request) => submitLoginIdentifier(txn, identifier, request));
}

/** `hybrid`: "Try another way", the passkey is on a phone or tablet. */
export async function getPasskeyOptions(state: string, mode: Mode, hybrid: unknown = false) {
  return withTransaction(state, (txn, request) => passkeyLoginOptions(txn, { ...forRemembered(mode), hybrid: hybrid === true }, request));
}

export async function finishPasskey(state: string, mode: Mode, response: unknown) {
  return withTransaction(state, (txn, request, browser) => finishPasskeyLogin(txn, response, forRemembered(mode), request, browser));
}

export async function submitPassword(state: string, password: unknown) {
  return withTransaction(state, (txn, request, browser) => loginWithPassword(txn, { password }, request, browser));
}

// The same steps as plain forms (no scripts): app/u/form-result.ts.

export async function submitIdentifierForm(state: string, form: unknown) {
  followAsForm(`/u/login?state=${encodeURIComponent(state)}`, await submitIdentifier(state, fieldOf(form, "identifier")));
}

export async function submitPasswordForm(state: string, form: unknown) {
  followAsForm(`/u/login/password?state=${encodeURIComponent(state)}`, await submitPassword(state, fieldOf(form, "password")));
}
