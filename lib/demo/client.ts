import { createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import * as oidc from "openid-client";
import { config } from "../config";
import { loadTenantKeys } from "../tenant";

// The demo application: a small relying party that uses this service exactly as any app would,
// through discovery, PKCE, the code flow and RP-initiated logout (openid-client does the checks).
// It keeps its own state in signed, HttpOnly cookies.

import { DEMO_CLIENT_ID } from "../../prisma/seed-constants";
export { DEMO_CLIENT_ID };
export const redirectUri = () => `${config().issuer}/demo/callback`;
export const homeUri = () => `${config().issuer}/demo`;

export async function demoConfiguration(): Promise<oidc.Configuration> {
  const { issuer } = config();
  const insecure = issuer.startsWith("http:") ? { execute: [oidc.allowInsecureRequests] } : undefined;
  return oidc.discovery(new URL(issuer), DEMO_CLIENT_ID, undefined, oidc.None(), insecure);
}

async function cookieKey(): Promise<Uint8Array> {
  const { cookieKeys } = await loadTenantKeys();
  return new Uint8Array(createHmac("sha256", cookieKeys[0]).update("demo-app-cookies").digest());
}

export async function seal(payload: Record<string, unknown>, maxAgeSeconds: number): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(`${maxAgeSeconds}s`).sign(await cookieKey());
}

export async function unseal<T>(token: string | undefined): Promise<T | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, await cookieKey(), { algorithms: ["HS256"] });
    return payload as T;
  } catch {
    return undefined;
  }
}

export type DemoSession = { idToken: string; claims: Record<string, unknown>; userinfo: Record<string, unknown>; refreshToken?: string };
export type DemoTransaction = { state: string; nonce: string; verifier: string };

export const cookieOptions = (maxAge: number) => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: config().secureCookies,
  path: "/demo",
  maxAge,
});
