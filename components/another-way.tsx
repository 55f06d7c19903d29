"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "./button";
import { PhoneIcon } from "./icons";

/**
 * "Try another way": the passkey can live on another device (a phone or tablet: the browser shows
 * a QR code to scan), so this asks the browser for a cross-device prompt (WebAuthn hints
 * ["hybrid"]). The page keeps its way back to the password next to it.
 */
export function AnotherWay({ action, onHybrid, disabled }: { action: "login" | "create"; onHybrid: () => void; disabled?: boolean }) {
  const t = useTranslations("anotherWay");
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button type="button" variant="link" aria-expanded="false" onClick={() => setOpen(true)}>
        {t("toggle")}
      </Button>
    );
  }
  return (
    <section className="space-y-3 rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-200" aria-label={t("toggle")}>
      <p className="text-sm text-zinc-700">{t(action === "login" ? "hintLogin" : "hintCreate")}</p>
      <Button type="button" variant="secondary" onClick={onHybrid} disabled={disabled}>
        <PhoneIcon />
        {t(action === "login" ? "hybridLogin" : "hybridCreate")}
      </Button>
    </section>
  );
}
