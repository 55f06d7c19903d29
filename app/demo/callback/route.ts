import { NextResponse, type NextRequest } from "next/server";
import * as oidc from "openid-client";
import { cookieOptions, demoConfiguration, homeUri, redirectUri, seal, unseal, type DemoTransaction } from "@/lib/demo/client";
import { logger } from "@/lib/logger";

// The code comes back: exchange it (PKCE, state, nonce and the ID token are all checked by
// openid-client against discovery and the JWKS), read /userinfo, keep the session.
export async function GET(request: NextRequest) {
  const tx = await unseal<DemoTransaction>(request.cookies.get("demo_tx")?.value);
  const home = new URL(homeUri());
  if (!tx) {
    home.searchParams.set("error", "The login took too long or was started elsewhere. Try again.");
    return NextResponse.redirect(home, 303);
  }
  try {
    const configuration = await demoConfiguration();
    const currentUrl = new URL(redirectUri());
    currentUrl.search = request.nextUrl.search;
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: tx.verifier,
      expectedState: tx.state,
      expectedNonce: tx.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    const session = await seal({ idToken: tokens.id_token, claims, userinfo }, 3600);
    const response = NextResponse.redirect(home, 303);
    response.cookies.set("demo_session", session, cookieOptions(3600));
    response.cookies.delete({ name: "demo_tx", path: "/demo" });
    return response;
  } catch (error) {
    logger.warn({ err: error }, "demo app: login failed");
    const e = error as { error?: string; error_description?: string; message?: string };
    home.searchParams.set("error", e.error_description ?? e.error ?? e.message ?? "Login failed");
    return NextResponse.redirect(home, 303);
  }
}
