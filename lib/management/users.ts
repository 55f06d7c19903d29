import { z } from "zod";
import { ApiError, pageSchema, paginate } from "../api/http";
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

export const userListSchema = z.object({ ...pageSchema, email: emailSchema.optional() }).strict();

export async function listUsers(query: z.infer<typeof userListSchema>) {
  const where = query.email ? { email: query.email } : {};
  return paginate(
    query,
    "users",
    async (skip, take) =>
      (await db().user.findMany({ where, include: { connection: { select: { name: true } } }, orderBy: { createdAt: "asc" }, skip, take })).map(userView),
    () => db().user.count({ where }),
  );
}

export async function getUser(id: string) {
  return userView(await findUser(id));
}

export async function userAuthenticationMethods(id: string) {
  await findUser(id);
  return authenticationMethods(id);
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
