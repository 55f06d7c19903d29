import { z } from "zod";
import { connectionById } from "../connections";
import { ApiError } from "../api/http";
import { fieldsSchema, offsetAnswer, offsetWindow, pageSchema, withFields } from "../api/lists";
import type { Prisma } from "../generated/prisma/client";
import { db, isUniqueViolation } from "../db";
import { hashPassword, passwordRuleBroken, PASSWORD_MAX_LENGTH } from "../users/passwords";
import { profileColumns, profileSchema } from "../users/profile";
import { emailSchema, endSessionsOf, newUserId } from "../users/store";
import { IDENTIFIER_TYPES, parseAs, parseSignupIdentity, readAttributes, type Attributes, type IdentifierType, type Identity } from "../users/identifiers";
import { authenticationMethods } from "../users/methods";

// Users in the Management API's shape (Auth0's, for database connection users): read, list
// (paginated, optionally by email; searchable by any identifier), create and change (the
// identifiers the connection's attributes allow, checked as signup checks them), delete (with everything the provider holds for them), and
// their authentication methods, passkeys included.

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;
const findRow = (id: string) => db().user.findUnique({ where: { id }, include: { connection: { select: { name: true } } } });

function userView(u: Row) {
  return {
    user_id: u.id,
    ...(u.email === null ? {} : { email: u.email, email_verified: u.emailVerified }),
    ...(u.username === null ? {} : { username: u.username }),
    ...(u.phoneNumber === null ? {} : { phone_number: u.phoneNumber }),
    ...(u.name === null ? {} : { name: u.name }),
    ...(u.givenName === null ? {} : { given_name: u.givenName }),
    ...(u.familyName === null ? {} : { family_name: u.familyName }),
    ...(u.nickname === null ? {} : { nickname: u.nickname }),
    ...(u.picture === null ? {} : { picture: u.picture }),
    user_metadata: u.userMetadata,
    app_metadata: u.appMetadata,
    blocked: u.blocked,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
    last_login: u.lastLoginAt?.toISOString(),
    identities: [{ connection: u.connection.name, provider: "auth0", user_id: u.id, isSocial: false }],
  };
}

export const userListSchema = z
  .object({
    ...pageSchema,
    ...fieldsSchema,
    email: emailSchema.optional(),
    /** Auth0's user search (v3 syntax): `email:"…"`, `user_id:"…"`, `name:"…"`, terms joined by AND. */
    q: z.string().max(1000).optional(),
    search_engine: z.literal("v3").optional(),
    sort: z.enum(["created_at:1", "created_at:-1"]).optional(),
    connection: z.string().max(128).optional(),
  })
  .strict();

export async function listUsers(query: z.infer<typeof userListSchema>) {
  const where: Prisma.UserWhereInput = {
    AND: [query.email ? { email: query.email } : {}, query.connection ? { connection: { name: query.connection } } : {}, userSearch(query.q)],
  };
  const { skip, take } = offsetWindow(query);
  const [rows, total] = await Promise.all([
    db().user.findMany({
      where,
      include: { connection: { select: { name: true } } },
      orderBy: [{ createdAt: query.sort === "created_at:-1" ? "desc" : "asc" }, { id: "asc" }],
      skip,
      take,
    }),
    query.include_totals ? db().user.count({ where }) : 0,
  ]);
  return offsetAnswer("users", query, withFields(rows.map(userView), query), () => total);
}

const USER_FIELDS = { email: "email", username: "username", phone_number: "phoneNumber", user_id: "id", name: "name" } as const;

/** The filter for a v3 query such as `email:"jane@example.com" AND user_id:"u_1"`. */
function userSearch(q: string | undefined): Prisma.UserWhereInput {
  const query = q?.trim() ?? "";
  if (!query) return {};
  return {
    AND: query.split(/\s+AND\s+/).map((term) => {
      const match: (string | undefined)[] | null = /^([a-z_]+):(?:"([^"]*)"|([^\s"*]+))$/.exec(term);
      const field = match && USER_FIELDS[match[1] as keyof typeof USER_FIELDS];
      const value = match?.[2] ?? match?.[3];
      if (!field || value === undefined) {
        throw new ApiError("invalid_query_string", `Cannot read "${term}": use field:"value" joined by AND (fields: ${Object.keys(USER_FIELDS).join(", ")})`);
      }
      if (field === "email" || field === "username") return { [field]: value.toLowerCase() };
      return { [field]: value };
    }),
  };
}

