import type { CSSProperties, ReactNode } from "react";
import { pageBranding } from "@/lib/tenant-branding";
import { LanguagePicker } from "./language-picker";

/** The frame of every hosted page: a centred card with the tenant's brand, a title and optional subtitle. */
export async function Card({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  const brand = await pageBranding();
  // Primary buttons read --brand-primary (components/button.tsx).
  const style = brand.primary ? ({ "--brand-primary": brand.primary } as CSSProperties) : undefined;
  return (
    <main className="flex min-h-screen items-start justify-center bg-zinc-100 px-4 py-12 sm:pt-24" style={style}>
      <div className="w-full max-w-sm rounded-2xl bg-white p-8 shadow-sm ring-1 ring-zinc-200">
        <div className="mb-6 flex items-center gap-2 text-zinc-900" aria-hidden="true">
          {brand.logoUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- an operator's URL, not a build-time asset
            <img src={brand.logoUrl} alt="" className="h-7 w-auto max-w-32" />
          ) : (
            // The default mark (the favicon's key) in the brand colour, until the tenant sets a logo.
            <svg viewBox="0 0 32 32" className="h-7 w-7">
              <rect width="32" height="32" rx="8" fill="var(--brand-primary,#18181b)" />
              <g fill="none" stroke="#fff" strokeWidth="2.8" strokeLinecap="round">
                <circle cx="12.5" cy="13.5" r="5" />
                <path d="M16 17l8 8M21 22l2.5-2.5" />
              </g>
            </svg>
          )}
          <span className="text-sm font-semibold tracking-tight">{brand.name}</span>
        </div>
        <h1 className="text-2xl font-semibold text-zinc-900">{title}</h1>
        {subtitle ? <p className="mt-2 text-sm text-zinc-600">{subtitle}</p> : null}
        <div className="mt-6 space-y-4">{children}</div>
        {footer ? <div className="mt-6 border-t border-zinc-100 pt-4 text-center text-sm text-zinc-600">{footer}</div> : null}
        <LanguagePicker />
      </div>
    </main>
  );
}
