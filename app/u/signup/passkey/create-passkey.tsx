"use client";
import { browserSupportsWebAuthn, startRegistration } from "@simplewebauthn/browser";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { AnotherWay } from "@/components/another-way";
import { Button } from "@/components/button";
import { passkeyCeremony } from "@/components/ceremony";
import { ErrorMessage } from "@/components/error-message";
import { subscribeToNothing, useHydrated } from "@/components/use-hydrated";
import { useStep } from "@/components/use-step";
import { KeyIcon } from "@/components/icons";
import { finishCreation, getCreationOptions } from "../actions";

/** `passwords`: whether the connection offers a password instead (not when it is passkey-only). */
export function CreatePasskey({ state, passwords }: { state: string; passwords: boolean }) {
  const t = useTranslations();
  const { error, pending, run } = useStep();
  // Known once the page runs; without scripts no passkey control shows, only the password link.
  const hydrated = useHydrated();
  const supported = useSyncExternalStore(subscribeToNothing, browserSupportsWebAuthn, () => true);

  const create = (hybrid = false) =>
    run(() =>
      passkeyCeremony(
        () => getCreationOptions(state, hybrid),
        (optionsJSON) => startRegistration({ optionsJSON }),
        (response) => finishCreation(state, response),
      ),
    );

  return (
    <>
      <ErrorMessage message={supported ? (error ? t(`errors.${error}`) : undefined) : t("errors.not_supported")} />
      {supported && hydrated ? (
        <>
          <Button type="button" onClick={() => create()} disabled={pending} autoFocus>
            <KeyIcon />
            {t("signupPasskey.button")}
          </Button>
          <AnotherWay action="create" onHybrid={() => create(true)} disabled={pending} />
        </>
      ) : null}
      {passwords && (
        <Link className="block text-center text-sm font-medium text-zinc-700 underline" href={`/u/signup/password?state=${state}`}>
          {t("signupPasskey.usePassword")}
        </Link>
      )}
    </>
  );
}
