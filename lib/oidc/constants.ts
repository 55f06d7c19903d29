// Shared by the provider (server.ts) and the pages (Next.js bundle), so neither imports the other.

export const TRANSACTION_TTL_SECONDS = 30 * 60;
export const SUPPORTED_LOCALES = ["en", "fr"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** The first supported language among candidates like "fr-CA", "de;q=0.8" or "EN". */
export function pickLocale(candidates: string[]): Locale | undefined {
  for (const candidate of candidates) {
    const base = candidate.trim().split(";")[0].split("-")[0].toLowerCase();
    if ((SUPPORTED_LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return undefined;
}

/** Cookie that binds a login transaction (interaction) to the browser that started it. */
export function transactionCookieName(uid: string): string {
  return `txn_${uid}`;
}

/** Auth0's passkey grant type (the native passkey API's tokens come from it). */
export const WEBAUTHN_GRANT = "urn:okta:params:oauth:grant-type:webauthn";
