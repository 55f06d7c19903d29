import ar from "../../messages/ar.json" with { type: "json" };
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import es from "../../messages/es.json" with { type: "json" };
import fr from "../../messages/fr.json" with { type: "json" };
import ja from "../../messages/ja.json" with { type: "json" };
import { SUPPORTED_LOCALES, type Locale } from "./locale-names";

// The languages of the pages, the provider's own pages and the errors, in one place. A page's
// language is the NEXT_LOCALE cookie (set from /authorize's ui_locales when a login starts, or by
// the language picker), else the browser's Accept-Language, else English.

export { LOCALE_NAMES, SUPPORTED_LOCALES, type Locale } from "./locale-names";
export type Messages = typeof en;

export const MESSAGES: Record<Locale, Messages> = { en, fr, de, es, ja, ar };

export const LOCALE_COOKIE = "NEXT_LOCALE";

/** Arabic is written right to left; the pages mirror (logical CSS properties). */
export function directionOf(locale: Locale): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The first supported language among candidates like "fr-CA", "de;q=0.8" or "EN". */
export function pickLocale(candidates: string[]): Locale | undefined {
  for (const candidate of candidates) {
    const base = candidate.trim().split(";")[0].split("-")[0].toLowerCase();
    if (isLocale(base)) return base;
  }
  return undefined;
}

/** The language of a request from its NEXT_LOCALE cookie (`chosen`, or read from the Cookie header) and Accept-Language header. */
export function localeOf(headers: { chosen?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  const chosen = headers.chosen ?? /(?:^|;\s*)NEXT_LOCALE=([^;]*)/.exec(headers.cookie ?? "")?.[1] ?? "";
  return pickLocale([chosen, ...(headers.acceptLanguage ?? "").split(",")]) ?? "en";
}
