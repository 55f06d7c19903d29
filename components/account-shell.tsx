import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { BACK_COOKIE, backLink } from "@/lib/account/back-link";
import { BrandMark, currentBrand } from "./brand";

/** The frame of account settings: who is signed in, the two sections, and signing out. */
export async function AccountShell({ name, current, children }: { name: string; current: "passkeys" | "mfa"; children: ReactNode }) {
  const t = await getTranslations("account");
  const tab = (name: "passkeys" | "mfa", label: string) => (
    <Link
      href={`/u/account/${name}`}
      aria-current={current === name ? "page" : undefined}
      className={`rounded-lg px-3 py-1.5 text-sm font-medium ${current === name ? "bg-primary text-white" : "text-zinc-700 hover:bg-zinc-200"}`}
    >
      {label}
    </Link>
  );
  const { brand, style } = await currentBrand();
  const back = await backLink((await cookies()).get(BACK_COOKIE)?.value);
  return (
    <main className="brand-page min-h-screen px-4 py-10" style={style}>
      <div className="mx-auto max-w-2xl space-y-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <BrandMark brand={brand} />
          {back && (
            <a className="text-sm text-zinc-700 underline" href={back.href} data-testid="back-to-app">
              {t("backTo", { app: back.name })}
            </a>
          )}
        </div>
        <header className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold text-zinc-900">{t("title")}</h1>
            <p className="text-sm text-zinc-600">{t("signedInAs", { name })}</p>
          </div>
          <form action="/u/account/logout" method="post">
            <button type="submit" className="rounded-lg px-3 py-1.5 text-sm font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-surface">
              {t("signOut")}
            </button>
          </form>
        </header>
        <nav aria-label={t("sections")} className="flex gap-2">
          {tab("passkeys", t("passkeysTab"))}
          {tab("mfa", t("mfaTab"))}
        </nav>
        <section className="rounded-2xl bg-surface p-6 shadow-sm ring-1 ring-zinc-200">{children}</section>
      </div>
    </main>
  );
}
