import { z } from "zod";
import { clientById } from "./oidc/clients";
import { tenantSettings } from "./tenant";

// The hosted pages' and emails' branding (Auth0's logo_url, favicon_url, colors.primary and
// colors.page_background), set in the tenant settings and overridable per application (a
// client's `branding`: the same fields, each one replacing the tenant's). URLs must be https
// (the pages' CSP allows https images). The primary colour carries white button labels, so it
// must give them WCAG AA contrast (4.5:1 for normal text); anything less is refused with the
// ratio it has. The page background only frames the white card (no text sits on it), and applies
// to the light scheme; the dark scheme keeps its own (app/globals.css).

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour");
const https = z
  .url({ protocol: /^https$/, error: "must be an https URL" })
  .max(2048)
  .nullable()
  .optional();

/** Contrast ratio of two #rrggbb colours (WCAG 2.x relative luminance). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(colour.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const AA = 4.5;

const buttonColour = hex
  .superRefine((colour, ctx) => {
    const ratio = contrastRatio(colour, "#ffffff");
    // Floored to two decimals, so a ratio shown as 4.50 is never one that was refused.
    if (ratio < AA)
      ctx.addIssue({
        code: "custom",
        message: `contrast ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1 with the white button text; WCAG AA needs at least ${AA}:1`,
      });
  })
  .nullable()
  .optional();

export const brandingSchema = z
  .object({
    logo_url: https,
    favicon_url: https,
    colors: z.object({ primary: buttonColour, page_background: hex.nullable().optional() }).strict().optional(),
  })
  .strict();

export type Branding = z.infer<typeof brandingSchema>;

export function readBranding(value: unknown): Branding {
  const parsed = brandingSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** What the pages and emails show: the tenant's name, and its branding under the application's own. */
export async function pageBranding(clientId?: string) {
  const tenant = await tenantSettings();
  const own = readBranding(tenant.branding);
  const app = readBranding(clientId ? (await clientById(clientId))?.branding : undefined);
  return {
    name: tenant.name,
    logoUrl: app.logo_url ?? own.logo_url ?? tenant.pictureUrl ?? undefined,
    faviconUrl: app.favicon_url ?? own.favicon_url ?? undefined,
    primary: app.colors?.primary ?? own.colors?.primary ?? undefined,
    background: app.colors?.page_background ?? own.colors?.page_background ?? undefined,
  };
}
