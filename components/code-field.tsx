import { TextField } from "./text-field";

/** A six-digit one-time code: numeric keyboard, and the browser may fill it from an SMS or app. */
export function CodeField({ label }: { label: string }) {
  return (
    <TextField id="code" name="code" label={label} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" maxLength={7} required autoFocus />
  );
}
