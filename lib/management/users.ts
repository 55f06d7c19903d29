import { z } from "zod";
import { ApiError } from "../api/http";
import { fieldsSchema, offsetAnswer, offsetWindow, pageSchema, withFields } from "../api/lists";
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { emailSchema } from "../users/store";
import { authenticationMethods } from "../users/methods";

// Users in the Management API's shape (Auth0's, for database connection users): read, list
// (paginated, optionally by email), delete (with everything the provider holds for them), and
// their authentication methods, passkeys included.

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;
const findRow = (id: string) => db().user.findUnique({ where: { id }, include: { connection: { select: { name: true } } } });

function userView(u: Row) {
  return {
    user_id: u.id,
    email: u.email,
    email_verified: u.emailVerified,
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
    /** Auth0's user search (v3 syntax): `email:"…"`, `user_id:"…"`, terms joined by AND. */
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

const USER_FIELDS = { email: "email", user_id: "id" } as const;

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
      return field === "email" ? { email: value.toLowerCase() } : { id: value };
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
  const [, { count }] = await db().$transaction([
    db().$executeRaw`DELETE FROM "oidc_model" WHERE "payload"->>'accountId' = ${id}`,
    db().user.deleteMany({ where: { id } }),
  ]);
  if (count === 0) throw new ApiError("not_found", "The user does not exist");
}

async function findUser(id: string) {
  const user = await findRow(id);
  if (!user) throw new ApiError("not_found", "The user does not exist");
  return user;
}
