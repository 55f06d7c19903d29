import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { accountApp } from "@/lib/account/app";
import { sessionCookie, unseal, type AppSession } from "@/lib/rp/app";

// The signed-in user of account settings: the `sub` of the ID token the account app received.

export async function accountSession(): Promise<(AppSession & { userId: string }) | undefined> {
  const session = await unseal<AppSession>(accountApp, (await cookies()).get(sessionCookie(accountApp))?.value);
  const sub = session?.claims.sub;
  return session && typeof sub === "string" ? { ...session, userId: sub } : undefined;
}

/** The signed-in user's id; a page without one starts the sign-in and comes back to `returnTo`. */
export async function requireAccount(returnTo: string): Promise<AppSession & { userId: string }> {
  const session = await accountSession();
  if (!session) redirect(`/u/account/login?returnTo=${encodeURIComponent(returnTo)}`);
  return session;
}
