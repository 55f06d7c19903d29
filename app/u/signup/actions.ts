"use server";
import { errorResult } from "@/lib/flows/result";
import { finishPasskeySignup, passkeySignupOptions, signupWithPassword, submitSignupEmail } from "@/lib/flows/signup";
import { currentTransaction, requestInfo } from "../transaction";

// Server actions of the signup steps; validation and decisions live in lib/flows/signup.

export async function submitEmail(state: string, email: unknown) {
  try {
    return await submitSignupEmail(await currentTransaction(state), email);
  } catch (error) {
    return errorResult(error);
  }
}

export async function getCreationOptions(state: string) {
  try {
    return await passkeySignupOptions(await currentTransaction(state));
  } catch (error) {
    return errorResult(error);
  }
}

export async function finishCreation(state: string, response: unknown) {
  try {
    return await finishPasskeySignup(await currentTransaction(state), response, await requestInfo());
  } catch (error) {
    return errorResult(error);
  }
}

export async function submitPassword(state: string, password: unknown) {
  try {
    return await signupWithPassword(await currentTransaction(state), { password }, await requestInfo());
  } catch (error) {
    return errorResult(error);
  }
}
