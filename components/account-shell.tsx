import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";

/** The frame of account settings: who is signed in, the two sections, and signing out. */
export async function AccountShell({ name, current, children }: { name: string; current: "passkeys" | "mfa"; children: ReactNode }) {
  const t = await getTranslations("account");
  const tab = (name: "passkeys" | "mfa", label: string) => (
    <Link
      href={`/u/account/${name}`}
      aria-current={current === name ? "page" : undefined}
      className={`rounded-lg px-3 py-1.5 text-sm font-medium ${current === name ? "bg-zinc-900 text-white" : "text-zinc-700 hover:bg-zinc-200"}`}
    >
      {label}
    </Link>
  );
  return (
    <main className="min-h-screen bg-zinc-100 px-4 py-10">
      <div className="mx-auto max-w-2xl space-y-6">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold text-zinc-900">{t("title")}</h1>
            <p className="text-sm text-zinc-600">{t("signedInAs", { name })}</p>
          </div>
          <form action="/u/account/logout" method="post">
            <button type="submit" className="rounded-lg px-3 py-1.5 text-sm font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-white">
              {t("signOut")}
            </button>
          </form>
        </header>
        <nav aria-label={t("sections")} className="flex gap-2">
          {tab("passkeys", t("passkeysTab"))}
          {tab("mfa", t("mfaTab"))}
        </nav>
        <section className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">{children}</section>
      </div>
    </main>
  );
}
