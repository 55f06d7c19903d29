import type { ReactNode } from "react";

/** The frame of every hosted page: a centred card with a title and optional subtitle. */
export function Card({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-100 px-4 py-12">
      <div className="w-full max-w-sm rounded-2xl bg-white p-8 shadow-sm ring-1 ring-zinc-200">
        <div className="mb-6 flex items-center gap-2 text-zinc-900" aria-hidden="true">
          <span className="inline-block h-7 w-7 rounded-lg bg-zinc-900" />
          <span className="text-sm font-semibold tracking-tight">Passkey Universal Login</span>
        </div>
        <h1 className="text-2xl font-semibold text-zinc-900">{title}</h1>
        {subtitle ? <p className="mt-2 text-sm text-zinc-600">{subtitle}</p> : null}
        <div className="mt-6 space-y-4">{children}</div>
        {footer ? <div className="mt-6 border-t border-zinc-100 pt-4 text-center text-sm text-zinc-600">{footer}</div> : null}
      </div>
    </main>
  );
}
