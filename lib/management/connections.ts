import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db, isUniqueViolation } from "../db";
import { encryptSecret } from "../mfa/secrets";
import { DEFAULT_TIMEOUT_MS } from "../users/custom-store";
import { DEFAULT_PASSKEY_OPTIONS, passkeyOptionsSchema, readPasskeyOptions } from "../policy/passkey-options";
import { ApiError } from "../api/http";
import { checkpointSchema, fieldsSchema, listAnswer, pageSchema, withFields } from "../api/lists";
import { changeConfig } from "../config-cache";
import { attributesProblem, IDENTIFIER_TYPES, readAttributes, USERNAME_LENGTH, type Attributes } from "../users/identifiers";

// Connections in the Management API's shape (Auth0's, for database connections). Passkeys and
// passwords live under options.authentication_methods; the passkey policy is options.passkey_options.
// `options.mfa.required` (every login on the connection needs a second factor) is our own, and so
// is `options.custom_store` ({ base_url, secret }): a custom database without user import
// (Auth0's `enabledDatabaseCustomization` with `import_mode: false`) reached over HTTP instead of
// through scripts (lib/users/custom-store.ts). Its secret is write-only. `options.attributes` is
// Auth0's flexible identifiers: for each of email, username and phone_number, whether users log
// in with it (identifier.active) and whether signup asks it (signup.status).

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;

const findRow = (id: string) => db().connection.findUnique({ where: { id } });

export function connectionView(c: Row) {
  return {
    id: c.id,
    name: c.name,
    strategy: "auth0",
    is_default: c.isDefault,
    options: {
      authentication_methods: { password: { enabled: c.passwordsEnabled }, passkey: { enabled: c.passkeysEnabled } },
      passkey_options: readPasskeyOptions(c.passkeyOptions),
      password_complexity_options: { min_length: c.passwordMinLength },
      ...(c.passwordPolicy === null ? {} : { passwordPolicy: c.passwordPolicy }),
      mfa: { required: c.mfaRequired },
      attributes: attributesView(readAttributes(c.attributes)),
      ...(c.customStoreUrl !== null && {
        enabledDatabaseCustomization: true,
        import_mode: false,
        custom_store: { base_url: c.customStoreUrl, timeout_ms: c.customStoreTimeoutMs ?? DEFAULT_TIMEOUT_MS },
      }),
    },
  };
}

function attributesView(a: Attributes) {
  const view = (type: keyof Attributes) => ({ identifier: { active: a[type].identifier }, signup: { status: a[type].signup } });
  return {
    email: { ...view("email"), signup: { status: a.email.signup, verification: { active: a.email.verifyBeforeLogin } } },
    username: { ...view("username"), validation: { min_length: a.username.minLength, max_length: a.username.maxLength } },
    phone_number: view("phone_number"),
  };
}

const attributeSchema = z
  .object({
    identifier: z.object({ active: z.boolean() }).strict().optional(),
    signup: z
      .object({ status: z.enum(["required", "optional", "inactive"]) })
      .strict()
      .optional(),
  })
  .strict();

/** Auth0's options.attributes: the whole set (an attribute left out is not used). */
const attributesSchema = z
  .object({
    // signup.verification.active: the email is confirmed (a code, during the login) before the first session.
    email: attributeSchema
      .extend({
        signup: z
          .object({ status: z.enum(["required", "optional", "inactive"]), verification: z.object({ active: z.boolean() }).strict().optional() })
          .strict()
          .optional(),
      })
      .optional(),
    username: attributeSchema
      .extend({
        validation: z
          .object({
            min_length: z.number().int().min(USERNAME_LENGTH.min).max(USERNAME_LENGTH.max),
            max_length: z.number().int().min(USERNAME_LENGTH.min).max(USERNAME_LENGTH.max),
          })
          .partial()
          .strict()
          .optional(),
      })
      .optional(),
    phone_number: attributeSchema.optional(),
  })
  .strict();

function attributesFrom(input: z.infer<typeof attributesSchema>): Attributes {
  const one = (type: (typeof IDENTIFIER_TYPES)[number]) => ({
    identifier: input[type]?.identifier?.active ?? false,
    signup: input[type]?.signup?.status ?? (input[type]?.identifier?.active ? "required" : "inactive"),
  });
  const attributes: Attributes = {
    email: { ...one("email"), verifyBeforeLogin: input.email?.signup?.verification?.active ?? false },
    username: {
      ...one("username"),
      minLength: input.username?.validation?.min_length ?? USERNAME_LENGTH.defaultMin,
      maxLength: input.username?.validation?.max_length ?? USERNAME_LENGTH.defaultMax,
    },
    phone_number: one("phone_number"),
  };
  const problem = attributesProblem(attributes);
  if (problem) throw new ApiError("invalid_body", `options.attributes: ${problem}`);
  return attributes;
}

export const connectionListSchema = z
  .object({ ...pageSchema, ...checkpointSchema, ...fieldsSchema, strategy: z.string().max(64).optional(), name: z.string().max(128).optional() })
  .strict();

