import { cachedReader } from "./config-cache";
import { db } from "./db";
import { decryptSecret } from "./mfa/secrets";
import { readPasskeyOptions, type PasskeyOptions } from "./policy/passkey-options";
import type { CustomStore } from "./users/custom-store";
import { readAttributes, type Attributes } from "./users/identifiers";

// Connections as logins read them: the tenant has a handful, every login step needs one, and
// they change only through the Management API, so all of them are read at once and cached
// (lib/config-cache.ts; lib/management/connections.ts writes them).

export type LoginConnection = {
  id: string;
  name: string;
  isDefault: boolean;
  passwordMinLength: number;
  passkeysEnabled: boolean;
  /** false: passkey-only (Auth0's authentication_methods.password.enabled). */
  passwordsEnabled: boolean;
  mfaRequired: boolean;
  passkeyOptions: PasskeyOptions;
  /** Which identifiers signup asks and login accepts (lib/users/identifiers.ts). */
  attributes: Attributes;
  /** A custom database without user import: where its users live (lib/users/directory.ts). */
  customStore?: CustomStore;
};

const allConnections = cachedReader("connection", async (_all: "all"): Promise<LoginConnection[]> => {
  const rows = await db().connection.findMany({ orderBy: { createdAt: "asc" } });
  return Promise.all(
    rows.map(async (c) => ({
      id: c.id,
      name: c.name,
      isDefault: c.isDefault,
      passwordMinLength: c.passwordMinLength,
      passkeysEnabled: c.passkeysEnabled,
      passwordsEnabled: c.passwordsEnabled,
      mfaRequired: c.mfaRequired,
      passkeyOptions: readPasskeyOptions(c.passkeyOptions),
      attributes: readAttributes(c.attributes),
      ...(c.customStoreUrl &&
        c.customStoreSecret && {
          customStore: { baseUrl: c.customStoreUrl, secret: await decryptSecret(c.customStoreSecret), timeoutMs: c.customStoreTimeoutMs ?? undefined },
        }),
    })),
  );
});

/** The connection the hosted pages and an API call without `realm` use. */
export async function defaultConnection(): Promise<LoginConnection> {
  const connection = (await allConnections("all")).find((c) => c.isDefault);
  if (!connection) throw new Error("No default connection: run the seed");
  return connection;
}

export async function connectionNamed(name: string): Promise<LoginConnection | undefined> {
  return (await allConnections("all")).find((c) => c.name === name);
}

export async function connectionById(id: string): Promise<LoginConnection | undefined> {
  return (await allConnections("all")).find((c) => c.id === id);
}
