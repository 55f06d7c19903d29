import type { AbstractIntlMessages } from "next-intl";
import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { pickLocale } from "../oidc/constants";

// No locale in the URL: the pages are reached from /authorize. The locale is the NEXT_LOCALE
// cookie (set from ui_locales when the transaction starts), else Accept-Language, else English.

export default getRequestConfig(async () => {
  const fromCookie = (await cookies()).get("NEXT_LOCALE")?.value;
  const accept = (await headers()).get("accept-language") ?? "";
  const locale = pickLocale([fromCookie ?? "", ...accept.split(",")]) ?? "en";
  const messages = ((await import(`../../messages/${locale}.json`)) as { default: AbstractIntlMessages }).default;
  return { locale, messages };
});
