import { createTranslator } from "use-intl/core";
import { directionOf, MESSAGES, type Locale } from "../i18n/locales";
import { pageBranding } from "../tenant-branding";
import type { MailMessage } from "./mailer";

// The messages the service sends, in the reader's language and the tenant's colours: a plain-text
// part that reads well on its own, and a small HTML part with the same words and one button (or
// one code to type).

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Words = { subject: string; body: string; after: string } & ({ link: string; button: string } | { code: string });

const translator = (locale: Locale) => createTranslator({ locale, messages: MESSAGES[locale], namespace: "email" });

type Brand = Awaited<ReturnType<typeof pageBranding>>;

/** `brand`: the branding of the application the mail is for (over the tenant's). */
function compose(to: string, locale: Locale, brand: Brand, words: Words): MailMessage {
  const t = translator(locale);
  const footer = t("footer", { tenant: brand.name });
  const action = "code" in words ? words.code : words.link;
  const text = [t("greeting"), words.body, action, words.after, `— ${footer}`].join("\n\n");
  const colour = brand.primary ?? "#18181b";
  const logo = brand.logoUrl ? `<img src="${escape(brand.logoUrl)}" alt="" height="40" style="display:block;margin:0 0 24px">` : "";
  const actionHtml =
    "code" in words
      ? `<p style="margin:0 0 24px;font-size:32px;font-weight:700;letter-spacing:8px;font-family:ui-monospace,monospace">${escape(words.code)}</p>`
      : `<p style="margin:0 0 24px"><a href="${escape(words.link)}" style="display:inline-block;background:${colour};color:#fff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">${escape(words.button)}</a></p>`;
  const html = `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,sans-serif;color:#18181b">
<div style="max-width:480px;margin:0 auto;background:#fff;border-radius:12px;padding:32px">${logo}
<p style="margin:0 0 16px;font-size:16px">${escape(t("greeting"))}</p>
<p style="margin:0 0 24px;font-size:16px;line-height:1.5">${escape(words.body)}</p>
${actionHtml}
<p style="margin:0 0 24px;font-size:14px;line-height:1.5;color:#52525b">${escape(words.after)}</p>
<p style="margin:0;font-size:12px;color:#71717a">${escape(footer)}</p>
</div></body></html>`;
  return { to, subject: words.subject, text, html };
}

/** The recovery link: a new password, or (passkey-only) a new passkey. */
export async function recoveryMail(input: {
  kind: "password" | "passkey";
  to: string;
  locale: Locale;
  link: string;
  minutes: number;
  clientId?: string;
}): Promise<MailMessage> {
  const t = translator(input.locale);
  const brand = await pageBranding(input.clientId);
  const words = { tenant: brand.name, minutes: input.minutes };
  const passkey = input.kind === "passkey";
  return compose(input.to, input.locale, brand, {
    subject: passkey ? t("passkeySubject", words) : t("resetSubject", words),
    body: passkey ? t("passkeyBody", words) : t("resetBody", words),
    link: input.link,
    button: passkey ? t("passkeyButton") : t("resetButton"),
    after: passkey ? t("passkeyIgnore") : t("resetIgnore"),
  });
}

/** The code a login asks for before its session (a connection that verifies emails first). */
export async function verificationCodeMail(input: { to: string; locale: Locale; code: string; minutes: number; clientId?: string }): Promise<MailMessage> {
  const t = translator(input.locale);
  const brand = await pageBranding(input.clientId);
  const words = { tenant: brand.name, minutes: input.minutes };
  return compose(input.to, input.locale, brand, { subject: t("codeSubject", words), body: t("codeBody", words), code: input.code, after: t("verifyIgnore") });
}

/** The link sent after signup, to confirm the address whenever the user reads it. */
export async function verificationLinkMail(input: { to: string; locale: Locale; link: string; clientId?: string }): Promise<MailMessage> {
  const t = translator(input.locale);
  const brand = await pageBranding(input.clientId);
  const words = { tenant: brand.name };
  return compose(input.to, input.locale, brand, {
    subject: t("verifySubject", words),
    body: t("verifyBody", words),
    link: input.link,
    button: t("verifyButton"),
    after: t("verifyIgnore"),
  });
}
