"use client";
import { useTranslations } from "next-intl";
import { useId, type ReactNode } from "react";
import { FieldErrorContext } from "./text-field";
import { Button } from "./button";
import { ErrorMessage } from "./error-message";
import { useStep, type StepOutcome } from "./use-step";

/**
 * A step that submits its form to a server action and follows the outcome: the value of `field`
 * (a password, a code), or of each of `fields` as an object (the signup's identifiers).
 * `action` is the page's server action with the transaction already bound.
 */
export function StepForm({
  field,
  action,
  submitLabel,
  variant,
  formAction,
  initialError,
  children,
}: {
  field: string | readonly string[];
  action: (value: unknown) => Promise<StepOutcome>;
  submitLabel: string;
  /** The submit button's look (a second, lesser action: "link"). */
  variant?: "primary" | "secondary" | "link";
  /** The same step as a plain form's server action, for browsers without scripts (app/u/form-result.ts). */
  formAction?: (form: FormData) => Promise<void>;
  /** The error that plain form came back with. */
  initialError?: string;
  children?: ReactNode;
}) {
  const t = useTranslations("errors");
  const { error, pending, run } = useStep(initialError);
  const errorId = useId();
  return (
    <form
      // Our translated errors, never the browser's own validation bubble (in its own language).
      noValidate
      // Without scripts the browser posts the form here; with them, onSubmit below runs the step.
      action={formAction}
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const value = typeof field === "string" ? form.get(field) : Object.fromEntries(field.map((name) => [name, form.get(name) ?? undefined]));
        run(() => action(value));
      }}
    >
      <FieldErrorContext value={{ error, errorId }}>{children}</FieldErrorContext>
      <ErrorMessage id={errorId} message={error ? t(error) : undefined} />
      <Button type="submit" variant={variant} disabled={pending} plain={formAction !== undefined}>
        {submitLabel}
      </Button>
    </form>
  );
}
