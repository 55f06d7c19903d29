import { randomBytes } from "node:crypto";
import type { KoaContextWithOIDC } from "oidc-provider";

// The few pages the provider renders itself. Plain HTML: they show for a moment or on errors.

function escape(value: unknown): string {
  return (typeof value === "string" ? value : "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string, nonce?: string): string {
  const style =
    "body{font-family:system-ui,sans-serif;background:#f4f4f5;color:#18181b;display:grid;place-items:center;min-height:100vh;margin:0}main{background:#fff;border-radius:12px;padding:32px;max-width:400px;box-shadow:0 1px 3px #0002}button{background:#18181b;color:#fff;border:0;border-radius:8px;padding:10px 16px;font-size:1rem}";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><style${nonce ? ` nonce="${nonce}"` : ""}>${style}</style></head><body><main>${body}</main></body></html>`;
}

/** The page for a moment the database is away, in English or French (whichever the browser prefers). */
export function unavailableHtml(headers: { acceptLanguage?: string; cookie?: string }): string {
  const french = /(^|;\s*)NEXT_LOCALE=fr\b/.test(headers.cookie ?? "") || /^fr\b/i.test(headers.acceptLanguage ?? "");
  const [title, text] = french
    ? ["Réessayez dans un instant", "Le service est brièvement indisponible. Réessayez dans un instant."]
    : ["Try again in a moment", "The service is briefly unavailable. Try again in a moment."];
  return layout(title, `<h1>${escape(title)}</h1><p>${escape(text)}</p>`).replace('<html lang="en">', `<html lang="${french ? "fr" : "en"}">`);
}

/** The provider's answer while the database is away (the caller sets 503 and Retry-After). */
export function unavailablePage(ctx: KoaContextWithOIDC) {
  ctx.type = "html";
  ctx.body = unavailableHtml({ acceptLanguage: ctx.get("accept-language"), cookie: ctx.get("cookie") });
}

export function errorPage(ctx: KoaContextWithOIDC, out: { error?: unknown; error_description?: unknown }) {
  ctx.type = "html";
  ctx.body = layout(
    "Something went wrong",
    `<h1>Something went wrong</h1><p id="error">${escape(out.error)}</p><p id="error_description">${escape(out.error_description)}</p>`,
  );
}

// RP-initiated logout: the provider's confirmation form carries its CSRF token; submit it at once
// with logout=yes (end the whole session, like Auth0's /v2/logout), with a button if scripts are off.
export function logoutPage(ctx: KoaContextWithOIDC, form: string) {
  const nonce = randomBytes(16).toString("base64");
  ctx.set("Content-Security-Policy", `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; frame-ancestors 'none'`);
  ctx.type = "html";
  ctx.body = layout(
    "Signing out",
    `${form}<p>Signing you out…</p><noscript><button form="op.logoutForm" name="logout" value="yes" type="submit">Sign out</button></noscript>` +
      `<script nonce="${nonce}">var f=document.getElementById("op.logoutForm");var i=document.createElement("input");i.type="hidden";i.name="logout";i.value="yes";f.appendChild(i);f.submit();</script>`,
    nonce,
  );
}

export function loggedOutPage(ctx: KoaContextWithOIDC) {
  ctx.type = "html";
  ctx.body = layout("Signed out", "<h1>You are signed out</h1><p>You can close this window.</p>");
}
