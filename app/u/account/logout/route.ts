import { NextResponse } from "next/server";
import { accountApp } from "@/lib/account/app";
import { homeUri, logoutUrl, sessionCookie } from "@/lib/rp/app";
import { accountSession } from "../session";

// Sign out of account settings and of the login session (RP-initiated logout).
export async function POST() {
  const session = await accountSession();
  const response = NextResponse.redirect(await logoutUrl(accountApp, session?.idToken, homeUri(accountApp)), 303);
  response.cookies.delete({ name: sessionCookie(accountApp), path: accountApp.path });
  return response;
}
