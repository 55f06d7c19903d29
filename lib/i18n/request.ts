import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, localeOf, MESSAGES } from "./locales";

// No locale in the URL: the pages are reached from /authorize (lib/i18n/locales.ts says how it is chosen).

export default getRequestConfig(async () => {
  // cookies(), not the Cookie header: after the picker's action sets the cookie, the page renders
  // again in the same request, and only cookies() has the new value.
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = localeOf({ chosen, acceptLanguage: (await headers()).get("accept-language") });
  return { locale, messages: MESSAGES[locale] };
});
