import { randomUUID } from "node:crypto";
import { profileColumns, type UserProfile } from "./profile";
import { db, isUniqueViolation, runSql } from "../db";
import { at, join, sql, together } from "../sql";
import { recall, remember, write } from "../unit-of-work";
import type { NewPasskey } from "../webauthn/registration";
import { insertPasskey } from "./passkeys";
import { hashPassword, passwordMatches } from "./passwords";
import { IDENTIFIER_TYPES, type Identifier, type Identity } from "./identifiers";

// The built-in user store. Identifiers arrive normalized (lib/users/identifiers.ts), so equal
// ones are equal strings and each is found by a unique index.

export { emailSchema } from "./identifiers";

export class UserExistsError extends Error {
  constructor() {
    super("A user with this identifier already exists");
    this.name = "UserExistsError";
  }
}

export function newUserId(): string {
  return randomUUID();
}

/** A user with their ways in: passkeys (id, transports, the RP ID they work for), password (whether there is one), second factors. */
export type UserWithMethods = {
  id: string;
  connectionId: string;
  email: string | null;
  username: string | null;
  phoneNumber: string | null;
  passkeys: { id: string; transports: string[]; rpId: string }[];
  password: { userId: string } | null;
  mfaFactors: { id: string; type: string }[];
};

// One query (Prisma's include would send one per relation).
const USER_WITH_METHODS = sql`SELECT u.id, u.connection_id AS "connectionId", u.email, u.username, u.phone_number AS "phoneNumber",
    COALESCE((SELECT json_agg(json_build_object('id', p.id, 'transports', p.transports, 'rpId', p.rp_id) ORDER BY p.created_at) FROM passkey p WHERE p.user_id = u.id), '[]'::json) AS passkeys,
    COALESCE((SELECT json_build_object('userId', c.user_id) FROM password_credential c WHERE c.user_id = u.id),
      CASE WHEN u.external_id IS NOT NULL THEN json_build_object('userId', u.id) END) AS password, -- a custom database's user: the store has it
    COALESCE((SELECT json_agg(json_build_object('id', f.id, 'type', f.type)) FROM mfa_factor f WHERE f.user_id = u.id), '[]'::json) AS "mfaFactors"
  FROM "user" u`;

/** The column each identifier is kept in (the only way a type becomes SQL). */
const COLUMN = { email: sql`u.email`, username: sql`u.username`, phone_number: sql`u.phone_number` } as const;

export async function findUserByIdentifier(connectionId: string, identifier: Identifier): Promise<UserWithMethods | null> {
  const { rows } = await runSql(sql`${USER_WITH_METHODS} WHERE u.connection_id = ${connectionId} AND ${COLUMN[identifier.type]} = ${identifier.value}`);
  return (rows[0] as UserWithMethods | undefined) ?? null;
}

export async function findUserById(userId: string): Promise<UserWithMethods | null> {
  const { rows } = await runSql(sql`${USER_WITH_METHODS} WHERE u.id = ${userId}`);
  return (rows[0] as UserWithMethods | undefined) ?? null;
}

/** Which of these identifiers another user of the connection already has (the first), or undefined. One query. */
export async function identityTaken(connectionId: string, identity: Identity): Promise<keyof Identity | undefined> {
  const given = IDENTIFIER_TYPES.filter((type) => identity[type] !== undefined);
  if (given.length === 0) return undefined;
  const { rows } = await runSql(
    sql`SELECT u.email, u.username, u.phone_number FROM "user" u WHERE u.connection_id = ${connectionId} AND (${join(
      given.map((type) => sql`${COLUMN[type]} = ${identity[type] as string}`),
      " OR ",
    )}) LIMIT 3`,
  );
  return given.find((type) => rows.some((row) => row[type] === identity[type]));
}

