// oidc-provider's own grant helpers, which its built-in grants use to issue tokens (the package
// has no exports map, so these files can be imported; typed here as far as we use them).
declare module "oidc-provider/lib/helpers/grants.js" {
  const helpers: Record<string, (...args: unknown[]) => unknown>;
  export = helpers;
}
declare module "oidc-provider/lib/helpers/grant_common.js" {
  export function issueTokens(
    provider: unknown,
    helpers: Record<string, (...args: unknown[]) => unknown>,
    ctx: unknown,
    source: unknown,
    grant: unknown,
    options: { gty: string; entityLabel: string; cert?: unknown; dPoP?: unknown },
  ): Promise<void>;
}
