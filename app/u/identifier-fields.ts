import type { InputHTMLAttributes } from "react";
import { loginTypes, signupTypes, type Attributes, type IdentifierType } from "@/lib/users/identifiers";

// The identifier inputs of the hosted pages, as the connection's attributes ask: one login field
// that accepts every type users may log in with, and one signup field per attribute asked. Each
// gets the keyboard and autofill hints that fit what it takes.

type Translate = (key: string, values?: Record<string, string>) => string;
export type FieldProps = Pick<InputHTMLAttributes<HTMLInputElement>, "type" | "inputMode" | "autoCapitalize" | "spellCheck" | "maxLength" | "minLength"> & {
  label: string;
};

const maxLength = (types: IdentifierType[], a: Attributes) =>
  Math.max(...types.map((type) => (type === "username" ? a.username.maxLength : type === "email" ? 254 : 32)));

/** The login field: `email`/`tel` when it takes only that, a text field otherwise (no capitals, no spelling fixes). */
export function loginField(a: Attributes, t: Translate): FieldProps {
  const types = loginTypes(a);
  const label = t(`identifier.${types.join("_or_")}`);
  if (types.length === 1 && types[0] === "email") return { label, type: "email", inputMode: "email", maxLength: 254 };
  if (types.length === 1 && types[0] === "phone_number") return { label, type: "tel", inputMode: "tel", maxLength: 32 };
  // An email keyboard has letters and "@": the right one unless phone numbers are typed here too.
  const inputMode = types.includes("email") && !types.includes("phone_number") ? "email" : "text";
  return { label, type: "text", inputMode, autoCapitalize: "none", spellCheck: false, maxLength: maxLength(types, a) };
}

export type SignupField = FieldProps & { name: IdentifierType; required: boolean; autoComplete: string };

/** One field per attribute signup asks, in order, required as the connection says. */
export function signupFields(a: Attributes, t: Translate): SignupField[] {
  return signupTypes(a).map((name) => {
    const required = a[name].signup === "required";
    const base = t(`identifier.${name}`);
    const label = required ? base : t("identifier.optional", { field: base });
    if (name === "email") return { name, required, label, type: "email", inputMode: "email", autoComplete: "email", maxLength: 254 };
    if (name === "phone_number") return { name, required, label, type: "tel", inputMode: "tel", autoComplete: "tel", maxLength: 32 };
    return {
      name,
      required,
      label,
      type: "text",
      autoComplete: "username",
      autoCapitalize: "none",
      spellCheck: false,
      minLength: a.username.minLength,
      maxLength: a.username.maxLength,
    };
  });
}
