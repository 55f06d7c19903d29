"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/button";
import { ErrorMessage } from "@/components/error-message";
import { CodeField } from "@/components/code-field";
import { RecoveryCodes } from "@/components/recovery-codes";
import { TotpSetup } from "@/components/totp-setup";
import { confirmTotp, removeTotp, renewRecoveryCodesAction, startTotpSetup } from "../actions";

type Setup = { secret: string; uri: string; qr: string; recoveryCodes: string[] };

export function MfaSettings({ enrolled, recoveryCodesLeft }: { enrolled: boolean; recoveryCodesLeft: number }) {
  const t = useTranslations();
  const router = useRouter();
  const [setup, setSetup] = useState<Setup>();
  const [renewed, setRenewed] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  const act = (step: () => Promise<{ ok: boolean; error?: string; setup?: Setup; recoveryCodes?: string[] }>) =>
    startTransition(async () => {
      setError(undefined);
      const outcome = await step().catch(() => ({ ok: false, error: "server_error" }) as const);
      if (!outcome.ok) {
        setError(outcome.error ?? "server_error");
        return;
      }
      setSetup(outcome.setup);
      setRenewed(outcome.recoveryCodes);
      router.refresh();
    });

  if (enrolled) {
    return (
      <div className="mt-4 space-y-4">
        <p className="text-sm font-medium text-green-800" role="status">
          {t("accountMfa.on")}
        </p>
        <p className="text-sm text-zinc-700" data-testid="recovery-codes-left">
          {t("recoveryCodes.left", { count: recoveryCodesLeft })}
        </p>
        {renewed ? <RecoveryCodes codes={renewed} title={t("recoveryCodes.renewed")} /> : null}
        <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
        <Button type="button" variant="secondary" onClick={() => act(renewRecoveryCodesAction)} disabled={pending}>
          {t("recoveryCodes.renew")}
        </Button>
        <Button type="button" variant="secondary" onClick={() => act(removeTotp)} disabled={pending}>
          {t("accountMfa.remove")}
        </Button>
      </div>
    );
  }
  return (
    <div className="mt-4 space-y-4">
      <p className="text-sm text-zinc-700" role="status">
        {t("accountMfa.off")}
      </p>
      {setup ? (
        <form
          // Our translated errors, never the browser's own validation bubble (in its own language).
          noValidate
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            const code = new FormData(event.currentTarget).get("code");
            act(() => confirmTotp(code));
          }}
        >
          <TotpSetup qr={setup.qr} secret={setup.secret} recoveryCodes={setup.recoveryCodes} />
          <CodeField label={t("mfaEnroll.code")} />
          <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
          <Button type="submit" disabled={pending}>
            {t("mfaEnroll.button")}
          </Button>
        </form>
      ) : (
        <>
          <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
          <Button type="button" onClick={() => act(startTotpSetup)} disabled={pending}>
            {t("accountMfa.setUp")}
          </Button>
        </>
      )}
    </div>
  );
}
