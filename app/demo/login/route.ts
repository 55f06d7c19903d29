import { NextResponse, type NextRequest } from "next/server";
import * as oidc from "openid-client";
import { cookieOptions, demoConfiguration, redirectUri, seal } from "@/lib/demo/client";

// "Log in" / "Sign up": start the code flow with PKCE, state and nonce.
export async function GET(request: NextRequest) {
  const configuration = await demoConfiguration();
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const params: Record<string, string> = {
    redirect_uri: redirectUri(),
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  };
  const search = request.nextUrl.searchParams;
  if (search.get("screen_hint") === "signup") params.screen_hint = "signup";
  if (search.get("prompt") === "login") params.prompt = "login";
  const hint = search.get("login_hint");
  if (hint && hint.length <= 254) params.login_hint = hint;
  const locale = search.get("ui_locales");
  if (locale && /^[a-zA-Z-]{2,20}$/.test(locale)) params.ui_locales = locale;
  const response = NextResponse.redirect(oidc.buildAuthorizationUrl(configuration, params), 303);
  response.cookies.set("demo_tx", await seal({ state, nonce, verifier }, 600), cookieOptions(600));
  return response;
}
