"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { AnotherWay } from "@/components/another-way";
import { Button } from "@/components/button";
import { KeyIcon } from "@/components/icons";
import { passkeyCapabilities, type PasskeyCapabilities } from "@/components/capabilities";
import { abortPendingCeremony, passkeyCeremony } from "@/components/ceremony";
import { ErrorMessage } from "@/components/error-message";
import { TextField } from "@/components/text-field";
import { useStep } from "@/components/use-step";
import type { FieldProps } from "../identifier-fields";
import { finishPasskey, getPasskeyOptions, submitIdentifier } from "./actions";

type Props = { state: string; defaultIdentifier: string; field: FieldProps; autofill: boolean; button: boolean };

/**
 * Identifier first (an email, username or phone number: `field` says which), with passkeys as the connection's policy says: autofill (a conditional request
 * started once on load, so the browser offers passkeys in the email field), the "Continue with a
 * passkey" button, or both. Where the browser cannot autofill, the button (if the policy has it)
 * or the password remains.
 */
export function LoginForm({ state, defaultIdentifier, field, autofill, button }: Props) {
  const t = useTranslations();
  const { error, pending, run } = useStep();
  const [caps, setCaps] = useState<PasskeyCapabilities | undefined>();
  // The autofill request's life: "pending" while the browser offers passkeys in the email field,
  // "done" once it ended (also lets tests wait for either).
  const [conditional, setConditional] = useState<"idle" | "pending" | "done">("idle");

  useEffect(() => {
    // One conditional request per mount; StrictMode's extra mount in development cancels the first.
    const unmounted = new AbortController();
    const cancelled = () => unmounted.signal.aborted;
    void (async () => {
      const found = await passkeyCapabilities();
      if (cancelled()) return;
      setCaps(found);
      if (!autofill || !found.autofill) return;
      const options = await getPasskeyOptions(state, "discoverable");
      if (cancelled() || !options.ok) return;
      try {
        const pending = startAuthentication({ optionsJSON: options.options, useBrowserAutofill: true });
        setConditional("pending");
        const response = await pending;
        run(() => finishPasskey(state, "discoverable", response));
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
  }, [autofill, state, run]);

  // Starting a modal request aborts the pending autofill request (SimpleWebAuthn does it).
  const withPasskey = (hybrid = false) =>
    run(() =>
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
        className="space-y-4"
        data-conditional={conditional}
        data-autofill={caps ? (autofill && caps.autofill ? "on" : "off") : "unknown"}
        onSubmit={(event) => {
          event.preventDefault();
          abortPendingCeremony();
          const identifier = new FormData(event.currentTarget).get("identifier");
          run(() => submitIdentifier(state, identifier));
        }}
      >
        <TextField id="identifier" name="identifier" {...field} autoComplete="username webauthn" defaultValue={defaultIdentifier} required autoFocus />
        <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
        <Button type="submit" disabled={pending}>
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
