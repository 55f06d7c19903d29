import { z } from "zod";
import { WebAuthnError } from "./errors";

// The credential JSON a browser (or native app) sends back, checked for shape and size before any
// cryptography runs. Limits are generous for real authenticators and stop oversized input early.

const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, "must be base64url");

const common = {
  id: b64url(1366),
  rawId: b64url(1366),
  type: z.literal("public-key"),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

export const registrationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(8192),
    attestationObject: b64url(65536),
    transports: z.array(z.string().max(32)).max(10).optional(),
    authenticatorData: b64url(65536).optional(),
    publicKey: b64url(8192).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
});

export const authenticationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(8192),
    authenticatorData: b64url(65536),
    signature: b64url(8192),
    userHandle: z
      .string()
      .max(1366)
      .regex(/^[A-Za-z0-9_-]*$/)
      .optional(),
  }),
});

export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;

/** A credential response as JSON text (the token endpoint's form) or already an object. */
export function readCredential(input: unknown): unknown {
  if (typeof input !== "string") return input;
  if (input.length > 200_000) throw new WebAuthnError("malformed_response", "The credential response is too large");
  try {
    return JSON.parse(input);
  } catch {
    throw new WebAuthnError("malformed_response", "The credential response is not valid JSON");
  }
}

/** Whether a credential answers navigator.credentials.create() (it has an attestation) rather than get(). */
export function isRegistrationResponse(credential: unknown): boolean {
  const response = (credential as { response?: unknown } | null)?.response;
  return typeof response === "object" && response !== null && "attestationObject" in response;
}

export function parseResponse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(readCredential(input));
  if (!parsed.success)
    throw new WebAuthnError("malformed_response", `The credential response is malformed: ${parsed.error.issues[0]?.path.join(".") || "body"}`);
  return parsed.data;
}

/** The challenge the client signed over, read from clientDataJSON (verified again by the library). */
export function challengeOf(clientDataJSON: string): string {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    if (typeof data.challenge === "string" && /^[A-Za-z0-9_-]{16,128}$/.test(data.challenge)) return data.challenge;
  } catch {
    // fall through
  }
  throw new WebAuthnError("malformed_response", "clientDataJSON is malformed");
}
