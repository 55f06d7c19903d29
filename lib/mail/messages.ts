import { createTranslator } from "use-intl/core";
import { directionOf, MESSAGES, type Locale } from "../i18n/locales";
import { pageBranding } from "../tenant-branding";
import type { MailMessage } from "./mailer";

// The messages the service sends, in the reader's language and the tenant's colours: a plain-text
// part that reads well on its own, and a small HTML part with the same words and one button.

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Paragraphs = { subject: string; greeting: string; body: string; button: string; after: string };

async function compose(to: string, locale: Locale, link: string, words: Paragraphs): Promise<MailMessage> {
  const brand = await pageBranding();
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "email" });
  const footer = t("footer", { tenant: brand.name });
  const text = [words.greeting, words.body, link, words.after, `— ${footer}`].join("\n\n");
  const colour = brand.primary ?? "#18181b";
  const logo = brand.logoUrl ? `<img src="${escape(brand.logoUrl)}" alt="" height="40" style="display:block;margin:0 0 24px">` : "";
  const html = `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,sans-serif;color:#18181b">
<div style="max-width:480px;margin:0 auto;background:#fff;border-radius:12px;padding:32px">${logo}
<p style="margin:0 0 16px;font-size:16px">${escape(words.greeting)}</p>
<p style="margin:0 0 24px;font-size:16px;line-height:1.5">${escape(words.body)}</p>
<p style="margin:0 0 24px"><a href="${escape(link)}" style="display:inline-block;background:${colour};color:#fff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">${escape(words.button)}</a></p>
<p style="margin:0 0 24px;font-size:14px;line-height:1.5;color:#52525b">${escape(words.after)}</p>
<p style="margin:0;font-size:12px;color:#71717a">${escape(footer)}</p>
</div></body></html>`;
  return { to, subject: words.subject, text, html };
}

/** The recovery link: a new password, or (passkey-only) a new passkey. */
export async function recoveryMail(input: { kind: "password" | "passkey"; to: string; locale: Locale; link: string; minutes: number }): Promise<MailMessage> {
  const brand = await pageBranding();
  const t = createTranslator({ locale: input.locale, messages: MESSAGES[input.locale], namespace: "email" });
  const words = { tenant: brand.name, minutes: input.minutes };
  const passkey = input.kind === "passkey";
  return compose(input.to, input.locale, input.link, {
    subject: passkey ? t("passkeySubject", words) : t("resetSubject", words),
    greeting: t("greeting"),
    body: passkey ? t("passkeyBody", words) : t("resetBody", words),
    button: passkey ? t("passkeyButton") : t("resetButton"),
    after: passkey ? t("passkeyIgnore") : t("resetIgnore"),
  });
}
