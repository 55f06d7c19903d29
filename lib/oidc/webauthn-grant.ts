import type Provider from "oidc-provider";
import { errors, type KoaContextWithOIDC } from "oidc-provider";
import * as grantHelpers from "oidc-provider/lib/helpers/grants.js";
import { issueTokens } from "oidc-provider/lib/helpers/grant_common.js";
import { resourceServerInfo } from "./clients";
import { SESSION_INVALID } from "../failures";
import { requestInfoFrom } from "../logs/events";
import { GrantError, redeemAuthSession } from "../native/redeem";
import { WEBAUTHN_GRANT } from "./constants";

// The passkey grant at /oauth/token (grant_type urn:okta:params:oauth:grant-type:webauthn):
// `auth_session` and `authn_response` from the native passkey API become the same tokens the code
// flow gives: an ID token (amr "phr"), an access token (a JWT when `audience` names an API this
// client has a grant for), and a refresh token with offline_access. oidc-provider has already
// authenticated the client and checked that its grant_types include this grant.

const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

export function registerWebauthnGrant(provider: Provider): void {
  // Bound to this provider, as oidc-provider binds them for its own grants.
  const helpers = Object.fromEntries(Object.entries(grantHelpers).map(([name, helper]) => [name, helper.bind(undefined, provider)]));
  const parameters = ["auth_session", "authn_response", "scope", "realm", "resource"];
  provider.registerGrantType(WEBAUTHN_GRANT, (ctx) => webauthnGrant(provider, helpers, ctx), parameters);
}

async function webauthnGrant(provider: Provider, helpers: Record<string, (...args: unknown[]) => unknown>, ctx: KoaContextWithOIDC) {
  const { client } = ctx.oidc;
  if (!client) throw new errors.InvalidClient(); // the provider authenticates the client before any grant runs
  const params = ctx.oidc.params as Record<string, string | undefined>;
  // oidc-provider has checked that the client's grant_types include this grant.
  if (client.metadata().first_party !== true) throw new errors.UnauthorizedClient("Only first-party applications may use the passkey grant");
  const { auth_session: authSession, authn_response: response } = params;
  if (!authSession) throw new errors.InvalidRequest("missing required parameter 'auth_session'");
  if (!response) throw new errors.InvalidRequest("missing required parameter 'authn_response'");
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(authSession)) throw new errors.InvalidGrant(SESSION_INVALID);
  const scope = params.scope?.trim() || "openid";
  const scopes = scope.split(/\s+/);
  const resource = params.resource;
  // The audience is checked before the passkey is, so a signup never creates a user it cannot
  // answer; the grant gets only API scopes the client's grant for that audience allows.
  const apiScopes = resource ? new Set((await resourceServerInfo(ctx, resource, client)).scope.split(" ")) : new Set<string>();

  let outcome;
  try {
    outcome = await redeemAuthSession({
      authSession,
      response,
      clientId: client.clientId,
      realm: params.realm,
      request: requestInfoFrom({ get: (name) => ctx.get(name) || null }),
    });
  } catch (error) {
    if (!(error instanceof GrantError)) throw error;
    if (error.error === "invalid_grant") throw new errors.InvalidGrant(error.message);
    if (error.error === "invalid_request") throw new errors.InvalidRequest(error.message);
    if (error.error === "access_denied") throw new errors.AccessDenied(error.message);
    const mfa = new errors.CustomOIDCProviderError(error.error, error.message);
    // The provider's error handler answers with statusCode (status alone left it 400).
    Object.assign(mfa, { status: error.status, statusCode: error.status });
    throw mfa;
  }

  const grant = new provider.Grant({ accountId: outcome.userId, clientId: client.clientId });
  grant.addOIDCScope(scopes.filter((s) => OIDC_SCOPES.has(s)).join(" "));
  if (resource) grant.addResourceScope(resource, scopes.filter((s) => apiScopes.has(s)).join(" "));
  const grantId = await grant.save();
  ctx.oidc.entity("Grant", grant);

  // What oidc-provider reads from an authorization code when it issues tokens for one.
  const source = {
    accountId: outcome.userId,
    grantId,
    scope,
    scopes: new Set(scopes),
    amr: outcome.amr,
    authTime: Math.floor(Date.now() / 1000),
    claims: {},
    resource,
    resourceIndicators: new Set(resource ? [resource] : []),
    expiresWithSession: false,
  };
  await issueTokens(provider, helpers, ctx, source, grant, { gty: "webauthn", entityLabel: "passkey" });
}