export const usersByEmailSchema = z.object({ email: z.string().min(1).max(254), ...fieldsSchema }).strict();

/** Auth0's GET /api/v2/users-by-email: every user with this email, across connections (a bare array). */
export async function usersByEmail(query: z.infer<typeof usersByEmailSchema>) {
  const rows = await db().user.findMany({
    where: { email: query.email.toLowerCase() },
    include: { connection: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return withFields(rows.map(userView), query);
}

export const authenticationMethodsQuerySchema = z.object({ ...pageSchema }).strict();

// Writes: Auth0's POST /api/v2/users (a user on a database connection) and PATCH. The profile
// fields are the ID token's standard claims; metadata are JSON objects, bounded by the API's
// 16 KB body cap (Auth0 bounds user_metadata to 16 KB).

const profile = {
  ...profileSchema,
  app_metadata: profileSchema.user_metadata,
  email_verified: z.boolean(),
  blocked: z.boolean(),
};

export const userCreateSchema = z
  .object({
    connection: z.string().min(1).max(128),
    // Which identifiers are required, optional or refused is the connection's (options.attributes).
    email: z.string().max(254).optional(),
    username: z.string().max(128).optional(),
    phone_number: z.string().max(32).optional(),
    // Required, except on a passkey-only connection, which refuses it (its users recover by email to make a passkey).
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_LENGTH * 4)
      .optional(),
    /** Auth0 would send a verification email; there is no mail here yet (accepted, no effect). */
    verify_email: z.boolean().optional(),
    ...z.object(profile).partial().shape,
  })
  .strict();

export const userPatchSchema = z
  .object({
    email: z.string().max(254),
    username: z.string().max(128),
    phone_number: z.string().max(32),
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_LENGTH * 4),
    name: profile.name.nullable(),
    given_name: profile.given_name.nullable(),
    family_name: profile.family_name.nullable(),
    nickname: profile.nickname.nullable(),
    picture: profile.picture.nullable(),
    user_metadata: profile.user_metadata,
    app_metadata: profile.app_metadata,
    email_verified: profile.email_verified,
    blocked: profile.blocked,
  })
  .partial()
  .strict();

type ProfileInput = Partial<z.infer<typeof userPatchSchema>>;

function profileData(input: ProfileInput) {
  return {
    ...profileColumns(input),
    appMetadata: input.app_metadata as Prisma.InputJsonValue | undefined,
    emailVerified: input.email_verified,
    blocked: input.blocked,
  };
}

async function checkedPassword(password: string, connectionId: string): Promise<string> {
  const { passwordMinLength } = await db().connection.findUniqueOrThrow({ where: { id: connectionId }, select: { passwordMinLength: true } });
  const broken = passwordRuleBroken(password, passwordMinLength);
  if (broken) throw new ApiError("invalid_body", broken);
  return hashPassword(password);
}

export async function createUser(input: z.infer<typeof userCreateSchema>) {
  const connection = await db().connection.findUnique({ where: { name: input.connection } });
  if (!connection) throw new ApiError("invalid_body", "connection: no connection with this name");
  // Its users are created in the customer's store (by signup through this service, or by the customer).
  if (connection.customStoreUrl !== null) throw new ApiError("invalid_body", "connection: a custom database's users are created in its own store");
  const attributes = readAttributes(connection.attributes);
  const parsed = parseSignupIdentity(attributes, input);
  if (!parsed.ok) throw new ApiError("invalid_body", identifierProblem(attributes, parsed.field, parsed.missing));
  const { email, username, phone_number } = parsed.identity;
  if (connection.passwordsEnabled && input.password === undefined) throw new ApiError("invalid_body", "password: required");
  if (!connection.passwordsEnabled && input.password !== undefined) throw new ApiError("invalid_body", "password: this connection is passkey-only");
  const hash = input.password === undefined ? undefined : await checkedPassword(input.password, connection.id);
  try {
    const created = await db().user.create({
      data: {
        id: newUserId(),
        connectionId: connection.id,
        email,
        username,
        phoneNumber: phone_number,
        ...profileData(input),
        ...(hash && { password: { create: { hash } } }),
      },
      include: { connection: { select: { name: true } } },
    });
    return userView(created);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", "The user already exists");
    throw error;
  }
}

/** Auth0's PATCH: the fields given change; `null` clears a profile field. Blocking ends every session and token at once. */
export async function updateUser(id: string, input: z.infer<typeof userPatchSchema>) {
  const user = await findUser(id);
  const connection = await connectionById(user.connectionId);
  if (input.password !== undefined && connection?.customStore) {
    throw new ApiError("invalid_body", "password: a custom database's passwords are kept in its own store");
  }
  if (input.password !== undefined && connection?.passwordsEnabled === false) throw new ApiError("invalid_body", "password: this connection is passkey-only");
  const hash = input.password === undefined ? undefined : await checkedPassword(input.password, user.connectionId);
  const identity = changedIdentity(connection?.attributes ?? readAttributes({}), input);
  try {
    const [updated] = await db().$transaction([
      db().user.update({
        where: { id },
        data: {
          ...profileData(input),
          ...(identity.email === undefined ? {} : { email: identity.email, emailVerified: input.email_verified ?? false }),
          ...(identity.username === undefined ? {} : { username: identity.username }),
          ...(identity.phone_number === undefined ? {} : { phoneNumber: identity.phone_number }),
          ...(hash === undefined ? {} : { password: { upsert: { create: { hash }, update: { hash } } } }),
        },
        include: { connection: { select: { name: true } } },
      }),
      // A new password or a block: the user's sessions, grants and refresh tokens end (as Auth0's do).
      ...(hash !== undefined || input.blocked === true ? [endSessionsOf(id)] : []),
    ]);
    return userView(updated);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", "Another user of this connection has this identifier");
    throw error;
  }
}

export async function getUser(id: string) {
  return userView(await findUser(id));
}

/** A user's authentication methods: a bare array, or with include_totals Auth0's `{ start, limit, total, authenticators }`. */
export async function userAuthenticationMethods(id: string, query: z.infer<typeof authenticationMethodsQuerySchema>) {
  await findUser(id);
  const all = await authenticationMethods(id);
  if (!query.include_totals && query.page === undefined && query.per_page === undefined) return all;
  const { skip, take } = offsetWindow(query);
  return offsetAnswer("authenticators", query, all.slice(skip, skip + take), () => all.length);
}

/** Deletes the user (passkeys, password and factors cascade) and the sessions, grants and tokens issued to them. */
export async function deleteUser(id: string) {
  const [, { count }] = await db().$transaction([endSessionsOf(id), db().user.deleteMany({ where: { id } })]);
  if (count === 0) throw new ApiError("not_found", "The user does not exist");
}

/** What the Management API says of an identifier the connection refuses. */
function identifierProblem(attributes: Attributes, field: IdentifierType, missing: boolean): string {
  if (missing) return `${field}: required on this connection (options.attributes.${field}.signup.status)`;
  if (attributes[field].signup === "inactive") return `${field}: this connection does not use it (options.attributes.${field})`;
  if (field === "username") {
    return `username: ${attributes.username.minLength} to ${attributes.username.maxLength} letters, digits, dots, hyphens or underscores, not only digits`;
  }
  return field === "email" ? "email: must be an email address" : "phone_number: must be in E.164 format (+ and the country code)";
}

/** The identifiers a PATCH changes, each checked as the connection says (an identifier cannot be removed). */
function changedIdentity(attributes: Attributes, input: Partial<Record<IdentifierType, string>>): Identity {
  const identity: Identity = {};
  for (const field of IDENTIFIER_TYPES) {
    if (input[field] === undefined) continue;
    const value = attributes[field].signup === "inactive" ? undefined : parseAs(field, attributes, input[field]);
    if (value === undefined) throw new ApiError("invalid_body", identifierProblem(attributes, field, false));
    identity[field] = value;
  }
  return identity;
}

async function findUser(id: string) {
  const user = await findRow(id);
  if (!user) throw new ApiError("not_found", "The user does not exist");
  return user;
}
