import { z } from "zod";

// A connection's passkey policy (Auth0's `passkey_options`).
export const passkeyOptionsSchema = z.object({
  challenge_ui: z.enum(["both", "autofill", "button"]).default("both"),
  progressive_enrollment_enabled: z.boolean().default(true),
  local_enrollment_enabled: z.boolean().default(true),
});

export type PasskeyOptions = z.infer<typeof passkeyOptionsSchema>;

export const DEFAULT_PASSKEY_OPTIONS: PasskeyOptions = {
  challenge_ui: "both",
  progressive_enrollment_enabled: true,
  local_enrollment_enabled: true,
};

/** Stored JSON → options; anything unreadable falls back to the defaults rather than failing a login. */
export function readPasskeyOptions(value: unknown): PasskeyOptions {
  const parsed = passkeyOptionsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : DEFAULT_PASSKEY_OPTIONS;
}
