import type { CSSProperties } from "react";
import { pageBranding } from "@/lib/tenant-branding";
import { pageClient } from "./page-client";

type Brand = Awaited<ReturnType<typeof pageBranding>>;

/**
 * The branding of the page being rendered (its application's over the tenant's), and the CSS
 * variables that carry it: buttons read --brand-primary, the page --brand-background (app/globals.css).
 */
export async function currentBrand(): Promise<{ brand: Brand; style: CSSProperties }> {
  const brand = await pageBranding(pageClient().clientId);
  const style = {
    ...(brand.primary && { "--brand-primary": brand.primary }),
    ...(brand.background && { "--brand-background": brand.background }),
  } as CSSProperties;
  return { brand, style };
}

/** The logo and name at the top of every page: the brand's logo, or the default mark (the favicon's key) in the brand colour. */
export function BrandMark({ brand }: { brand: Brand }) {
  return (
    <div className="flex items-center gap-2 text-zinc-900" aria-hidden="true">
      {brand.logoUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- an operator's URL, not a build-time asset
        <img src={brand.logoUrl} alt="" className="h-7 w-auto max-w-32" data-testid="brand-logo" />
      ) : (
        <svg viewBox="0 0 32 32" className="h-7 w-7">
          <rect width="32" height="32" rx="8" fill="var(--brand-primary, var(--default-primary))" />
          <g fill="none" stroke="#fff" strokeWidth="2.8" strokeLinecap="round">
            <circle cx="12.5" cy="13.5" r="5" />
            <path d="M16 17l8 8M21 22l2.5-2.5" />
          </g>
        </svg>
      )}
      <span className="text-sm font-semibold tracking-tight">{brand.name}</span>
    </div>
  );
}
