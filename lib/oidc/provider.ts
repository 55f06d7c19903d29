import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { connectionNamed } from "../connections";
import { config } from "../config";
import { loadTenantKeys } from "../tenant";
import { findAccount } from "./account";
import { TRANSACTION_TTL_SECONDS, transactionCookieName } from "./constants";
import { LOCALE_COOKIE, pickLocale } from "../i18n/locales";
import { PrismaAdapter } from "./adapter";
import { clientSecretMatches, DEFAULT_ID_TOKEN_LIFETIME, resourceServerInfo } from "./clients";
import { registerWebauthnGrant } from "./webauthn-grant";
import { newBinding, setBindingKeys } from "./binding";
import { auth0TokenRequests } from "./token-request";
import { auth0Logout, frameAncestorsForWebMessage, keepOfflineAccess } from "./browser-apps";
import { errorPage, logoutPage, loggedOutPage, unavailablePage } from "./pages";
import { isDatabaseUnavailable } from "../db";
import { UNAVAILABLE } from "../api/errors";
import { logger } from "../logger";
import { inUnitOfWork } from "../unit-of-work";
import type { Site } from "../sites";

// The OIDC provider: configuration as data. Routes use Auth0's paths. The hosted pages (/u/*)
// do the interactions; the provider owns clients, codes, tokens, sessions, PKCE, JWKS, logout.

export const providerRoutes = {
  authorization: "/authorize",
  token: "/oauth/token",
  userinfo: "/userinfo",
  jwks: "/.well-known/jwks.json",
  end_session: "/oidc/logout", // Auth0's /v2/logout is rewritten to it (browser-apps.ts)
  revocation: "/oauth/revoke",
  introspection: "/oauth/introspect",
} as const;

/** Paths the custom server hands to the provider; everything else goes to Next.js. */
export function isProviderPath(pathname: string): boolean {
  return (
    pathname === "/.well-known/openid-configuration" ||
    pathname === "/.well-known/jwks.json" ||
    pathname === "/userinfo" ||
    pathname === "/authorize" ||
    pathname.startsWith("/authorize/") ||
    pathname.startsWith("/oauth/") ||
    pathname.startsWith("/oidc/") ||
    pathname === "/v2/logout"
  );
}

/** The provider of `site` (lib/oidc/instance.ts keeps one per site). */
export async function createProvider(site: Site): Promise<Provider> {
  const { secureCookies } = config();
  const keys = await loadTenantKeys();
  setBindingKeys(keys.cookieKeys);
  const cookie = { signed: true, httpOnly: true, sameSite: "lax" as const, secure: secureCookies };

  const configuration: Configuration = {
    adapter: PrismaAdapter,
    jwks: { keys: keys.signingKeys },
    cookies: { keys: keys.cookieKeys, long: cookie, short: cookie },
    findAccount,
    // amr (phr = passkey, pwd = password) rides on the openid scope: a standalone `amr: null`
    // is only "supported", and lands in an ID token only when the client asks for it by name.
    // The other standalone claims are oidc-provider's defaults, which this object replaces
    // (without auth_time, a max_age request would get an ID token lacking the auth_time it requires).
    claims: {
      openid: ["sub", "amr"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "family_name", "nickname", "picture", "updated_at", "preferred_username"],
      phone: ["phone_number", "phone_number_verified"],
      acr: null,
      auth_time: null,
      sid: null,
      iss: null,
    },
    // Like Auth0: claims for the requested scopes go in the ID token too.
    conformIdTokenClaims: false,
    // screen_hint: Auth0's signup-page switch; connection: Auth0's choice of connection. The check
    // on scope is not a new parameter: it keeps offline_access for first-party apps (browser-apps.ts).
    extraParams: { screen_hint: null, connection: knownConnection, scope: keepOfflineAccess },
    extraClientMetadata: { properties: ["first_party", "web_origins", "allowed_origins", "id_token_lifetime"] },
    // A browser app's origin must be one of its web_origins or allowed_origins (Auth0's two lists).
    clientBasedCORS: (_ctx, origin, client) =>
      [client.metadata().web_origins, client.metadata().allowed_origins].some((list) => Array.isArray(list) && list.includes(origin)),
    responseTypes: ["code"],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutPage, postLogoutSuccessSource: loggedOutPage },
      clientCredentials: { enabled: true },
      // Silent authentication in a hidden iframe (auth0-spa-js's getTokenSilently).
      webMessageResponseMode: { enabled: true, ack: "individual-draft-01" },
      // APIs (the Management API today) are resources; Auth0's `audience` parameter names them.
      resourceIndicators: {
        enabled: true,
        // No resource asked for: none (the provider's own default).
        defaultResource: (_ctx, _client, oneOf) => oneOf,
        getResourceServerInfo: resourceServerInfo,
        useGrantedResource: () => true,
      },
    },
    interactions: {
      url(_ctx, interaction) {
        const page = interaction.prompt.name === "login" ? (interaction.params.screen_hint === "signup" ? "signup" : "login") : "consent";
        return `/u/${page}?state=${interaction.uid}`;
      },
    },
    loadExistingGrant,
    routes: providerRoutes,
    ttl: {
      Interaction: TRANSACTION_TTL_SECONDS,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      AuthorizationCode: 60,
      IdToken: (_ctx, _token, client) => {
        const lifetime = client.metadata().id_token_lifetime;
        return typeof lifetime === "number" ? lifetime : DEFAULT_ID_TOKEN_LIFETIME;
      },
      AccessToken: 3600,
      RefreshToken: 30 * 24 * 3600,
    },
    renderError: (ctx, out) => errorPage(ctx, out),
  };

  const provider = new Provider(site.issuer, configuration);
  provider.proxy = process.env.TRUST_PROXY === "true";

  // Client secrets are stored as digests (lib/oidc/clients.ts).
  (provider.Client.prototype as unknown as { compareClientSecret: (s: string) => boolean }).compareClientSecret = function (
    this: { clientSecret: string },
    presented: string,
  ) {
    return clientSecretMatches(this.clientSecret, presented);
  };

  registerWebauthnGrant(provider);
  provider.on("interaction.started", onInteractionStarted);
  // The provider's own 500s: logged (they wrote no line before), and kept for oneUnitOfWork to
  // tell a database outage (503) from a bug.
  provider.on("server_error", (ctx: KoaContextWithOIDC, error: unknown) => {
    ctx.state.failure = error;
    logger.error({ err: error, path: ctx.path }, "provider: server error");
  });
  provider.use(onSiteOrigin(site.origin));
  provider.use(oneUnitOfWork);
  provider.use(securityHeaders);
  provider.use(auth0TokenRequests);
  provider.use(auth0Logout);
  return provider;
}

