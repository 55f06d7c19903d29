"use client";
import { WebAuthnAbortService } from "@simplewebauthn/browser";
import type { StepOutcome } from "./use-step";

// How the browser's passkey prompts end, as the error codes the pages show. An aborted request
// (autofill replaced by the button or the form) is not an error: null means "say nothing".

function ceremonyError(error: unknown): string | null {
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

type Options<O> = { ok: true; options: O } | { ok: false; error: string };

/**
 * One passkey prompt from start to finish: options from the server, the browser's prompt, the
 * answer back to the server. Only the prompt's own failures are mapped by ceremonyError.
 */
export async function passkeyCeremony<O, R, F = StepOutcome>(
  getOptions: () => Promise<Options<O>>,
  prompt: (options: O) => Promise<R>,
  finish: (response: R) => Promise<F>,
): Promise<F | { ok: false; error: string } | undefined> {
  const options = await getOptions();
  if (!options.ok) return options;
  let response: R;
  try {
    response = await prompt(options.options);
  } catch (error) {
    const code = ceremonyError(error);
    return code ? { ok: false, error: code } : undefined;
  }
  return finish(response);
}
