import { z } from "zod";
import { ApiError } from "../api/http";
import { config } from "../config";
import { changeConfig } from "../config-cache";
import { db } from "../db";
import { allSites, RELATED_ORIGIN_LABELS, registrableLabel, rpIdProblem, tenantRpId } from "../sites";
import { readBranding, brandingSchema } from "../tenant-branding";

// Tenant settings in the Management API:
// - friendly_name;
// - rp_id: the WebAuthn relying party ID (null goes back to RP_ID or the issuer's host). It must
//   be the issuer's host or a parent domain of it (never a public suffix such as co.uk), or no
//   browser would accept it. A passkey only works for the RP ID it was made for, so the RP ID can
//   change only while no passkey was made for the one in force: set it before users enroll;
// - related_origins: WebAuthn related origins, the origins allowed to use that RP ID besides its
//   own host (lib/sites.ts); a custom domain listed uses it instead of its own. Browsers read
//   the list from https://{rp_id}/.well-known/webauthn and count at most 5 registrable labels;
//   a custom domain can join only while no passkey was made for its own RP ID;
// - mfa.skip_after_passkey: our switch for what Auth0 does with a post-login Action (a login
//   whose amr has "phr" needs no second factor);
// - branding: the hosted pages' logo (https URL) and primary colour;
// - support_email, support_url, picture_url (Auth0's): stored and read back; picture_url is the
//   pages' logo when branding has none.

export async function getTenantSettings() {
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: "default" } });
  return {
    friendly_name: tenant.name,
    rp_id: tenantRpId(tenant.defaultRpId),
    related_origins: tenant.relatedOrigins,
    mfa: { skip_after_passkey: tenant.mfaSkipAfterPasskey },
    branding: readBranding(tenant.branding),
    ...(tenant.supportEmail === null ? {} : { support_email: tenant.supportEmail }),
    ...(tenant.supportUrl === null ? {} : { support_url: tenant.supportUrl }),
    ...(tenant.pictureUrl === null ? {} : { picture_url: tenant.pictureUrl }),
  };
}

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "must be a domain name");

/** An origin (scheme://host[:port]) served over https, or http on localhost (development). */
const webOrigin = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      const local = url.hostname === "localhost" || url.hostname.endsWith(".localhost");
      return url.origin === value && (url.protocol === "https:" || (url.protocol === "http:" && local));
    } catch {
      return false;
    }
  }, "must be an origin (https://host[:port], no path)");

export const tenantSettingsPatchSchema = z
  .object({
    friendly_name: z.string().trim().min(1).max(100).optional(),
    rp_id: hostname.nullable().optional(),
    related_origins: z.array(webOrigin).max(50).optional(),
    mfa: z.object({ skip_after_passkey: z.boolean() }).strict().optional(),
    branding: brandingSchema.optional(),
    support_email: z.email().max(254).nullable().optional(),
    support_url: z
      .url({ protocol: /^https$/ })
      .max(2048)
      .nullable()
      .optional(),
    /** The tenant's picture: the pages' logo when branding sets none. */
    picture_url: z
      .url({ protocol: /^https$/ })
      .max(2048)
      .nullable()
      .optional(),
  })
  .strict();

async function checkRpId(rpId: string, inForce: string) {
  const host = new URL(config().origin).hostname;
  const problem = rpIdProblem(host, rpId);
  if (problem) throw new ApiError("invalid_body", `rp_id: ${problem}`);
  const stranded = rpId === inForce ? 0 : await db().passkey.count({ where: { rpId: inForce } });
  if (stranded > 0) {
    throw new ApiError(
      "invalid_body",
      `rp_id: ${stranded} passkey(s) were made for ${inForce} and would stop working; the RP ID must be set before users enroll`,
    );
  }
}

async function checkRelatedOrigins(origins: string[]) {
  const labels = new Set(origins.map(registrableLabel));
  if (labels.size > RELATED_ORIGIN_LABELS) {
    throw new ApiError("invalid_body", `related_origins: browsers read at most ${RELATED_ORIGIN_LABELS} registrable domains (these have ${labels.size})`);
  }
  // A custom domain that joins would trade its own RP ID for the tenant's: its passkeys would stop working.
  const [issuerSite, ...domainSites] = await allSites();
  for (const site of domainSites) {
    if (!origins.includes(site.origin) || site.rpId === issuerSite.rpId) continue;
    const stranded = await db().passkey.count({ where: { rpId: site.rpId } });
    if (stranded > 0)
      throw new ApiError("invalid_body", `related_origins: ${stranded} passkey(s) were made on ${site.origin} for its own RP ID and would stop working`);
  }
}

export async function updateTenantSettings(patch: z.infer<typeof tenantSettingsPatchSchema>) {
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: "default" }, select: { defaultRpId: true } });
  if (patch.rp_id !== undefined) await checkRpId(tenantRpId(patch.rp_id), tenantRpId(tenant.defaultRpId));
  if (patch.related_origins) await checkRelatedOrigins(patch.related_origins);
  await changeConfig("tenant", () =>
    db().tenant.update({
      where: { id: "default" },
      data: {
        name: patch.friendly_name,
        defaultRpId: patch.rp_id,
        relatedOrigins: patch.related_origins && [...new Set(patch.related_origins)],
        mfaSkipAfterPasskey: patch.mfa?.skip_after_passkey,
        branding: patch.branding,
        supportEmail: patch.support_email,
        supportUrl: patch.support_url,
        pictureUrl: patch.picture_url,
      },
    }),
  );
  return getTenantSettings();
}
