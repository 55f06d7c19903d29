// The server half of bench/floor/oidc-provider.mjs: oidc-provider with its in-memory adapter and
// a grant that does no work of its own, issuing the tokens our webauthn grant issues.
import Provider from "oidc-provider";
import * as grantHelpers from "oidc-provider/lib/helpers/grants.js";
import { issueTokens } from "oidc-provider/lib/helpers/grant_common.js";
import { generateKeyPair, exportJWK } from "jose";
const { privateKey } = await generateKeyPair("RS256", { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: "k1", alg: "RS256", use: "sig" };
const provider = new Provider("http://localhost:4100", {
  jwks: { keys: [jwk] },
  clients: [
    {
      client_id: "app",
      token_endpoint_auth_method: "none",
      grant_types: ["urn:floor", "refresh_token", "authorization_code"],
      redirect_uris: ["https://a.example/cb"],
      response_types: ["code"],
    },
  ],
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, email: "a@b.c" }) }),
  features: { devInteractions: { enabled: false } },
  issueRefreshToken: () => true,
  routes: { token: "/oauth/token" },
});
const helpers = Object.fromEntries(Object.entries(grantHelpers).map(([n, h]) => [n, h.bind(undefined, provider)]));
provider.registerGrantType(
  "urn:floor",
  async (ctx) => {
    const grant = new provider.Grant({ accountId: "u1", clientId: "app" });
    grant.addOIDCScope("openid email offline_access");
    const grantId = await grant.save();
    ctx.oidc.entity("Grant", grant);
    const scope = "openid email offline_access";
    await issueTokens(
      provider,
      helpers,
      ctx,
      {
        accountId: "u1",
        grantId,
        scope,
        scopes: new Set(scope.split(" ")),
        amr: ["phr"],
        authTime: Math.floor(Date.now() / 1000),
        claims: {},
        resource: undefined,
        resourceIndicators: new Set(),
        expiresWithSession: false,
      },
      grant,
      { gty: "floor", entityLabel: "x" },
    );
  },
  [],
);
provider.listen(4100, () => process.send?.("ready"));
process.on("message", (m) => {
  if (m === "cpu") process.send({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
});
