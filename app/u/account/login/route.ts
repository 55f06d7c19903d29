import { NextResponse, type NextRequest } from "next/server";
import { accountApp, RECENT_LOGIN_SECONDS } from "@/lib/account/app";
import { cookieOptions, startLogin, txCookie } from "@/lib/rp/app";

// Sign in to account settings through the hosted login, like any application.
export async function GET(request: NextRequest) {
  const wanted = request.nextUrl.searchParams.get("returnTo") ?? "";
  // Only back into account settings: never an open redirect.
  const returnTo = /^\/u\/account(\/[a-z-]*)?$/.test(wanted) ? wanted : "/u/account/passkeys";
  // Managing sign-in methods needs a recent login (10 minutes), not just any session at the provider.
  const { url, transaction } = await startLogin(accountApp, { max_age: String(RECENT_LOGIN_SECONDS) }, returnTo);
  const response = NextResponse.redirect(url, 303);
  response.cookies.set(txCookie(accountApp), transaction, cookieOptions(accountApp, 600));
  return response;
}
