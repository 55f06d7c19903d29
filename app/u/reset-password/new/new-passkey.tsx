"use client";
import { browserSupportsWebAuthn, startRegistration } from "@simplewebauthn/browser";
import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/button";
import { passkeyCeremony } from "@/components/ceremony";
import { ErrorMessage } from "@/components/error-message";
import { KeyIcon } from "@/components/icons";
import { subscribeToNothing } from "@/components/use-hydrated";
import { useStep } from "@/components/use-step";
import { finishRecoveryPasskey, getRecoveryPasskeyOptions } from "../actions";

/** Passkey-only recovery: the new passkey is made here, and only then does the login go on. */
export function NewPasskey({ ticket }: { ticket: string }) {
  const t = useTranslations();
  const { error, pending, run } = useStep();
  const supported = useSyncExternalStore(subscribeToNothing, browserSupportsWebAuthn, () => true);
  const create = () =>
    run(() =>
      passkeyCeremony(
        () => getRecoveryPasskeyOptions(ticket),
        (optionsJSON) => startRegistration({ optionsJSON }),
        (response) => finishRecoveryPasskey(ticket, response),
      ),
    );
  return (
    <>
      <ErrorMessage message={supported ? (error ? t(`errors.${error}`) : undefined) : t("errors.not_supported")} />
      {supported ? (
        <Button type="button" onClick={create} disabled={pending} autoFocus>
          <KeyIcon />
          {t("recoverPasskeyNew.button")}
        </Button>
      ) : null}
    </>
  );
}
