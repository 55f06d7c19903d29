"use client";
import { createContext, useContext, useState, type InputHTMLAttributes } from "react";
import { useTranslations } from "next-intl";

/** What a form tells its fields: the error shown under them, and its element's id (components/step-form.tsx). */
export const FieldErrorContext = createContext<{ error?: string; errorId: string } | undefined>(undefined);

const INPUT =
  "mt-1 block w-full rounded-lg border border-zinc-300 bg-surface px-3 py-2 text-zinc-900 shadow-sm focus:border-zinc-900 focus:outline-none focus:ring-1 focus:ring-zinc-900 aria-invalid:border-red-700";

/** A labelled input. Inside a step form with an error, it says so (aria-invalid) and points at the message (aria-describedby). */
export function TextField({ label, id, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; id: string }) {
  const form = useContext(FieldErrorContext);
  const invalid = form?.error !== undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input id={id} className={INPUT} aria-invalid={invalid || undefined} aria-describedby={invalid ? form.errorId : undefined} {...props} />
    </div>
  );
}

/** A password input with a Show/Hide toggle (a real button: reachable by keyboard, its state announced). */
export function PasswordField({ label, id, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: string; id: string }) {
  const t = useTranslations("common");
  const form = useContext(FieldErrorContext);
  const invalid = form?.error !== undefined;
  const [shown, setShown] = useState(false);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <div className="relative">
        <input
          id={id}
          type={shown ? "text" : "password"}
          className={`${INPUT} pe-20`}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? form.errorId : undefined}
          {...props}
        />
        <button
          type="button"
          className="absolute inset-y-0 end-0 mt-1 px-3 text-sm font-medium text-zinc-700 underline"
          aria-controls={id}
          aria-pressed={shown}
          onClick={() => setShown(!shown)}
        >
          {shown ? t("hidePassword") : t("showPassword")}
        </button>
      </div>
    </div>
  );
}