/** A new user and their first passkey, written together (one statement) or not at all. */
export async function createUserWithPasskey(
  input: Identity & {
    connectionId: string;
    userId: string;
    profile?: UserProfile;
    passkey: NewPasskey;
    userAgent?: string;
    /** A custom database's user_id for this user (lib/users/directory.ts). */
    externalId?: string;
  },
): Promise<void> {
  const now = at(new Date());
  const p = input.profile ?? {};
  try {
    await runSql(
      together([
        sql`INSERT INTO "user" (id, connection_id, external_id, email, username, phone_number, name, given_name, family_name, nickname, picture, user_metadata, created_at, updated_at, last_login_at)
          VALUES (${input.userId}, ${input.connectionId}, ${input.externalId ?? null}, ${input.email ?? null}, ${input.username ?? null}, ${input.phone_number ?? null}, ${p.name ?? null}, ${p.given_name ?? null}, ${p.family_name ?? null}, ${p.nickname ?? null},
            ${p.picture ?? null}, ${JSON.stringify(p.user_metadata ?? {})}::jsonb, ${now}, ${now}, ${now})`,
        insertPasskey(input.userId, input.passkey, input.userAgent),
      ]),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserExistsError();
    throw error;
  }
}

export async function createUserWithPassword(input: Identity & { connectionId: string; password: string; profile?: UserProfile }) {
  const hash = await hashPassword(input.password);
  try {
    return await db().user.create({
      data: {
        id: newUserId(),
        connectionId: input.connectionId,
        email: input.email,
        username: input.username,
        phoneNumber: input.phone_number,
        ...profileColumns(input.profile ?? {}),
        lastLoginAt: new Date(),
        password: { create: { hash } },
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserExistsError();
    throw error;
  }
}

/** The user when the password is right; null otherwise, in the same time whether the user exists or not. */
export async function checkPassword(connectionId: string, identifier: Identifier, password: string) {
  const { rows } = await runSql(
    sql`SELECT u.id, u.blocked, c.hash FROM "user" u LEFT JOIN password_credential c ON c.user_id = u.id
      WHERE u.connection_id = ${connectionId} AND ${COLUMN[identifier.type]} = ${identifier.value}`,
  );
  const user = rows[0] as { id: string; blocked: boolean; hash: string | null } | undefined;
  const ok = await passwordMatches(user?.hash ?? undefined, password);
  return ok && user ? { id: user.id, blocked: user.blocked } : null;
}

/** The user with this (normalized) email on the connection, for account recovery; null when none. */
export async function userByEmail(connectionId: string, email: string): Promise<{ id: string; blocked: boolean; hasPassword: boolean } | null> {
  const { rows } = await runSql(sql`SELECT u.id, u.blocked, EXISTS (SELECT 1 FROM password_credential c WHERE c.user_id = u.id) AS has_password
    FROM "user" u WHERE u.connection_id = ${connectionId} AND u.email = ${email}`);
  const row = rows[0] as { id: string; blocked: boolean; has_password: boolean } | undefined;
  return row ? { id: row.id, blocked: row.blocked, hasPassword: row.has_password } : null;
}

/** Ends every session, grant and token issued to the user (the provider's rows name them as accountId). */
export function endSessionsOf(userId: string) {
  return db().$executeRaw`DELETE FROM "oidc_model" WHERE "payload"->>'accountId' = ${userId}`;
}

/** A new password (account recovery): what was signed in with the old one ends with it, as Auth0's does. */
export async function replacePassword(userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db().$transaction([db().passwordCredential.upsert({ where: { userId }, create: { userId, hash }, update: { hash } }), endSessionsOf(userId)]);
}

/** The passkey offer after a password login: "remind me later" until `until`, or "don't ask again" (`until` null). */
export async function snoozePasskeyPrompt(userId: string, until: Date | null): Promise<void> {
  await db().user.update({ where: { id: userId }, data: until ? { passkeyPromptSnoozedUntil: until } : { passkeyPromptNever: true } });
}

/** The user added a passkey themselves: the offer may come again (once they have none). */
export async function clearPasskeyPromptSnooze(userId: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { passkeyPromptNever: false, passkeyPromptSnoozedUntil: null } });
}

/** Marks the user's last login. Queued with the login's other writes. */
export async function recordLogin(userId: string): Promise<void> {
  await write(sql`UPDATE "user" SET last_login_at = ${at(new Date())} WHERE id = ${userId}`);
}

/** A user as a login sees them: the claims tokens carry, and what decides the steps after the first factor. */
export type LoginUser = {
  id: string;
  connectionId: string;
  email: string | null;
  username: string | null;
  phoneNumber: string | null;
  emailVerified: boolean;
  updatedAt: Date;
  passkeyPromptNever: boolean;
  passkeyPromptSnoozedUntil: Date | null;
  passkeyCount: number;
  hasMfaFactor: boolean;
  /** Blocked by an operator (Management API): no sign-in by any path, no token works. */
  blocked: boolean;
  /** A custom database's user_id for this user (null in the built-in store). */
  externalId: string | null;
  /** The profile claims (OpenID Connect's `profile` scope), where set. */
  profile: { name?: string; given_name?: string; family_name?: string; nickname?: string; picture?: string };
};

/** The user is blocked (Management API `blocked: true`): refused wherever they try to sign in. */
export class UserBlockedError extends Error {
  constructor() {
    super("user is blocked");
    this.name = "UserBlockedError";
  }
}

/** The columns loginUserOf reads, for a query on "user" u (joined to what else it needs). */
export const LOGIN_USER_COLUMNS = sql`u.id AS user_id, u.connection_id, u.email, u.username, u.phone_number, u.email_verified,
  (extract(epoch FROM u.updated_at) * 1000)::float8 AS updated_at, u.passkey_prompt_never,
  (extract(epoch FROM u.passkey_prompt_snoozed_until) * 1000)::float8 AS passkey_prompt_snoozed_until,
  (SELECT count(*)::int FROM passkey q WHERE q.user_id = u.id) AS passkey_count,
  EXISTS (SELECT 1 FROM mfa_factor f WHERE f.user_id = u.id) AS has_mfa_factor,
  u.blocked, u.external_id, u.name, u.given_name, u.family_name, u.nickname, u.picture`;

/** A row with LOGIN_USER_COLUMNS as a LoginUser. */
export function loginUserOf(row: Record<string, unknown>): LoginUser {
  return {
    id: String(row.user_id),
    connectionId: String(row.connection_id),
    email: typeof row.email === "string" ? row.email : null,
    username: typeof row.username === "string" ? row.username : null,
    phoneNumber: typeof row.phone_number === "string" ? row.phone_number : null,
    emailVerified: Boolean(row.email_verified),
    updatedAt: new Date(Number(row.updated_at)),
    passkeyPromptNever: Boolean(row.passkey_prompt_never),
    passkeyPromptSnoozedUntil: row.passkey_prompt_snoozed_until === null ? null : new Date(Number(row.passkey_prompt_snoozed_until)),
    passkeyCount: Number(row.passkey_count),
    hasMfaFactor: Boolean(row.has_mfa_factor),
    blocked: Boolean(row.blocked),
    externalId: typeof row.external_id === "string" ? row.external_id : null,
    profile: Object.fromEntries(
      (["name", "given_name", "family_name", "nickname", "picture"] as const).flatMap((claim) => (typeof row[claim] === "string" ? [[claim, row[claim]]] : [])),
    ),
  };
}

/** Lets loginUser answer from `user` for the rest of this request (the user was read with their passkey). */
export function rememberLoginUser(user: LoginUser): void {
  remember(`user:${user.id}`, user);
}

/** The user as a login sees them (the token endpoint asks again for the claims: see rememberLoginUser). */
export async function loginUser(userId: string): Promise<LoginUser | undefined> {
  const known = recall(`user:${userId}`) as LoginUser | undefined;
  if (known) return known;
  const { rows } = await runSql(sql`SELECT ${LOGIN_USER_COLUMNS} FROM "user" u WHERE u.id = ${userId}`);
  return rows[0] ? loginUserOf(rows[0]) : undefined;
}
