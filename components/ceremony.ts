"use client";
import { WebAuthnAbortService } from "@simplewebauthn/browser";

// How the browser's passkey prompts end, as the error codes the pages show. An aborted request
// (autofill replaced by the button or the form) is not an error: null means "say nothing".

export function ceremonyError(error: unknown): string | null {
  const e = error as { name?: string; code?: string; cause?: { name?: string } } | undefined;
  const name = e?.cause?.name ?? e?.name;
  if (e?.code === "ERROR_CEREMONY_ABORTED" || name === "AbortError") return null;
  if (e?.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") return "credential_exists";
  if (name === "NotSupportedError" || e?.code === "ERROR_INVALID_DOMAIN") return "not_supported";
  return "cancelled";
}

/** Stops a pending conditional (autofill) request, e.g. before the email form is submitted. */
export function abortPendingCeremony(): void {
  WebAuthnAbortService.cancelCeremony();
}
