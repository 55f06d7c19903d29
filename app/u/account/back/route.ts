import { NextResponse, type NextRequest } from "next/server";
import { accountApp } from "@/lib/account/app";
import { BACK_COOKIE, backLink } from "@/lib/account/back-link";
import { cookieOptions } from "@/lib/rp/app";
import { currentOrigin } from "@/lib/sites";

// A signed-in user sent to account settings by an application: remember it for "Back to …".
export async function GET(request: NextRequest) {
  const response = NextResponse.redirect(new URL("/u/account/passkeys", currentOrigin()), 303);
  const back = await backLink(request.nextUrl.searchParams.get("client_id") ?? undefined);
  if (back) response.cookies.set(BACK_COOKIE, back.clientId, cookieOptions(accountApp, 24 * 3600));
  return response;
}
