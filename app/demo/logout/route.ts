import { NextResponse, type NextRequest } from "next/server";
import * as oidc from "openid-client";
import { DEMO_CLIENT_ID, demoConfiguration, homeUri, unseal, type DemoSession } from "@/lib/demo/client";

// Forget the local session, then end the session at the provider (RP-initiated logout).
export async function GET(request: NextRequest) {
  const session = await unseal<DemoSession>(request.cookies.get("demo_session")?.value);
  const configuration = await demoConfiguration();
  const params: Record<string, string> = { post_logout_redirect_uri: homeUri(), client_id: DEMO_CLIENT_ID };
  if (session?.idToken) params.id_token_hint = session.idToken;
  const response = NextResponse.redirect(oidc.buildEndSessionUrl(configuration, params), 303);
  response.cookies.delete({ name: "demo_session", path: "/demo" });
  return response;
}
