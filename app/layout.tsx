import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { directionOf, isLocale } from "@/lib/i18n/locales";
import "./globals.css";

export const metadata: Metadata = { title: "Log in", robots: { index: false } };

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
