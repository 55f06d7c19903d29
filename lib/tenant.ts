import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import type { JWK } from "jose";
import { cachedReader } from "./config-cache";
import { db } from "./db";

// The tenant row holds the keys the provider signs tokens and cookies with. They come from the
// environment in production (OIDC_JWKS = a JWKS with private keys, COOKIE_KEYS = comma-separated
// secrets) or are generated once, on first start, and kept in the database.

export type TenantKeys = { signingKeys: JWK[]; cookieKeys: string[] };

export async function newTenantKeys(): Promise<TenantKeys> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = randomBytes(12).toString("base64url");
  return {
    signingKeys: [{ ...jwk, kid, alg: "RS256", use: "sig" }],
    cookieKeys: [randomBytes(32).toString("base64url")],
  };
}

/** Creates the tenant on first start; never replaces existing keys. */
export async function ensureTenant(name = "Passkey Universal Login"): Promise<void> {
  const existing = await db().tenant.findUnique({ where: { id: "default" } });
  if (existing) return;
  const keys = await newTenantKeys();
  await db().tenant.upsert({
    where: { id: "default" },
    create: { id: "default", name, signingKeys: keys.signingKeys, cookieKeys: keys.cookieKeys },
    update: {},
  });
}

export async function loadTenantKeys(): Promise<TenantKeys> {
  const fromEnv = keysFromEnvironment();
  if (fromEnv) return fromEnv;
  const tenant = await db().tenant.findUnique({ where: { id: "default" } });
  if (!tenant) throw new Error("Tenant not initialised: run the migrations and the seed first");
  return { signingKeys: tenant.signingKeys as JWK[], cookieKeys: tenant.cookieKeys as string[] };
}

function keysFromEnvironment(): TenantKeys | undefined {
  const jwks = process.env.OIDC_JWKS;
  const cookies = process.env.COOKIE_KEYS;
  if (!jwks && !cookies) return undefined;
  if (!jwks || !cookies) throw new Error("Set both OIDC_JWKS and COOKIE_KEYS, or neither");
  const parsed = JSON.parse(jwks) as { keys?: JWK[] };
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) throw new Error("OIDC_JWKS must be a JWKS with at least one private key");
  return {
    signingKeys: parsed.keys,
    cookieKeys: cookies
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
  };
}

/** The tenant's settings every request may need (not its keys), cached (lib/config-cache.ts). */
export const tenantSettings = () => readTenantSettings("default");

const readTenantSettings = cachedReader("tenant", async (id: "default") => {
  const tenant = await db().tenant.findUnique({
    where: { id },
    select: { name: true, defaultRpId: true, relatedOrigins: true, mfaSkipAfterPasskey: true, branding: true, pictureUrl: true },
  });
  return {
    name: tenant?.name ?? "Passkey Universal Login",
    defaultRpId: tenant?.defaultRpId ?? null,
    relatedOrigins: tenant?.relatedOrigins ?? [],
    mfaSkipAfterPasskey: tenant?.mfaSkipAfterPasskey ?? false,
    branding: tenant?.branding ?? {},
    pictureUrl: tenant?.pictureUrl ?? null,
  };
});

/** The tenant's "skip MFA after a passkey" switch (see lib/policy/mfa.ts). */
export async function skipsMfaAfterPasskey(): Promise<boolean> {
  return (await tenantSettings()).mfaSkipAfterPasskey;
}
