import type { ReactNode } from "react";
import { BrandMark, currentBrand } from "./brand";
import { LanguagePicker } from "./language-picker";

/** The frame of every hosted page: a centred card with the brand, a title and optional subtitle. */
export async function Card({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  const { brand, style } = await currentBrand();
  return (
    <main className="brand-page flex min-h-screen items-start justify-center px-4 py-12 sm:pt-24" style={style}>
      <div className="w-full max-w-sm rounded-2xl bg-surface p-8 shadow-sm ring-1 ring-zinc-200">
        <div className="mb-6">
          <BrandMark brand={brand} />
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