// Auth0's `connection` parameter names the database connection the pages use (else the default).
async function knownConnection(_ctx: KoaContextWithOIDC, name: string | undefined) {
  if (name !== undefined && !(await connectionNamed(name))) throw new errors.InvalidRequest("connection: no connection with this name");
}

// First-party applications are trusted: their grant covers what they ask for, without a consent
// screen (as Auth0 does for first-party apps). Third-party consent is not built yet.
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { client, session, params, result, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = (result?.consent as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (client.metadata().first_party !== true) return existing;
  const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(typeof params?.scope === "string" ? params.scope : "openid");
  await grant.save();
  return grant;
}

// Binds the transaction to this browser, and carries ui_locales to the pages as their locale.
function onInteractionStarted(ctx: KoaContextWithOIDC) {
  const interaction = ctx.oidc.entities.Interaction;
  if (!interaction) return;
  const base = { path: "/u", httpOnly: true, sameSite: "lax" as const, secure: config().secureCookies, signed: false, overwrite: true };
  ctx.cookies.set(transactionCookieName(interaction.uid), newBinding(interaction.uid), { ...base, maxAge: TRANSACTION_TTL_SECONDS * 1000 });
  const uiLocales = ctx.oidc.params?.ui_locales;
  const locale = pickLocale(typeof uiLocales === "string" ? uiLocales.split(/\s+/) : []);
  if (locale) ctx.cookies.set(LOCALE_COOKIE, locale, { ...base, path: "/", maxAge: 365 * 24 * 3600 * 1000 });
}

// Every provider request is a unit of work (lib/unit-of-work.ts): its sessions, codes, tokens,
// log events and counters commit together, in one statement, before the answer is sent (koa
// writes the response only after the middleware chain has returned).
// A failure here (the commit, or anything the provider's own handler did not catch) and a
// provider 500 caused by a database outage both end the same way: 503 with Retry-After, a page
// for browsers and `temporarily_unavailable` for everything else; another failure is a logged 500.
async function oneUnitOfWork(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  try {
    await inUnitOfWork(next);
  } catch (error) {
    ctx.state.failure = error;
    logger.error({ err: error, path: ctx.path }, "provider: request failed");
    ctx.status = 500;
    ctx.body = { error: "server_error", error_description: "Something went wrong" };
  }
  if (ctx.state.failure === undefined || !isDatabaseUnavailable(ctx.state.failure)) return;
  ctx.status = 503;
  ctx.set("Retry-After", String(UNAVAILABLE.retryAfterSeconds));
  ctx.set("Cache-Control", "no-store");
  if (ctx.accepts("json", "html") === "html") unavailablePage(ctx);
  else ctx.body = { error: "temporarily_unavailable", error_description: UNAVAILABLE.description };
}

// Every request that reaches a provider was addressed to its site's host (lib/front-door.ts
// refuses others). The URLs the provider builds from its request (discovery's endpoints, redirects,
// form actions) and its cookies' Secure flag follow the site's origin, as the rest of the
// service does: not the socket's scheme (plain http behind a TLS proxy) nor a forwarded header.
function onSiteOrigin(origin: string) {
  const { protocol, host } = new URL(origin);
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    Object.defineProperties(ctx.request, { protocol: { value: protocol.slice(0, -1) }, host: { value: host } });
    await next();
  };
}

async function securityHeaders(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  // Set before the provider renders: its auto-submitting pages (a logout with no session left, a
  // form_post response) add their inline script's hash to script-src as they render. Nothing
  // else may run ('report-sample' allows no script). A page of our own (pages.ts) sets its own.
  ctx.set("Content-Security-Policy", "default-src 'none'; script-src 'report-sample'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  await next();
  // A path under the provider's prefixes that no route serves: a JSON 404 like the APIs'.
  if (ctx.status === 404 && ctx.body === undefined) {
    ctx.body = { error: "not_found", error_description: `There is no endpoint at ${ctx.path}` };
    ctx.status = 404; // koa turns a body set on an unset status into a 200
  }
  ctx.set("X-Content-Type-Options", "nosniff");
  ctx.set("Referrer-Policy", "no-referrer");
  if (ctx.type.startsWith("text/html") && !frameAncestorsForWebMessage(ctx)) ctx.set("X-Frame-Options", "DENY");
}
