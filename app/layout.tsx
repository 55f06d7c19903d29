import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { directionOf, isLocale } from "@/lib/i18n/locales";
import { pageBranding } from "@/lib/tenant-branding";
import "./globals.css";

/** The tenant's favicon (branding.favicon_url) when it has one; /favicon.ico (the key mark, in public/) otherwise. */
export async function generateMetadata(): Promise<Metadata> {
  const { faviconUrl } = await pageBranding();
  return { title: "Log in", robots: { index: false }, icons: { icon: faviconUrl ?? "/favicon.ico" } };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale} dir={isLocale(locale) ? directionOf(locale) : "ltr"}>
      <body className="antialiased">
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
