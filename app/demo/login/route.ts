import { NextResponse, type NextRequest } from "next/server";
import { demoApp } from "@/lib/demo/client";
import { cookieOptions, startLogin, txCookie } from "@/lib/rp/app";

// "Log in" / "Sign up": start the code flow with PKCE, state and nonce, passing on the hints.
export async function GET(request: NextRequest) {
  const params: Record<string, string> = {};
  const search = request.nextUrl.searchParams;
  if (search.get("screen_hint") === "signup") params.screen_hint = "signup";
  if (search.get("prompt") === "login") params.prompt = "login";
  const hint = search.get("login_hint");
  if (hint && hint.length <= 254) params.login_hint = hint;
  // Auth0's connection parameter: which connection's pages (and identifiers) the login uses.
  const connection = search.get("connection");
  if (connection && /^[a-zA-Z0-9-]{1,128}$/.test(connection)) params.connection = connection;
  const locale = search.get("ui_locales");
  if (locale && /^[a-zA-Z-]{2,20}$/.test(locale)) params.ui_locales = locale;
  const { url, transaction } = await startLogin(demoApp, params);
  const response = NextResponse.redirect(url, 303);
  response.cookies.set(txCookie(demoApp), transaction, cookieOptions(demoApp, 600));
  return response;
}
