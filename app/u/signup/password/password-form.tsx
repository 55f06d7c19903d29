"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/button";
import { ErrorMessage } from "@/components/error-message";
import { TextField } from "@/components/text-field";
import { useStep } from "@/components/use-step";
import { submitPassword } from "../actions";

export function SignupPasswordForm({ state, email, minLength }: { state: string; email: string; minLength: number }) {
  const t = useTranslations();
  const { error, pending, run } = useStep();
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const password = new FormData(event.currentTarget).get("password");
        run(() => submitPassword(state, password));
      }}
    >
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <TextField id="password" name="password" type="password" label={t("common.password")} autoComplete="new-password" required autoFocus minLength={minLength} maxLength={128} />
      <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
      <Button type="submit" disabled={pending}>
        {t("signupPassword.button")}
      </Button>
    </form>
  );
}
