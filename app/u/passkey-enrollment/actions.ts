"use server";
import { declineEnrollment, enrollmentOptions, finishEnrollment } from "@/lib/flows/enrollment";
import { snoozeLocalEnrollment, withTransaction } from "../transaction";
import { followAsForm } from "../form-result";

// Server actions of the passkey offers after a login (lib/flows/enrollment decides).

export async function getEnrollmentOptions(state: string) {
  return withTransaction(state, (txn) => enrollmentOptions(txn));
}

export async function finishPasskeyEnrollment(state: string, response: unknown) {
  return withTransaction(state, (txn, request, browser) => finishEnrollment(txn, response, request, browser));
}

/** "later" | "never" (progressive), "skip" (local: this browser is not asked for 30 days), "unavailable". */
export async function decline(state: string, choice: unknown) {
  return withTransaction(state, async (txn, request, browser) => {
    const result = await declineEnrollment(txn, choice, request, browser);
    if (result.ok && choice === "skip") await snoozeLocalEnrollment();
    return result;
  });
}

/** "Remind me later" / "Don't ask again" as plain forms (no scripts, so no passkey either): app/u/form-result.ts. */
export async function declineForm(state: string, choice: "later" | "never") {
  followAsForm(`/u/passkey-enrollment?state=${encodeURIComponent(state)}`, await decline(state, choice));
}
