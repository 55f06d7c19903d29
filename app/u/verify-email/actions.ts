"use server";
import { confirmEmailLink } from "@/lib/flows/verify-email";
import { withoutTransaction } from "../transaction";

/** The link mailed after signup; no login goes with it. */
export async function confirmEmail(ticket: string) {
  return withoutTransaction((request) => confirmEmailLink(ticket, request));
}
