"use server";
import { resendEmailCode, verifyEmailCode } from "@/lib/flows/verify-email";
import { withTransaction } from "../transaction";

// Server actions of the email code step (lib/flows/verify-email decides).

export async function submitEmailCode(state: string, code: unknown) {
  return withTransaction(state, (txn, request, browser) => verifyEmailCode(txn, code, request, browser));
}

export async function sendNewEmailCode(state: string) {
  return withTransaction(state, (txn, request, browser) => resendEmailCode(txn, request, browser));
}
