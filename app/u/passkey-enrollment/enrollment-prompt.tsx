"use client";
import { startRegistration } from "@simplewebauthn/browser";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { passkeyCapabilities } from "@/components/capabilities";
import { abortPendingCeremony, passkeyCeremony } from "@/components/ceremony";
import { ErrorMessage } from "@/components/error-message";
import { useStep } from "@/components/use-step";
import { KeyIcon } from "@/components/icons";
import { decline, declineForm, finishPasskeyEnrollment, getEnrollmentOptions } from "./actions";

type Props = { state: string; kind: "progressive" | "local" };

/**
 * The offer to create a passkey after a login. It needs a platform authenticator: without one the
 * offer steps aside unasked. After a password login, where the browser supports conditional
 * create, it first tries a silent upgrade in the password manager that filled the password; that
 * runs beside the visible offer, so an unsupported or refused attempt never blocks anything.
 */
export function EnrollmentPrompt({ state, kind }: Props) {
  const t = useTranslations();
  const { error, pending, run } = useStep();
  const [ready, setReady] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      const caps = await passkeyCapabilities();
      if (!caps.platformAuthenticator) {
        run(() => decline(state, "unavailable"));
        return;
      }
      setReady(true);
      if (kind !== "progressive" || !caps.conditionalCreate) return;
      const options = await getEnrollmentOptions(state);
      if (!options.ok) return;
      try {
        const response = await startRegistration({ optionsJSON: options.options, useAutoRegister: true });
        run(() => finishPasskeyEnrollment(state, response));
      } catch {
        // No silent upgrade here (not offered, refused, or replaced by the button): the offer stays.
      }
    })();
    return () => abortPendingCeremony();
  }, [kind, state, run]);

  const create = () =>
    run(() =>
      passkeyCeremony(
        () => getEnrollmentOptions(state),
        (optionsJSON) => startRegistration({ optionsJSON }),
        (response) => finishPasskeyEnrollment(state, response),
      ),
    );
  const choose = (choice: string) => {
    abortPendingCeremony();
    run(() => decline(state, choice));
  };

  return (
    <div className="space-y-4" data-ready={ready ? "yes" : "no"}>
      <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
      {/* A passkey needs scripts: without them the button never appears, and the choices below still work as forms. */}
      {ready && (
        <Button type="button" onClick={create} disabled={pending} autoFocus>
          <KeyIcon />
          {t("enrollment.create")}
        </Button>
      )}
      {kind === "progressive" ? (
        <>
          {(["later", "never"] as const).map((choice) => (
            <form key={choice} action={declineForm.bind(null, state, choice)}>
              <Button
                type="submit"
                variant={choice === "later" ? "secondary" : "link"}
                plain
                disabled={pending}
                onClick={(event) => {
                  event.preventDefault();
                  choose(choice);
                }}
              >
                {t(`enrollment.${choice}`)}
              </Button>
            </form>
          ))}
        </>
      ) : (
        <Button type="button" variant="secondary" onClick={() => choose("skip")} disabled={pending}>
          {t("enrollment.notNow")}
        </Button>
      )}
    </div>
  );
}
