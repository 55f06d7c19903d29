import { db } from "../db";

// A user's authentication methods in Auth0's wire shape, for the My Account API and the
// Management API alike: passkeys (primary), the password (primary) and an authenticator app
// (secondary). Ids are "<type>|<id>", as Auth0's are.

type PasskeyRow = Awaited<ReturnType<typeof passkeyRows>>[number];

const passkeyRows = (userId: string) => db().passkey.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

export const PASSKEY_METHOD_PREFIX = "passkey|";

export function passkeyMethod(p: PasskeyRow) {
  return {
    id: `${PASSKEY_METHOD_PREFIX}${p.id}`,
    type: "passkey" as const,
    ...(p.name ? { name: p.name } : {}),
    usage: ["primary"],
    identity_user_id: p.userId,
    key_id: p.id,
    public_key: Buffer.from(p.publicKey).toString("base64url"),
    user_handle: Buffer.from(p.userId, "utf8").toString("base64url"),
    aaguid: p.aaguid,
    credential_device_type: p.deviceType === "multiDevice" ? "multi_device" : "single_device",
    credential_backed_up: p.backedUp,
    transports: p.transports,
    relying_party_id: p.rpId,
    user_agent: p.userAgent ?? undefined,
    created_at: p.createdAt.toISOString(),
    last_auth_at: p.lastUsedAt?.toISOString(),
  };
}

export async function authenticationMethods(userId: string) {
  const [passkeys, password, factors] = await Promise.all([
    passkeyRows(userId),
    db().passwordCredential.findUnique({ where: { userId } }),
    db().mfaFactor.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
  ]);
  return [
    ...passkeys.map(passkeyMethod),
    ...(password ? [{ id: `password|${userId}`, type: "password" as const, usage: ["primary"], created_at: password.createdAt.toISOString() }] : []),
    ...factors.map((f) => ({
      id: `totp|${f.id}`,
      type: "totp" as const,
      usage: ["secondary"],
      confirmed: true,
      created_at: f.createdAt.toISOString(),
      last_auth_at: f.lastUsedAt?.toISOString(),
    })),
  ];
}

/** The credential id inside a passkey method id ("passkey|<id>"; the router has decoded "%7C"), or undefined for anything else. */
export function passkeyIdOf(methodId: string): string | undefined {
  return methodId.startsWith(PASSKEY_METHOD_PREFIX) && methodId.length > PASSKEY_METHOD_PREFIX.length
    ? methodId.slice(PASSKEY_METHOD_PREFIX.length)
    : undefined;
}
