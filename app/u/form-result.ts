import { redirect } from "next/navigation";
import { MESSAGES } from "@/lib/i18n/locales";
import type { StepOutcome } from "@/components/use-step";

// The steps work as plain HTML forms too, for a browser that runs no scripts: the form posts to
// the step's server action, which answers with a redirect (post/redirect/get): where the step
// leads, or back to the page with the error's code in its URL, which the page shows.

/** Ends a step submitted as a plain form: to where it leads, or back to `page` with its error. */
export function followAsForm(page: string, outcome: StepOutcome): never {
  if (outcome.ok) redirect(outcome.redirectTo);
  redirect(`${page}${page.includes("?") ? "&" : "?"}error=${encodeURIComponent(outcome.error)}`);
}

/** The error a plain form came back with (`?error=`), when it is one of ours; anything else shows nothing. */
export function formError(params: Record<string, string | string[] | undefined>): string | undefined {
  const code = params.error;
  return typeof code === "string" && Object.hasOwn(MESSAGES.en.errors, code) ? code : undefined;
}

/** A field of a posted form; anything that is not a form (a script's own call with other arguments) has none. */
export function fieldOf(form: unknown, name: string): FormDataEntryValue | undefined {
  return form instanceof FormData ? (form.get(name) ?? undefined) : undefined;
}
