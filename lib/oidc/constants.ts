// Shared by the provider (server.ts) and the pages (Next.js bundle), so neither imports the other.

export const TRANSACTION_TTL_SECONDS = 30 * 60;
/** Cookie that binds a login transaction (interaction) to the browser that started it. */
export function transactionCookieName(uid: string): string {
  return `txn_${uid}`;
}

/** Auth0's passkey grant type (the native passkey API's tokens come from it). */
export const WEBAUTHN_GRANT = "urn:okta:params:oauth:grant-type:webauthn";
