import { getDomainWithoutSuffix, getPublicSuffix } from "tldts";
import { cachedReader } from "./config-cache";
import { config } from "./config";
import { db } from "./db";
import { requestContext, withContext } from "./request-context";
import { tenantSettings } from "./tenant";

// The hosts this service answers on: the issuer's own (ISSUER) and each custom domain
// (Management API /api/v2/custom-domains). A request's site is decided once, from its Host, by
// server.ts (unknown hosts are refused there), and everything that names a URL or a relying
// party reads it here: the issuer and every absolute URL, the cookies' host, the WebAuthn RP ID
// and the origins a ceremony accepts.
//
// - A custom domain is served on the issuer's scheme and port (https in production, behind the
//   TLS proxy that holds its certificate).
// - Its RP ID is the domain itself, or the parent domain its rp_id names.
// - Related origins (WebAuthn Level 3, the tenant's related_origins): a custom domain listed
//   there uses the tenant's RP ID instead, so one passkey works on all of them; the tenant's RP
//   ID host serves the list at /.well-known/webauthn for browsers to check.

export type Site = {
  /** As URL.host writes it: the hostname, and the port unless it is the scheme's default. */
  host: string;
  /** scheme://host, no trailing slash. */
  origin: string;
  /** The OIDC issuer: the origin with a trailing slash. */
  issuer: string;
  /** The RP ID of the ceremonies on this site. */
  rpId: string;
  /** The origins a ceremony on this site accepts in clientDataJSON. */
  webauthnOrigins: string[];
  /** The custom domain's id; null on the issuer's own host. */
  customDomainId: string | null;
};

export type CustomDomainRow = { id: string; domain: string; rpId: string | null; createdAt: Date };

/** Every custom domain (cached until one changes). */
export const customDomains = cachedReader("custom_domain", (_all: "all"): Promise<CustomDomainRow[]> =>
  db().customDomain.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
);

/** The tenant's RP ID: its setting, else RP_ID, else the issuer's host. */
export function tenantRpId(setting: string | null | undefined): string {
  return setting ?? config().rpId;
}

/** Every site: the issuer's first, then the custom domains in the order they were added. */
export async function allSites(): Promise<Site[]> {
  const [tenant, domains] = await Promise.all([tenantSettings(), customDomains("all")]);
  // Asked on every request: built again only when the cached rows it is made of change.
  if (built?.tenant !== tenant || built.domains !== domains) built = { tenant, domains, sites: sitesOf(tenant, domains) };
  return built.sites;
}

type Tenant = Awaited<ReturnType<typeof tenantSettings>>;
let built: { tenant: Tenant; domains: CustomDomainRow[]; sites: Site[] } | undefined;

function sitesOf(tenant: Tenant, domains: CustomDomainRow[]): Site[] {
  const { origin, issuer, expectedOrigins } = config();
  const primaryRpId = tenantRpId(tenant.defaultRpId);
  const related = tenant.relatedOrigins;
  // Every origin that uses the tenant's RP ID: a passkey made on one of them works on all.
  const primaryOrigins = [...new Set([...expectedOrigins, ...related])];
  const own = new URL(origin);
  const sites: Site[] = [{ host: own.host, origin, issuer, rpId: primaryRpId, webauthnOrigins: primaryOrigins, customDomainId: null }];
  for (const domain of domains) {
    const siteOrigin = `${own.protocol}//${domain.domain}${own.port ? `:${own.port}` : ""}`;
    const rpId = related.includes(siteOrigin) ? primaryRpId : (domain.rpId ?? domain.domain);
    const webauthnOrigins = rpId === primaryRpId ? [...new Set([...primaryOrigins, siteOrigin])] : [siteOrigin];
    sites.push({ host: new URL(siteOrigin).host, origin: siteOrigin, issuer: `${siteOrigin}/`, rpId, webauthnOrigins, customDomainId: domain.id });
  }
  return sites;
}

/** The site answering on `host` (a Host header's value, as URL.host writes it), or undefined. */
export async function siteForHost(host: string): Promise<Site | undefined> {
  return (await allSites()).find((site) => site.host === host);
}

/** The issuer's own site. */
export async function issuerSite(): Promise<Site> {
  const [site] = await allSites();
  return site;
}

/**
 * Where a user's passkeys work, told by their RP IDs: the host of the first site using that RP
 * ID (the name a user knows), else the RP ID itself (a domain removed since).
 */
export async function siteNameForRpId(rpId: string): Promise<string> {
  const site = (await allSites()).find((s) => s.rpId === rpId);
  return site ? new URL(site.origin).hostname : rpId;
}

/** Whether `name` is what siteNameForRpId could say (so a page may show it: no other name comes from a URL). */
export async function isSiteName(name: string): Promise<boolean> {
  return (await allSites()).some((site) => new URL(site.origin).hostname === name || site.rpId === name);
}

// ---------------------------------------------------------------------------------------------
// The request's site

// lib/serve.ts sets it (lib/request-context.ts carries it, to Next.js's copy of this module too).

/** Runs `work` as a request to `site`. */
export function inSite<T>(site: Site, work: () => T): T {
  return withContext({ site }, work);
}

/** The request's site; outside a request (a script, a test calling a flow), the issuer's. */
export async function currentSite(): Promise<Site> {
  return requestContext()?.site ?? issuerSite();
}

/** The request's origin (no trailing slash); outside a request, the issuer's. */
export function currentOrigin(): string {
  return requestContext()?.site?.origin ?? config().origin;
}

/** The request's issuer; outside a request, ISSUER's. */
export function currentIssuer(): string {
  return requestContext()?.site?.issuer ?? config().issuer;
}

// ---------------------------------------------------------------------------------------------
// RP ID rules

/**
 * Why `rpId` cannot be the RP ID of `hostname`, or undefined when it can: it must be the host or
 * a parent domain of it, and not a public suffix (co.uk, github.io), or no browser accepts it.
 */
export function rpIdProblem(hostname: string, rpId: string): string | undefined {
  const fits = hostname === rpId || hostname.endsWith(`.${rpId}`);
  const suffix = getPublicSuffix(rpId, { allowPrivateDomains: true });
  const publicSuffix = rpId !== hostname && (suffix === rpId || !rpId.includes("."));
  if (fits && !publicSuffix) return undefined;
  return `must be ${hostname} or a parent domain of it, and not a public suffix`;
}

/** Browsers read at most this many registrable-domain labels from a /.well-known/webauthn list (WebAuthn Level 3). */
export const RELATED_ORIGIN_LABELS = 5;

/** The label a browser counts for an origin's host: "example" for login.example.co.uk. */
export function registrableLabel(origin: string): string {
  const { hostname } = new URL(origin);
  return getDomainWithoutSuffix(hostname, { allowPrivateDomains: true }) ?? hostname;
}
