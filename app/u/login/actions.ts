"use server";
import { finishPasskeyLogin, loginWithPassword, passkeyLoginOptions, submitLoginEmail } from "@/lib/flows/login";
import { errorResult } from "@/lib/flows/result";
import { currentTransaction, requestInfo } from "../transaction";

// Server actions of the login steps: each loads the transaction (bound to this browser) and hands
// the raw input to lib/flows, which validates it and decides what comes next.

type Mode = "discoverable" | "remembered";
const forRemembered = (mode: unknown) => ({ forRememberedUser: mode === "remembered" });

export async function submitEmail(state: string, email: unknown) {
  try {
    return await submitLoginEmail(await currentTransaction(state), email);
  } catch (error) {
    return errorResult(error);
  }
}

export async function getPasskeyOptions(state: string, mode: Mode) {
  try {
    return await passkeyLoginOptions(await currentTransaction(state), forRemembered(mode), await requestInfo());
  } catch (error) {
    return errorResult(error);
  }
}

export async function finishPasskey(state: string, response: unknown, mode: Mode) {
  try {
    return await finishPasskeyLogin(await currentTransaction(state), response, forRemembered(mode), await requestInfo());
  } catch (error) {
    return errorResult(error);
  }
}

export async function submitPassword(state: string, password: unknown) {
  try {
    return await loginWithPassword(await currentTransaction(state), { password }, await requestInfo());
  } catch (error) {
    return errorResult(error);
  }
}
