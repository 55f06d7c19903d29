import { z } from "zod";
import { tenantSettings } from "./tenant";

// The hosted pages' branding (Auth0's logo and primary colour), set through the Management API's
// tenant settings. The logo must be an https URL (the pages' CSP allows https images).

export const brandingSchema = z
  .object({
    logo_url: z
      .url({ protocol: /^https$/, error: "must be an https URL" })
      .max(2048)
      .nullable()
      .optional(),
    colors: z
      .object({
        primary: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour")
          .nullable()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Branding = z.infer<typeof brandingSchema>;

export function readBranding(value: unknown): Branding {
  const parsed = brandingSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** What the pages show: the tenant's name, logo and primary colour. */
export async function pageBranding() {
  const tenant = await tenantSettings();
  const branding = readBranding(tenant.branding);
  return { name: tenant.name, logoUrl: branding.logo_url ?? tenant.pictureUrl ?? undefined, primary: branding.colors?.primary ?? undefined };
}
