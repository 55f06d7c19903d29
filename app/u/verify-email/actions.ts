"use server";
import { confirmEmailLink } from "@/lib/flows/verify-email";
import { errorResult } from "@/lib/flows/result";
import { inUnitOfWork } from "@/lib/unit-of-work";
import { requestInfo } from "../transaction";

/** The link mailed after signup; no login goes with it. */
export async function confirmEmail(ticket: string) {
  const request = await requestInfo();
  try {
    return await inUnitOfWork(() => confirmEmailLink(ticket, request));
  } catch (error) {
    return errorResult(error);
  }
}
