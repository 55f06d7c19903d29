import { z } from "zod";
import { db } from "../db";
import { passkeyOptionsSchema, readPasskeyOptions } from "../policy/passkey-options";
import { ApiError } from "../api/http";
import { checkpointSchema, fieldsSchema, listAnswer, pageSchema, withFields } from "../api/lists";
import { changeConfig } from "../config-cache";

// Connections in the Management API's shape (Auth0's, for database connections). Passkeys and
// passwords live under options.authentication_methods; the passkey policy is options.passkey_options.
// `options.mfa.required` (every login on the connection needs a second factor) is our own.

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;

const findRow = (id: string) => db().connection.findUnique({ where: { id } });

export function connectionView(c: Row) {
  return {
    id: c.id,
    name: c.name,
    strategy: "auth0",
    is_default: c.isDefault,
    options: {
      authentication_methods: { password: { enabled: true }, passkey: { enabled: c.passkeysEnabled } },
      passkey_options: readPasskeyOptions(c.passkeyOptions),
      password_complexity_options: { min_length: c.passwordMinLength },
      ...(c.passwordPolicy === null ? {} : { passwordPolicy: c.passwordPolicy }),
      mfa: { required: c.mfaRequired },
    },
  };
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

export const connectionPatchSchema = z
  .object({
    options: z
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
      })
      .strict(),
  })
  .strict();

/** The length each of Auth0's password policies asks for (their character rules are not enforced). */
const POLICY_LENGTH = { none: 1, low: 6, fair: 8, good: 8, excellent: 10 } as const;

export async function updateConnection(id: string, patch: z.infer<typeof connectionPatchSchema>) {
  const row = await findRow(id);
  if (!row) throw new ApiError("not_found", "The connection does not exist");
  const { options } = patch;
  // Passkeys sit beside passwords (the fallback); this service has no password-less connection.
  if (options.authentication_methods?.password?.enabled === false) {
    throw new ApiError("invalid_body", "Prerequisite failed: password authentication must stay enabled (passkeys need a fallback)");
  }
  const updated = await changeConfig("connection", () =>
    db().connection.update({
      where: { id },
      data: {
        passkeysEnabled: options.authentication_methods?.passkey?.enabled,
        passkeyOptions: options.passkey_options ? { ...readPasskeyOptions(row.passkeyOptions), ...options.passkey_options } : undefined,
        passwordMinLength: options.password_complexity_options?.min_length ?? (options.passwordPolicy ? POLICY_LENGTH[options.passwordPolicy] : undefined),
        passwordPolicy: options.passwordPolicy,
        mfaRequired: options.mfa?.required,
      },
    }),
  );
  return connectionView(updated);
}
