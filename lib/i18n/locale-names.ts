// The languages of the pages, without their messages (the language picker, a client component,
// needs these and must not ship every language's messages to the browser).

export const SUPPORTED_LOCALES = ["en", "fr", "de", "es", "ja", "ar"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Each language in its own name, for the picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", fr: "Français", de: "Deutsch", es: "Español", ja: "日本語", ar: "العربية" };
