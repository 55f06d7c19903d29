"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { AnotherWay } from "@/components/another-way";
import { Button } from "@/components/button";
import { passkeyCeremony } from "@/components/ceremony";
import { ErrorMessage } from "@/components/error-message";
import { useStep } from "@/components/use-step";
import { useHydrated } from "@/components/use-hydrated";
import { finishPasskey, getPasskeyOptions } from "../actions";
import { KeyIcon } from "@/components/icons";

export function PasskeyStep({ state, passwordHref }: { state: string; passwordHref?: string }) {
  const t = useTranslations();
  const { error, pending, run } = useStep();
  // A passkey needs scripts: without them only the password link shows.
  const hydrated = useHydrated();
  const signInWithPasskey = (hybrid = false) =>
    run(() =>
      passkeyCeremony(
        () => getPasskeyOptions(state, "remembered", hybrid),
        (optionsJSON) => startAuthentication({ optionsJSON }),
        (response) => finishPasskey(state, "remembered", response),
      ),
    );
  return (
    <>
      <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
      {hydrated && (
        <>
          <Button type="button" onClick={() => signInWithPasskey()} disabled={pending} autoFocus>
            <KeyIcon />
            {t("loginPasskey.button")}
          </Button>
          <AnotherWay action="login" onHybrid={() => signInWithPasskey(true)} disabled={pending} />
        </>
      )}
      {passwordHref ? (
        <Link className="block text-center text-sm font-medium text-zinc-700 underline" href={passwordHref}>
          {t("loginPasskey.usePassword")}
        </Link>
      ) : null}
    </>
  );
}
