import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";

// Flexible identifiers (Auth0's connection `attributes`): which of email, username and phone
// number a connection asks for at signup (required, optional, or not at all) and which a user may
// type at login. Everything that reads or checks an identifier comes here, so the pages, the native
// API, the Management API and a custom database all agree on what a valid one is:
//   - email: trimmed and lower-cased;
//   - username: lower-cased (so unique whatever the case), letters, digits, ".", "_" and "-",
//     within the connection's length, and never only digits (it would read as a phone number);
//   - phone_number: E.164 (+ and the country code), checked by libphonenumber-js.

export const IDENTIFIER_TYPES = ["email", "username", "phone_number"] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** What a user may be known by: each attribute the connection has, normalized. */
export type Identity = Partial<Record<IdentifierType, string>>;
/** The identifier a user typed at login, once recognized. */
export type Identifier = { type: IdentifierType; value: string };

export type SignupStatus = "required" | "optional" | "inactive";
export type Attribute = { identifier: boolean; signup: SignupStatus };
export type Attributes = {
  /** verifyBeforeLogin: a user must confirm the email (a code, during the login) before any session. */
  email: Attribute & { verifyBeforeLogin: boolean };
  username: Attribute & { minLength: number; maxLength: number };
  phone_number: Attribute;
};

export const USERNAME_LENGTH = { min: 1, max: 128, defaultMin: 1, defaultMax: 15 } as const;

/** Email only, as before flexible identifiers (and as Auth0's database connections start). */
export const DEFAULT_ATTRIBUTES: Attributes = {
  email: { identifier: true, signup: "required", verifyBeforeLogin: false },
  username: { identifier: false, signup: "inactive", minLength: USERNAME_LENGTH.defaultMin, maxLength: USERNAME_LENGTH.defaultMax },
  phone_number: { identifier: false, signup: "inactive" },
};

const attributeSchema = z.object({ identifier: z.boolean(), signup: z.enum(["required", "optional", "inactive"]) });
const storedSchema = z.object({
  // Stored before verification existed: not required.
  email: attributeSchema.extend({ verifyBeforeLogin: z.boolean().default(false) }),
  username: attributeSchema.extend({ minLength: z.number().int(), maxLength: z.number().int() }),
  phone_number: attributeSchema,
});

/** The stored JSON (connection.attributes) → attributes; `{}` (or anything unreadable) is email only. */
export function readAttributes(value: unknown): Attributes {
  const parsed = storedSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_ATTRIBUTES;
}

/** Why a set of attributes cannot work, or undefined when it can (the Management API says it). */
export function attributesProblem(a: Attributes): string | undefined {
  for (const type of IDENTIFIER_TYPES) {
    if (a[type].identifier && a[type].signup === "inactive") return `${type}: an identifier users log in with must be asked at signup`;
  }
  if (!IDENTIFIER_TYPES.some((type) => a[type].identifier && a[type].signup === "required")) {
    return "at least one identifier must be required at signup, so that every user can log in";
  }
  if (a.username.minLength > a.username.maxLength) return "username: min_length is above max_length";
  return undefined;
}

/** The types a user may type at login, in the order the field's label names them. */
export function loginTypes(a: Attributes): IdentifierType[] {
  return IDENTIFIER_TYPES.filter((type) => a[type].identifier);
}

/** The attributes asked at signup, in order. */
export function signupTypes(a: Attributes): IdentifierType[] {
  return IDENTIFIER_TYPES.filter((type) => a[type].signup !== "inactive");
}

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export function usernameSchema(a: Attributes) {
  return z
    .string()
    .trim()
    .toLowerCase()
    .min(a.username.minLength)
    .max(a.username.maxLength)
    .regex(/^[a-z0-9._-]+$/, "letters, digits, dots, hyphens and underscores")
    .refine((u) => !/^[0-9]+$/.test(u), "not only digits");
}

export const phoneNumberSchema = z
  .string()
  .max(32)
  .transform((raw, ctx) => {
    const phone = /^\+[0-9 ().-]+$/.test(raw.trim()) ? parsePhoneNumberFromString(raw.trim()) : undefined;
    if (phone?.isValid()) return phone.number;
    ctx.addIssue({ code: "custom", message: "a phone number in international format (+ and the country code)" });
    return z.NEVER;
  });

function schemaFor(type: IdentifierType, a: Attributes) {
  if (type === "email") return emailSchema;
  if (type === "username") return usernameSchema(a);
  return phoneNumberSchema;
}

/** The normalized value, or undefined when it is not a valid `type`. */
export function parseAs(type: IdentifierType, a: Attributes, raw: unknown): string | undefined {
  const parsed = schemaFor(type, a).safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/**
 * What the user typed in the login field, recognized: an "@" makes it an email, a leading "+" a
 * phone number, anything else a username; then it must be valid as that type and the type one
 * the connection logs in with. The failure names the type it looked like (for its message).
 */
export function parseLoginIdentifier(a: Attributes, raw: unknown): { ok: true; identifier: Identifier } | { ok: false; looksLike: IdentifierType | undefined } {
  const allowed = loginTypes(a);
  if (typeof raw !== "string") return { ok: false, looksLike: allowed.length === 1 ? allowed[0] : undefined };
  const text = raw.trim();
  const looksLike: IdentifierType = text.includes("@") ? "email" : text.startsWith("+") ? "phone_number" : "username";
  // With one type allowed, whatever was typed is read as that type (so the message says what it expects).
  const type = allowed.includes(looksLike) ? looksLike : allowed.length === 1 ? allowed[0] : undefined;
  if (!type) return { ok: false, looksLike: undefined };
  const value = parseAs(type, a, text);
  return value === undefined ? { ok: false, looksLike: type } : { ok: true, identifier: { type, value } };
}

/**
 * The signup attributes from a form or an API body: each asked one checked and normalized, each
 * required one present; one the connection does not ask for is refused. The error names the field.
 */
export function parseSignupIdentity(
  a: Attributes,
  input: Partial<Record<IdentifierType, unknown>>,
): { ok: true; identity: Identity } | { ok: false; field: IdentifierType; missing: boolean } {
  const identity: Identity = {};
  for (const type of IDENTIFIER_TYPES) {
    const raw = input[type];
    const given = typeof raw === "string" ? raw.trim() !== "" : raw !== undefined && raw !== null;
    const status = a[type].signup;
    if (!given) {
      if (status === "required") return { ok: false, field: type, missing: true };
      continue;
    }
    if (status === "inactive") return { ok: false, field: type, missing: false };
    const value = parseAs(type, a, raw);
    if (value === undefined) return { ok: false, field: type, missing: false };
    identity[type] = value;
  }
  return { ok: true, identity };
}

/** The identifier a user is shown and named by (a passkey's user name): the first they have. */
export function mainIdentifier(identity: Identity): Identifier | undefined {
  const type = IDENTIFIER_TYPES.find((t) => identity[t] !== undefined);
  return type && { type, value: identity[type] as string };
}

type StoredIdentity = { email: string | null; username: string | null; phoneNumber: string | null };

/** A stored user's identifier of this type, or null. */
export function identifierOf(user: StoredIdentity, type: IdentifierType): string | null {
  return type === "email" ? user.email : type === "username" ? user.username : user.phoneNumber;
}

/** What a stored user is called on pages and in authenticators: their email, else username, else phone number. */
export function userName(user: StoredIdentity): string {
  return user.email ?? user.username ?? user.phoneNumber ?? "";
}