/** Connections (a few rows): bare, an offset page or checkpoints (node-auth0 v7 pages with from/take). */
export async function listConnections(query: z.infer<typeof connectionListSchema>) {
  const rows = await db().connection.findMany({ where: query.name ? { name: query.name } : {}, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const all = rows.map(connectionView).filter((c) => query.strategy === undefined || c.strategy === query.strategy);
  const answer = listAnswer("connections", query, all);
  if (!query.fields) return answer;
  if (Array.isArray(answer)) return withFields(answer, query);
  return { ...answer, connections: withFields(answer.connections as typeof all, query) };
}

export async function getConnection(id: string) {
  const row = await findRow(id);
  if (!row) throw new ApiError("not_found", "The connection does not exist");
  return connectionView(row);
}

const customStoreSchema = z
  .object({
    base_url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .refine((u) => {
        const url = new URL(u);
        return !url.username && !url.password && !url.search && !url.hash;
      }, "an http(s) base URL without credentials, query or fragment"),
    secret: z.string().min(16).max(512),
    /** Each call's deadline (default 5000). */
    timeout_ms: z.number().int().min(100).max(10_000).optional(),
  })
  .strict();

const optionsSchema = z
  .object({
    authentication_methods: z
      .object({
        passkey: z.object({ enabled: z.boolean() }).strict().optional(),
        password: z.object({ enabled: z.boolean() }).strict().optional(),
      })
      .strict()
      .optional(),
    // Each field optional with no default: a PATCH changes only what it names.
    passkey_options: z
      .object({
        challenge_ui: passkeyOptionsSchema.shape.challenge_ui.unwrap().optional(),
        progressive_enrollment_enabled: z.boolean().optional(),
        local_enrollment_enabled: z.boolean().optional(),
      })
      .strict()
      .optional(),
    password_complexity_options: z
      .object({ min_length: z.number().int().min(8).max(128) })
      .strict()
      .optional(),
    // Auth0's named policies; below 8 characters is refused (NIST SP 800-63B's floor).
    passwordPolicy: z
      .enum(["none", "low", "fair", "good", "excellent"])
      .refine((p) => p !== "none" && p !== "low", { message: "none and low allow passwords under 8 characters; use fair, good or excellent" })
      .optional(),
    mfa: z.object({ required: z.boolean() }).strict().optional(),
    attributes: attributesSchema.optional(),
    custom_store: customStoreSchema.optional(),
    // Auth0's names for a custom database without import: accepted with the values that mean it.
    enabledDatabaseCustomization: z.literal(true).optional(),
    import_mode: z.literal(false).optional(),
  })
  .strict();

export const connectionPatchSchema = z.object({ options: optionsSchema }).strict();

export const connectionCreateSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[a-zA-Z0-9](-?[a-zA-Z0-9])*$/, "letters and digits, single hyphens between them"),
    strategy: z.literal("auth0"),
    options: optionsSchema.optional(),
  })
  .strict();

/** A new database connection (the built-in store, or the customer's with options.custom_store). */
export async function createConnection(input: z.infer<typeof connectionCreateSchema>) {
  const options = input.options ?? {};
  checkOptions(options);
  if ((options.enabledDatabaseCustomization || options.import_mode === false) && !options.custom_store) {
    throw new ApiError("invalid_body", "options.custom_store: required for a custom database (enabledDatabaseCustomization)");
  }
  try {
    const created = await changeConfig("connection", async () =>
      db().connection.create({
        data: {
          id: `con_${randomBytes(8).toString("hex")}`,
          name: input.name,
          ...(await optionColumns(options)),
          passkeyOptions: { ...DEFAULT_PASSKEY_OPTIONS, ...options.passkey_options },
        },
      }),
    );
    return connectionView(created);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", `A connection named ${input.name} already exists`);
    throw error;
  }
}

type Options = z.infer<typeof optionsSchema>;

/** Options that would leave nobody a way in are refused; `row` is the connection being changed. */
function checkOptions(options: Options, row?: Row) {
  const methods = options.authentication_methods;
  const passwords = methods?.password?.enabled ?? row?.passwordsEnabled ?? true;
  const passkeys = methods?.passkey?.enabled ?? row?.passkeysEnabled ?? true;
  if (!passwords && !passkeys) throw new ApiError("invalid_body", "authentication_methods: passwords, passkeys or both must be enabled");
  // A custom database keeps passwords itself (its Login script); it has no passkey-only mode.
  if (!passwords && (options.custom_store || row?.customStoreUrl)) {
    throw new ApiError("invalid_body", "authentication_methods.password: a custom database's logins need passwords");
  }
}

async function optionColumns(options: Options) {
  return {
    passkeysEnabled: options.authentication_methods?.passkey?.enabled,
    passwordsEnabled: options.authentication_methods?.password?.enabled,
    passwordMinLength: options.password_complexity_options?.min_length ?? (options.passwordPolicy ? POLICY_LENGTH[options.passwordPolicy] : undefined),
    passwordPolicy: options.passwordPolicy,
    mfaRequired: options.mfa?.required,
    attributes: options.attributes && attributesFrom(options.attributes),
    ...(options.custom_store && {
      customStoreUrl: options.custom_store.base_url,
      customStoreSecret: await encryptSecret(options.custom_store.secret),
      customStoreTimeoutMs: options.custom_store.timeout_ms ?? null,
    }),
  };
}

/** The length each of Auth0's password policies asks for (their character rules are not enforced). */
const POLICY_LENGTH = { none: 1, low: 6, fair: 8, good: 8, excellent: 10 } as const;

export async function updateConnection(id: string, patch: z.infer<typeof connectionPatchSchema>) {
  const row = await findRow(id);
  if (!row) throw new ApiError("not_found", "The connection does not exist");
  const { options } = patch;
  checkOptions(options, row);
  // The store of an existing connection can be changed (a new URL or secret), but a connection
  // never switches between the built-in store and a custom one: its users are in one of them.
  if (options.custom_store && row.customStoreUrl === null) {
    throw new ApiError("invalid_body", "options.custom_store: only a connection created as a custom database has one");
  }
  const columns = await optionColumns(options);
  const updated = await changeConfig("connection", () =>
    db().connection.update({
      where: { id },
      data: { ...columns, passkeyOptions: options.passkey_options ? { ...readPasskeyOptions(row.passkeyOptions), ...options.passkey_options } : undefined },
    }),
  );
  return connectionView(updated);
}
