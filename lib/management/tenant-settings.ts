import { getPublicSuffix } from "tldts";
import { z } from "zod";
import { ApiError } from "../api/http";
import { config } from "../config";
import { changeConfig } from "../config-cache";
import { db } from "../db";
import { readBranding, brandingSchema } from "../tenant-branding";
import { rpIdInForce } from "../webauthn/relying-party";

// Tenant settings in the Management API:
// - friendly_name;
// - rp_id: the WebAuthn relying party ID (null goes back to RP_ID or the issuer's host). It must
//   be the issuer's host or a parent domain of it (never a public suffix such as co.uk), or no
//   browser would accept it. A passkey only works for the RP ID it was made for, so the RP ID can
//   change only while no passkey was made for another one: set it before users enroll;
// - mfa.skip_after_passkey: our switch for what Auth0 does with a post-login Action (a login
//   whose amr has "phr" needs no second factor);
// - branding: the hosted pages' logo (https URL) and primary colour;
// - support_email, support_url, picture_url (Auth0's): stored and read back; picture_url is the
//   pages' logo when branding has none.

export async function getTenantSettings() {
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: "default" } });
  return {
    friendly_name: tenant.name,
    rp_id: rpIdInForce(tenant.defaultRpId),
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

export const tenantSettingsPatchSchema = z
  .object({
    friendly_name: z.string().trim().min(1).max(100).optional(),
    rp_id: hostname.nullable().optional(),
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

async function checkRpId(rpId: string) {
  const host = new URL(config().origin).hostname;
  const fits = host === rpId || host.endsWith(`.${rpId}`);
  const suffix = getPublicSuffix(rpId, { allowPrivateDomains: true });
  if (!fits || (rpId !== "localhost" && (suffix === rpId || !rpId.includes(".")))) {
    throw new ApiError("invalid_body", `rp_id: must be ${host} or a parent domain of it, and not a public suffix`);
  }
  const stranded = await db().passkey.count({ where: { rpId: { not: rpId } } });
  if (stranded > 0) {
    throw new ApiError(
      "invalid_body",
      `rp_id: ${stranded} passkey(s) were made for another RP ID and would stop working; the RP ID must be set before users enroll`,
    );
  }
}

export async function updateTenantSettings(patch: z.infer<typeof tenantSettingsPatchSchema>) {
  if (patch.rp_id !== undefined) await checkRpId(rpIdInForce(patch.rp_id));
  await changeConfig("tenant", () =>
    db().tenant.update({
      where: { id: "default" },
      data: {
        name: patch.friendly_name,
        defaultRpId: patch.rp_id,
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
