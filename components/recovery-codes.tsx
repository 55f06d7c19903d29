import { useTranslations } from "next-intl";

/** Recovery codes, shown once (only their digests are kept). */
export function RecoveryCodes({ codes, title }: { codes: string[]; title?: string }) {
  const t = useTranslations("recoveryCodes");
  return (
    <section className="space-y-2 rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-200" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title" className="text-sm font-semibold text-zinc-900">
        {title ?? t("title")}
      </h2>
      <p className="text-sm text-zinc-600">{t("text")}</p>
      <ol className="grid grid-cols-2 gap-x-4 gap-y-1 font-mono text-sm text-zinc-900" data-testid="recovery-codes" dir="ltr">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
    </section>
  );
}
