import { z } from "zod";
import { db } from "../db";

// Tenant settings in the Management API. `mfa.skip_after_passkey` is our own switch for what
// Auth0 does with a post-login Action: a login whose amr has "phr" (a passkey) needs no second factor.

export async function getTenantSettings() {
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: "default" } });
  return { friendly_name: tenant.name, mfa: { skip_after_passkey: tenant.mfaSkipAfterPasskey } };
}

export const tenantSettingsPatchSchema = z
  .object({
    friendly_name: z.string().trim().min(1).max(100).optional(),
    mfa: z.object({ skip_after_passkey: z.boolean() }).strict().optional(),
  })
  .strict();

export async function updateTenantSettings(patch: z.infer<typeof tenantSettingsPatchSchema>) {
  await db().tenant.update({
    where: { id: "default" },
    data: { name: patch.friendly_name, mfaSkipAfterPasskey: patch.mfa?.skip_after_passkey },
  });
  return getTenantSettings();
}
