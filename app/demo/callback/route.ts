import { NextResponse, type NextRequest } from "next/server";
import { demoApp } from "@/lib/demo/client";
import { logger } from "@/lib/logger";
import { cookieOptions, finishAppLogin, homeUri, seal, sessionCookie, txCookie, unseal, type AppTransaction } from "@/lib/rp/app";

// The code comes back: exchange it (PKCE, state, nonce and the ID token are all checked by
// openid-client against discovery and the JWKS), read /userinfo, keep the session.
export async function GET(request: NextRequest) {
  const tx = await unseal<AppTransaction>(demoApp, request.cookies.get(txCookie(demoApp))?.value);
  const home = new URL(homeUri(demoApp));
  if (!tx) {
    home.searchParams.set("error", "The login took too long or was started elsewhere. Try again.");
    return NextResponse.redirect(home, 303);
  }
  try {
    const session = await finishAppLogin(demoApp, request.nextUrl.search, tx);
    const response = NextResponse.redirect(home, 303);
    response.cookies.set(sessionCookie(demoApp), await seal(demoApp, session, 3600), cookieOptions(demoApp, 3600));
    response.cookies.delete({ name: txCookie(demoApp), path: demoApp.path });
    return response;
  } catch (error) {
    logger.warn({ err: error }, "demo app: login failed");
    const e = error as { error?: string; error_description?: string; message?: string };
    home.searchParams.set("error", e.error_description ?? e.error ?? e.message ?? "Login failed");
    return NextResponse.redirect(home, 303);
  }
}
