"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useState } from "react";
import { AnotherWay } from "@/components/another-way";
import { Button } from "@/components/button";
import { KeyIcon } from "@/components/icons";
import { passkeyCapabilities, type PasskeyCapabilities } from "@/components/capabilities";
import { abortPendingCeremony, passkeyCeremony } from "@/components/ceremony";
import { ErrorMessage } from "@/components/error-message";
import { FieldErrorContext, TextField } from "@/components/text-field";
import { useStep, type StepOutcome } from "@/components/use-step";
import type { FieldProps } from "../identifier-fields";
import { finishPasskey, getPasskeyOptions, submitIdentifier } from "./actions";

type Props = {
  state: string;
  defaultIdentifier: string;
  field: FieldProps;
  autofill: boolean;
  button: boolean;
  /** The identifier step as a plain form, for browsers without scripts (app/u/form-result.ts), and the error it came back with. */
  formAction: (form: FormData) => Promise<void>;
  initialError?: string;
};

/** Autofill starts again after a failure at most this often per page, each time a little later (one second, then two, … at most five). */
const MAX_REARMS = 10;

/**
 * Identifier first (an email, username or phone number: `field` says which), with passkeys as the
 * connection's policy says: autofill (a conditional request, so the browser offers passkeys in the
 * email field), the "Continue with a passkey" button, or both. Where the browser cannot autofill,
 * the button (if the policy has it) or the password remains. Autofill re-arms itself after the
 * button's prompt is cancelled or fails, and after the server refuses a passkey or an identifier:
 * whatever went wrong, the field offers passkeys again.
 */
export function LoginForm({ state, defaultIdentifier, field, autofill, button, formAction, initialError }: Props) {
  const t = useTranslations();
  const { error, pending, run } = useStep(initialError);
  const errorId = useId();
  const [caps, setCaps] = useState<PasskeyCapabilities | undefined>();
  // The autofill request's life: "pending" while the browser offers passkeys in the email field,
  // "done" once it ended (also lets tests wait for either).
  const [conditional, setConditional] = useState<"idle" | "pending" | "done">("idle");
  // How many times autofill was started again on this page (the effect below runs once per value).
  const [rearms, setRearms] = useState(0);
  const rearm = useCallback(() => setRearms((n) => Math.min(n + 1, MAX_REARMS + 1)), []);
  /** Runs a step; when it fails, autofill starts again. */
  const runThenRearm = useCallback(
    (step: () => Promise<StepOutcome | { ok: false; error: string } | undefined>) =>
      run(async () => {
        const outcome = await step();
        if (!outcome?.ok) rearm();
        return outcome;
      }),
    [run, rearm],
  );

  useEffect(() => {
    // One conditional request per mount; StrictMode's extra mount in development cancels the first.
    const unmounted = new AbortController();
    const cancelled = () => unmounted.signal.aborted;
    void (async () => {
      const found = await passkeyCapabilities();
      if (cancelled()) return;
      setCaps(found);
      if (!autofill || !found.autofill || rearms > MAX_REARMS) return;
      if (rearms > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * rearms, 5000)));
      if (cancelled()) return;
      const options = await getPasskeyOptions(state, "discoverable");
      if (cancelled() || !options.ok) return;
      try {
        const pending = startAuthentication({ optionsJSON: options.options, useBrowserAutofill: true });
        setConditional("pending");
        const response = await pending;
        runThenRearm(() => finishPasskey(state, "discoverable", response));
      } catch {
        // Autofill is passive: when it ends without a passkey (none on this device, dismissed,
        // or replaced by the button or the form) there is nothing to tell the user.
      } finally {
        if (!cancelled()) setConditional("done");
      }
    })();
    return () => {
      unmounted.abort();
      abortPendingCeremony();
    };
  }, [autofill, state, runThenRearm, rearms]);

  // Starting a modal request aborts the pending autofill request (SimpleWebAuthn does it).
  const withPasskey = (hybrid = false) =>
    runThenRearm(() =>
      passkeyCeremony(
        () => getPasskeyOptions(state, "discoverable", hybrid),
        (optionsJSON) => startAuthentication({ optionsJSON }),
        (response) => finishPasskey(state, "discoverable", response),
      ),
    );

  return (
    <>
      <form
        // Our translated errors, never the browser's own validation bubble (in its own language).
        noValidate
        action={formAction}
        className="space-y-4"
        data-conditional={conditional}
        data-rearms={rearms}
        data-autofill={caps ? (autofill && caps.autofill ? "on" : "off") : "unknown"}
        onSubmit={(event) => {
          event.preventDefault();
          abortPendingCeremony();
          const identifier = new FormData(event.currentTarget).get("identifier");
          runThenRearm(() => submitIdentifier(state, identifier));
        }}
      >
        <FieldErrorContext value={{ error, errorId }}>
          <TextField id="identifier" name="identifier" {...field} autoComplete="username webauthn" defaultValue={defaultIdentifier} required autoFocus />
        </FieldErrorContext>
        <ErrorMessage id={errorId} message={error ? t(`errors.${error}`) : undefined} />
        <Button type="submit" disabled={pending} plain>
          {t("common.continue")}
        </Button>
      </form>
      {button && caps?.webauthn ? (
        <>
          <div className="flex items-center gap-3 text-xs uppercase text-zinc-500">
            <span className="h-px flex-1 bg-zinc-200" />
            {t("common.or")}
            <span className="h-px flex-1 bg-zinc-200" />
          </div>
          <Button type="button" variant="secondary" onClick={() => withPasskey()} disabled={pending}>
            <KeyIcon />
            {t("login.passkeyButton")}
          </Button>
          <AnotherWay action="login" onHybrid={() => withPasskey(true)} disabled={pending} />
        </>
      ) : null}
    </>
  );
}
