"use client";
import { useCallback, useState, useTransition } from "react";

// Runs a server step; on success the browser follows the redirect (a full navigation, because
// the next stop may be the provider's /authorize resume URL, not a Next.js page).

export type StepOutcome = { ok: true; redirectTo: string } | { ok: false; error: string };

/** `initialError`: the error a plain form came back with (app/u/form-result.ts). */
export function useStep(initialError?: string) {
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, startTransition] = useTransition();
  const run = useCallback((step: () => Promise<StepOutcome | undefined>) => {
    setError(undefined);
    startTransition(async () => {
      try {
        const outcome = await step();
        if (!outcome) return;
        if (outcome.ok) window.location.assign(outcome.redirectTo);
        else setError(outcome.error);
      } catch {
        setError("server_error");
      }
    });
  }, []);
  return { error, setError, pending, run };
}
