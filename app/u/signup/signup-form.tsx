"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/button";
import { ErrorMessage } from "@/components/error-message";
import { TextField } from "@/components/text-field";
import { useStep } from "@/components/use-step";
import { submitEmail } from "./actions";

export function SignupForm({ state, defaultEmail }: { state: string; defaultEmail: string }) {
  const t = useTranslations();
  const { error, pending, run } = useStep();
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const email = new FormData(event.currentTarget).get("email");
        run(() => submitEmail(state, email));
      }}
    >
      <TextField id="email" name="email" type="email" label={t("common.email")} autoComplete="email" defaultValue={defaultEmail} required autoFocus maxLength={254} />
      <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
      <Button type="submit" disabled={pending}>
        {t("common.continue")}
      </Button>
    </form>
  );
}
