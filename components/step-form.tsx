"use client";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "./button";
import { ErrorMessage } from "./error-message";
import { useStep, type StepOutcome } from "./use-step";

/**
 * A step that submits one field (email or password) to a server action and follows the outcome.
 * `action` is the page's server action with the transaction already bound.
 */
export function StepForm({
  field,
  action,
  submitLabel,
  children,
}: {
  field: string;
  action: (value: FormDataEntryValue | null) => Promise<StepOutcome>;
  submitLabel: string;
  children: ReactNode;
}) {
  const t = useTranslations("errors");
  const { error, pending, run } = useStep();
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const value = new FormData(event.currentTarget).get(field);
        run(() => action(value));
      }}
    >
      {children}
      <ErrorMessage message={error ? t(error) : undefined} />
      <Button type="submit" disabled={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
