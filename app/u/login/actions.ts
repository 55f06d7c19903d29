"use server";
import { finishPasskeyLogin, loginWithPassword, passkeyLoginOptions, submitLoginEmail } from "@/lib/flows/login";
import { withTransaction } from "../transaction";

// Server actions of the login steps: each hands the raw input to lib/flows, which validates it
// and decides what comes next.

type Mode = "discoverable" | "remembered";
const forRemembered = (mode: unknown) => ({ forRememberedUser: mode === "remembered" });

export async function submitEmail(state: string, email: unknown) {
  return withTransaction(state, (txn) => submitLoginEmail(txn, email));
}

export async function getPasskeyOptions(state: string, mode: Mode) {
  return withTransaction(state, (txn, request) => passkeyLoginOptions(txn, forRemembered(mode), request));
}

export async function finishPasskey(state: string, mode: Mode, response: unknown) {
  return withTransaction(state, (txn, request) => finishPasskeyLogin(txn, response, forRemembered(mode), request));
}

export async function submitPassword(state: string, password: unknown) {
  return withTransaction(state, (txn, request) => loginWithPassword(txn, { password }, request));
}
