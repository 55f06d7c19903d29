import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { SUPPORTED_LOCALES, type Locale } from "../oidc/constants";

// No locale in the URL: the pages are reached from /authorize. The locale is the NEXT_LOCALE
// cookie (set from ui_locales when the transaction starts), else Accept-Language, else English.

function pick(candidates: string[]): Locale | undefined {
  for (const c of candidates) {
    const base = c.trim().split(";")[0].split("-")[0].toLowerCase();
    if ((SUPPORTED_LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return undefined;
}

export default getRequestConfig(async () => {
  const fromCookie = (await cookies()).get("NEXT_LOCALE")?.value;
  const accept = (await headers()).get("accept-language") ?? "";
  const locale = pick([fromCookie ?? "", ...accept.split(",")]) ?? "en";
  return { locale, messages: (await import(`../../messages/${locale}.json`)).default };
});
