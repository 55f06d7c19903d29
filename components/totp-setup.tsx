import { useTranslations } from "next-intl";
import { RecoveryCodes } from "./recovery-codes";

/** The QR code for an authenticator app, the same secret as text for typing it in, and the recovery codes made with it. */
export function TotpSetup({ qr, secret, recoveryCodes }: { qr: string; secret: string; recoveryCodes: string[] }) {
  const t = useTranslations("mfaEnroll");
  return (
    <div className="space-y-3">
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
      <img src={qr} width={200} height={200} alt={t("qrAlt")} className="mx-auto rounded-lg ring-1 ring-zinc-200" />
      <p className="text-sm text-zinc-600">
        {t("manual")}{" "}
        <code className="break-all rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs text-zinc-900" data-testid="totp-secret">
          {secret}
        </code>
      </p>
      {recoveryCodes.length ? <RecoveryCodes codes={recoveryCodes} /> : null}
    </div>
  );
}
