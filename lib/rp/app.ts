import { createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import * as oidc from "openid-client";
import { config } from "../config";
import { currentIssuer, currentOrigin } from "../sites";
import { loadTenantKeys } from "../tenant";
import { loopbackFetch } from "./loopback";

// A relying party that runs inside this service and uses it exactly as any application would:
// discovery, the code flow with PKCE, state and nonce, ID token checks (openid-client), and
// RP-initiated logout. The demo app (/demo) and account settings (/u/account) are two of them.
// Each keeps its own state in signed, HttpOnly cookies under its own path. Both run on every site
// (the issuer's host and each custom domain), as the application of that site's issuer.

export type App = { clientId: string; path: string };
export type AppTransaction = { state: string; nonce: string; verifier: string; returnTo?: string };
export type AppSession = { idToken: string; claims: Record<string, unknown>; userinfo: Record<string, unknown> };

export const redirectUri = (app: App) => `${currentOrigin()}${app.path}/callback`;
export const homeUri = (app: App) => `${currentOrigin()}${app.path}`;
export const txCookie = (app: App) => `${app.path.split("/").pop()}_tx`;
export const sessionCookie = (app: App) => `${app.path.split("/").pop()}_session`;

export async function appConfiguration(app: App): Promise<oidc.Configuration> {
  const issuer = currentIssuer();
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- on purpose, and only for an http issuer (development, tests)
  const insecure = issuer.startsWith("http:") ? { execute: [oidc.allowInsecureRequests] } : {};
  return oidc.discovery(new URL(issuer), app.clientId, undefined, oidc.None(), { ...insecure, [oidc.customFetch]: loopbackFetch });
}

async function cookieKey(app: App): Promise<Uint8Array> {
  const { cookieKeys } = await loadTenantKeys();
  return new Uint8Array(createHmac("sha256", cookieKeys[0]).update(`app-cookies:${app.path}`).digest());
}

export async function seal(app: App, payload: Record<string, unknown>, maxAgeSeconds: number): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(`${maxAgeSeconds}s`)
    .sign(await cookieKey(app));
}

export async function unseal<T>(app: App, token: string | undefined): Promise<T | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, await cookieKey(app), { algorithms: ["HS256"] });
    return payload as T;
  } catch {
    return undefined;
  }
}

export const cookieOptions = (app: App, maxAge: number) => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: config().secureCookies,
  path: app.path,
  maxAge,
});

/** The /authorize URL to send the browser to, and the sealed transaction to keep in a cookie. */
export async function startLogin(app: App, params: Record<string, string>, returnTo?: string) {
  const configuration = await appConfiguration(app);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri(app),
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...params,
  });
  const transaction: AppTransaction = { state, nonce, verifier, ...(returnTo ? { returnTo } : {}) };
  return { url, transaction: await seal(app, transaction, 600) };
}

/** The code came back: exchange it (PKCE, state, nonce, ID token all checked), read /userinfo. */
export async function finishAppLogin(app: App, search: string, tx: AppTransaction): Promise<AppSession> {
  const configuration = await appConfiguration(app);
  const currentUrl = new URL(redirectUri(app));
  currentUrl.search = search;
  const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: tx.verifier,
    expectedState: tx.state,
    expectedNonce: tx.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  const idToken = tokens.id_token;
  if (!claims || !idToken) throw new Error("The provider answered the code without an ID token"); // idTokenExpected makes openid-client refuse this first
  const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
  return { idToken, claims, userinfo };
}

/** The provider's end-session URL for RP-initiated logout. */
export async function logoutUrl(app: App, idToken: string | undefined, postLogout: string): Promise<URL> {
  const configuration = await appConfiguration(app);
  const params: Record<string, string> = { post_logout_redirect_uri: postLogout, client_id: app.clientId };
  if (idToken) params.id_token_hint = idToken;
  return oidc.buildEndSessionUrl(configuration, params);
}
