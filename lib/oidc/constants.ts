// Shared by the provider (server.ts) and the pages (Next.js bundle), so neither imports the other.

export const TRANSACTION_TTL_SECONDS = 30 * 60;
export const SUPPORTED_LOCALES = ["en", "fr"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Cookie that binds a login transaction (interaction) to the browser that started it. */
export function transactionCookieName(uid: string): string {
  return `txn_${uid}`;
}
