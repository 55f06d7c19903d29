"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "@/lib/i18n/locale-names";

/**
 * The pages' language picker: a plain GET form to /u/language (it works without scripts), which
 * keeps the choice in a cookie that wins over the browser's languages from then on and comes
 * back to this page. With scripts, choosing is enough.
 */
export function LanguagePicker() {
  const locale = useLocale();
  const t = useTranslations("provider");
  const search = useSearchParams().toString();
  const here = usePathname() + (search ? `?${search}` : "");
  return (
    <form action="/u/language" method="get" className="mt-4 flex items-center justify-center gap-2 text-xs text-zinc-500">
      <input type="hidden" name="return" value={here} />
      <label htmlFor="language">{t("language")}</label>
      <select
        id="language"
        name="locale"
        defaultValue={locale}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="rounded border border-zinc-300 bg-surface px-1 py-0.5"
      >
        {SUPPORTED_LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <button type="submit" className="underline">
        {t("change")}
      </button>
    </form>
  );
}
