import { z } from "zod";
import { ApiError } from "../api/http";
import { config } from "../config";
import { db } from "../db";
import { readBranding, brandingSchema } from "../tenant-branding";

// Tenant settings in the Management API:
// - friendly_name;
// - rp_id: the WebAuthn relying party ID for new passkeys (null goes back to RP_ID or the issuer's
//   host). It must be the issuer's host or a parent domain of it, or no browser would accept it.
//   Passkeys keep the RP ID they were made with, so changing it strands nobody already enrolled
//   on a still-valid domain, but new passkeys are scoped to the new one;
// - mfa.skip_after_passkey: our switch for what Auth0 does with a post-login Action (a login
//   whose amr has "phr" needs no second factor);
// - branding: the hosted pages' logo (https URL) and primary colour.

export async function getTenantSettings() {
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: "default" } });
  return {
    friendly_name: tenant.name,
    rp_id: tenant.defaultRpId ?? config().rpId,
    mfa: { skip_after_passkey: tenant.mfaSkipAfterPasskey },
    branding: readBranding(tenant.branding),
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
  })
  .strict();

export async function updateTenantSettings(patch: z.infer<typeof tenantSettingsPatchSchema>) {
  if (patch.rp_id) {
    const host = new URL(config().issuer).hostname;
    const fits = host === patch.rp_id || host.endsWith(`.${patch.rp_id}`);
    if (!fits || (!patch.rp_id.includes(".") && patch.rp_id !== "localhost")) {
      throw new ApiError(400, "invalid_body", `rp_id: must be ${host} or a parent domain of it (not a bare top-level domain)`);
    }
  }
  await db().tenant.update({
    where: { id: "default" },
    data: {
      name: patch.friendly_name,
      defaultRpId: patch.rp_id,
      mfaSkipAfterPasskey: patch.mfa?.skip_after_passkey,
      branding: patch.branding,
    },
  });
  return getTenantSettings();
}
