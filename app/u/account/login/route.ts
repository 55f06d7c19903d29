import { NextResponse, type NextRequest } from "next/server";
import { accountApp, RECENT_LOGIN_SECONDS } from "@/lib/account/app";
import { cookieOptions, startLogin, txCookie } from "@/lib/rp/app";
import { BACK_COOKIE, backLink } from "@/lib/account/back-link";

// Sign in to account settings through the hosted login, like any application.
export async function GET(request: NextRequest) {
  const wanted = request.nextUrl.searchParams.get("returnTo") ?? "";
  // Only back into account settings: never an open redirect.
  const returnTo = /^\/u\/account(\/[a-z-]*)?$/.test(wanted) ? wanted : "/u/account/passkeys";
  // Managing sign-in methods needs a recent login (10 minutes), not just any session at the provider.
  const { url, transaction } = await startLogin(accountApp, { max_age: String(RECENT_LOGIN_SECONDS) }, returnTo);
  const response = NextResponse.redirect(url, 303);
  response.cookies.set(txCookie(accountApp), transaction, cookieOptions(accountApp, 600));
  // The application that sent the user here, for the "Back to …" link (lib/account/back-link.ts).
  const back = await backLink(request.nextUrl.searchParams.get("client_id") ?? undefined);
  if (back) response.cookies.set(BACK_COOKIE, back.clientId, cookieOptions(accountApp, 24 * 3600));
  return response;
}
