import { NextResponse, type NextRequest } from "next/server";
import { demoApp } from "@/lib/demo/client";
import { homeUri, logoutUrl, sessionCookie, unseal, type AppSession } from "@/lib/rp/app";

// Forget the local session, then end the session at the provider (RP-initiated logout).
export async function GET(request: NextRequest) {
  const session = await unseal<AppSession>(demoApp, request.cookies.get(sessionCookie(demoApp))?.value);
  const response = NextResponse.redirect(await logoutUrl(demoApp, session?.idToken, homeUri(demoApp)), 303);
  response.cookies.delete({ name: sessionCookie(demoApp), path: demoApp.path });
  return response;
}
