import { cookies } from "next/headers";
import { demoApp } from "@/lib/demo/client";
import { sessionCookie, unseal, type AppSession } from "@/lib/rp/app";

export const metadata = { title: "Demo application" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const link = "rounded-lg px-4 py-2 text-sm font-medium";

/** A stand-in for a customer's app: log in, sign up, log out, and the verified ID token claims. */
export default async function DemoPage({ searchParams }: Props) {
  const session = await unseal<AppSession>(demoApp, (await cookies()).get(sessionCookie(demoApp))?.value);
  const error = (await searchParams).error;
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <header className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Demo application</h1>
        <nav className="flex gap-2">
          {session ? (
            <a className={`${link} bg-zinc-900 text-white`} href="/demo/logout">
              Log out
            </a>
          ) : (
            <>
              <a className={`${link} ring-1 ring-zinc-300`} href="/demo/login?screen_hint=signup">
                Sign up
              </a>
              <a className={`${link} bg-zinc-900 text-white`} href="/demo/login">
                Log in
              </a>
            </>
          )}
        </nav>
      </header>
      {typeof error === "string" ? (
        <p role="alert" className="mt-6 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {session ? (
        <section className="mt-8 space-y-4">
          <p>
            Signed in as{" "}
            <strong data-testid="signed-in-email">{String(session.claims.email ?? session.claims.preferred_username ?? session.claims.phone_number)}</strong>{" "}
            with <strong data-testid="amr">{(session.claims.amr as string[] | undefined)?.join(", ") ?? "?"}</strong>.
          </p>
          <h2 className="font-medium">ID token claims (signature, issuer, audience, nonce verified)</h2>
          <pre data-testid="claims" className="overflow-x-auto rounded-lg bg-zinc-900 p-4 text-xs text-zinc-100">
            {JSON.stringify(session.claims, null, 2)}
          </pre>
          <h2 className="font-medium">/userinfo</h2>
          <pre data-testid="userinfo" className="overflow-x-auto rounded-lg bg-zinc-100 p-4 text-xs">
            {JSON.stringify(session.userinfo, null, 2)}
          </pre>
        </section>
      ) : (
        <p className="mt-8 text-zinc-600" data-testid="signed-out">
          You are not signed in. Log in or sign up: you will be sent to the hosted login page and back.
        </p>
      )}
    </main>
  );
}
