import { NextResponse, type NextRequest } from "next/server";
import { ACCOUNT_SESSION_SECONDS, accountApp } from "@/lib/account/app";
import { logger } from "@/lib/logger";
import { cookieOptions, finishAppLogin, seal, sessionCookie, txCookie, unseal, type AppTransaction } from "@/lib/rp/app";
import { currentOrigin } from "@/lib/sites";

// The code comes back: exchange it (openid-client checks PKCE, state, nonce, the ID token), keep the session.
export async function GET(request: NextRequest) {
  const tx = await unseal<AppTransaction>(accountApp, request.cookies.get(txCookie(accountApp))?.value);
  if (!tx) return NextResponse.redirect(new URL("/u/account/login", currentOrigin()), 303);
  try {
    const session = await finishAppLogin(accountApp, request.nextUrl.search, tx);
    const response = NextResponse.redirect(new URL(tx.returnTo ?? "/u/account/passkeys", currentOrigin()), 303);
    response.cookies.set(
      sessionCookie(accountApp),
      await seal(accountApp, session, ACCOUNT_SESSION_SECONDS),
      cookieOptions(accountApp, ACCOUNT_SESSION_SECONDS),
    );
    response.cookies.delete({ name: txCookie(accountApp), path: accountApp.path });
    return response;
  } catch (error) {
    logger.warn({ err: error }, "account settings: sign-in failed");
    return new NextResponse("Sign-in failed. Go back and try again.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
