"use server";
import { confirmMfaSetup, verifyMfaCode, verifyRecoveryCode } from "@/lib/flows/mfa";
import { withTransaction } from "../transaction";

// Server actions of the second factor during a login (lib/flows/mfa decides).

export async function submitCode(state: string, code: unknown) {
  return withTransaction(state, (txn, request, browser) => verifyMfaCode(txn, code, request, browser));
}

export async function confirmSetup(state: string, code: unknown) {
  return withTransaction(state, (txn, request, browser) => confirmMfaSetup(txn, code, request, browser));
}

export async function submitRecoveryCode(state: string, code: unknown) {
  return withTransaction(state, (txn, request, browser) => verifyRecoveryCode(txn, code, request, browser));
}
