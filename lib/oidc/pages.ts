import { randomBytes } from "node:crypto";
import type { KoaContextWithOIDC } from "oidc-provider";
import { directionOf, localeOf, MESSAGES, type Locale } from "../i18n/locales";

// The few pages the provider renders itself. Plain HTML: they show for a moment or on errors, in
// the language the hosted pages would use.

function escape(value: unknown): string {
  return (typeof value === "string" ? value : "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(locale: Locale, title: string, body: string, nonce?: string): string {
  const style =
    "body{font-family:system-ui,sans-serif;background:#f4f4f5;color:#18181b;display:grid;place-items:center;min-height:100vh;margin:0}main{background:#fff;border-radius:12px;padding:32px;max-width:400px;box-shadow:0 1px 3px #0002}button{background:#18181b;color:#fff;border:0;border-radius:8px;padding:10px 16px;font-size:1rem}";
  return `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><style${nonce ? ` nonce="${nonce}"` : ""}>${style}</style></head><body><main>${body}</main></body></html>`;
}

/** The page for a moment the database is away. */
export function unavailableHtml(headers: { acceptLanguage?: string; cookie?: string }): string {
  const locale = localeOf(headers);
  const t = MESSAGES[locale].provider;
  return layout(locale, t.unavailableTitle, `<h1>${escape(t.unavailableTitle)}</h1><p>${escape(t.unavailableText)}</p>`);
}

const localeOfRequest = (ctx: KoaContextWithOIDC) => localeOf({ cookie: ctx.get("cookie"), acceptLanguage: ctx.get("accept-language") });

/** The provider's answer while the database is away (the caller sets 503 and Retry-After). */
export function unavailablePage(ctx: KoaContextWithOIDC) {
  ctx.type = "html";
  ctx.body = unavailableHtml({ acceptLanguage: ctx.get("accept-language"), cookie: ctx.get("cookie") });
}

export function errorPage(ctx: KoaContextWithOIDC, out: { error?: unknown; error_description?: unknown }) {
  const locale = localeOfRequest(ctx);
  const t = MESSAGES[locale].provider;
  ctx.type = "html";
  ctx.body = layout(
    locale,
    t.errorTitle,
    `<h1>${escape(t.errorTitle)}</h1><p id="error">${escape(out.error)}</p><p id="error_description">${escape(out.error_description)}</p>`,
  );
}

// RP-initiated logout: the provider's confirmation form carries its CSRF token; submit it at once
// with logout=yes (end the whole session, like Auth0's /v2/logout), with a button if scripts are off.
export function logoutPage(ctx: KoaContextWithOIDC, form: string) {
  const nonce = randomBytes(16).toString("base64");
  ctx.set("Content-Security-Policy", `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; frame-ancestors 'none'`);
  const locale = localeOfRequest(ctx);
  const t = MESSAGES[locale].provider;
  ctx.type = "html";
  ctx.body = layout(
    locale,
    t.signingOut,
    `${form}<p>${escape(t.signingOut)}</p><noscript><button form="op.logoutForm" name="logout" value="yes" type="submit">${escape(t.signOut)}</button></noscript>` +
      `<script nonce="${nonce}">var f=document.getElementById("op.logoutForm");var i=document.createElement("input");i.type="hidden";i.name="logout";i.value="yes";f.appendChild(i);f.submit();</script>`,
    nonce,
  );
}

export function loggedOutPage(ctx: KoaContextWithOIDC) {
  const locale = localeOfRequest(ctx);
  const t = MESSAGES[locale].provider;
  ctx.type = "html";
  ctx.body = layout(locale, t.signedOutTitle, `<h1>${escape(t.signedOutTitle)}</h1><p>${escape(t.signedOutText)}</p>`);
}
