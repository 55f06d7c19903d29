import { NextResponse, type NextRequest } from "next/server";
import { config } from "@/lib/config";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { currentOrigin } from "@/lib/sites";

// The language picker's target (a plain GET form: it works without scripts): keeps the choice in
// the NEXT_LOCALE cookie for a year, and goes back to the page it came from. Only a path of the
// hosted pages or the demo is gone back to, never another site; an unknown language changes nothing.
export function GET(request: NextRequest) {
  const locale = request.nextUrl.searchParams.get("locale");
  const back = request.nextUrl.searchParams.get("return") ?? "";
  const safe = /^\/(u|demo)(\/|\?|$)/.test(back) && !back.includes("\\") ? back : "/u/account";
  const response = NextResponse.redirect(new URL(safe, currentOrigin()), 303);
  if (isLocale(locale)) {
    response.cookies.set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 3600, httpOnly: true, sameSite: "lax", secure: config().secureCookies });
  }
  return response;
}
