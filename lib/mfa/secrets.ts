import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { loadTenantKeys } from "../tenant";

// TOTP secrets (and a custom database's shared secret, lib/management/connections.ts) are stored
// encrypted (AES-256-GCM) with a key derived from the tenant's cookie keys, so a copy of the
// database alone does not yield anyone's codes or the store's secret. Decryption tries every
// configured key, so adding a new key in front (rotation) keeps older secrets readable.
// Stored form: "v1.<iv>.<ciphertext+tag>", base64url.

function keyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "passkey-universal-login", "mfa-secrets", 32));
}

export async function encryptSecret(plain: string): Promise<string> {
  const [current] = (await loadTenantKeys()).cookieKeys;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(current), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

export async function decryptSecret(stored: string): Promise<string> {
  const [version, iv, body] = stored.split(".");
  if (version !== "v1" || !iv || !body) throw new Error("Unreadable MFA secret");
  const data = Buffer.from(body, "base64url");
  for (const key of (await loadTenantKeys()).cookieKeys) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", keyFrom(key), Buffer.from(iv, "base64url"));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
    } catch {
      // Not this key; try the next one.
    }
  }
  throw new Error("Unreadable MFA secret: none of the configured keys opens it");
}
