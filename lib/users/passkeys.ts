import { z } from "zod";
import { db, isUniqueViolation, runSql } from "../db";
import { Prisma } from "../generated/prisma/client";
import { at, sql } from "../sql";
import { write } from "../unit-of-work";
import { LOGIN_USER_COLUMNS, loginUserOf, rememberLoginUser, type LoginUser } from "./store";
import type { NewPasskey } from "../webauthn/registration";
import { WebAuthnError } from "../webauthn/errors";
import { passkeyProviderName } from "../webauthn/aaguids";

// A user's passkeys: add (never beyond the limit), list, rename, delete (never the last way in).
// Writes that depend on a count lock the user's row first, so concurrent requests line up.

export const PASSKEY_LIMIT = 20;
export const PASSKEY_NAME_MAX = 64;
/** A passkey's name as a user gives it: trimmed, not blank, at most PASSKEY_NAME_MAX characters. */
export const passkeyNameSchema = z.string().trim().min(1).max(PASSKEY_NAME_MAX);

export class PasskeyLimitError extends Error {
  constructor() {
    super(`A user can have at most ${PASSKEY_LIMIT} passkeys`);
    this.name = "PasskeyLimitError";
  }
}

export class LastSignInMethodError extends Error {
  constructor() {
    super("This is the only way to sign in to the account, so it cannot be deleted");
    this.name = "LastSignInMethodError";
  }
}

export class PasskeyNotFoundError extends Error {
  constructor() {
    super("No such passkey");
    this.name = "PasskeyNotFoundError";
  }
}

type Tx = Prisma.TransactionClient;

async function lockUser(tx: Tx, userId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "user" WHERE id = ${userId} FOR UPDATE`;
  if (rows.length === 0) throw new PasskeyNotFoundError();
}

export function passkeyRow(passkey: NewPasskey, userAgent: string | undefined) {
  return {
    id: passkey.id,
    publicKey: new Uint8Array(passkey.publicKey),
    counter: BigInt(passkey.counter),
    transports: passkey.transports,
    aaguid: passkey.aaguid,
    deviceType: passkey.deviceType,
    backedUp: passkey.backedUp,
    rpId: passkey.rpId,
    userAgent: userAgent?.slice(0, 512),
    lastUsedAt: new Date(),
  };
}

/** What a passkey login needs of the credential. */
export type LoginPasskey = { id: string; publicKey: Uint8Array; counter: number; transports: string[]; rpId: string; backedUp: boolean };

/** The passkey with this credential id and its owner as a login sees them, in one query. */
export async function passkeyForLogin(credentialId: string): Promise<{ passkey: LoginPasskey; user: LoginUser } | undefined> {
  const { rows } =
    await runSql(sql`SELECT p.id AS passkey_id, p.public_key, p.counter::text AS counter, p.transports, p.rp_id, p.backed_up, ${LOGIN_USER_COLUMNS}
    FROM passkey p JOIN "user" u ON u.id = p.user_id WHERE p.id = ${credentialId}`);
  const row = rows.at(0);
  if (!row) return undefined;
  const passkey: LoginPasskey = {
    id: String(row.passkey_id),
    publicKey: new Uint8Array(row.public_key as Uint8Array),
    counter: Number(row.counter),
    transports: row.transports as string[],
    rpId: String(row.rp_id),
    backedUp: Boolean(row.backed_up),
  };
  const user = loginUserOf(row);
  rememberLoginUser(user);
  return { passkey, user };
}

/** Records a verified use: the new signature counter, the backup state, the time. Queued with the login's other writes. */
export async function recordPasskeyUse(passkey: LoginPasskey, use: { counter: number; backedUp: boolean }): Promise<LoginPasskey> {
  await write(sql`UPDATE passkey SET counter = ${String(use.counter)}::bigint, backed_up = ${use.backedUp}, last_used_at = ${at(new Date())}
    WHERE id = ${passkey.id}`);
  return { ...passkey, counter: use.counter, backedUp: use.backedUp };
}

/** The INSERT for a verified passkey of `userId` (for a statement that also writes its user). */
export function insertPasskey(userId: string, passkey: NewPasskey, userAgent: string | undefined) {
  const now = at(new Date());
  return sql`INSERT INTO passkey (id, user_id, public_key, counter, transports, aaguid, device_type, backed_up, rp_id, user_agent, created_at, last_used_at)
    VALUES (${passkey.id}, ${userId}, ${Buffer.from(passkey.publicKey)}, ${String(passkey.counter)}::bigint, ${passkey.transports}::text[], ${passkey.aaguid},
      ${passkey.deviceType}, ${passkey.backedUp}, ${passkey.rpId}, ${userAgent?.slice(0, 512) ?? null}, ${now}, ${now})`;
}

/** Room for another passkey? Checked before a prompt, so nobody creates one only to see it refused. */
export async function canAddPasskey(userId: string): Promise<boolean> {
  return (await db().passkey.count({ where: { userId } })) < PASSKEY_LIMIT;
}

/** Stores a verified passkey for an existing user, refusing the one past the limit. */
export async function addPasskey(userId: string, passkey: NewPasskey, userAgent?: string) {
  try {
    return await db().$transaction(async (tx) => {
      await lockUser(tx, userId);
      if ((await tx.passkey.count({ where: { userId } })) >= PASSKEY_LIMIT) throw new PasskeyLimitError();
      return tx.passkey.create({ data: { ...passkeyRow(passkey, userAgent), userId } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new WebAuthnError("credential_exists", "This passkey is already registered");
    }
    throw error;
  }
}

export type PasskeySummary = Awaited<ReturnType<typeof listPasskeys>>[number];

/** Newest first, with the provider's name from the AAGUID. */
export async function listPasskeys(userId: string) {
  const rows = await db().passkey.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    provider: passkeyProviderName(p.aaguid),
    aaguid: p.aaguid,
    backedUp: p.backedUp,
    deviceType: p.deviceType,
    transports: p.transports,
    rpId: p.rpId,
    userAgent: p.userAgent,
    createdAt: p.createdAt,
    lastUsedAt: p.lastUsedAt,
  }));
}

/** Renames one of the user's passkeys and returns it. */
export async function renamePasskey(userId: string, passkeyId: string, name: string) {
  try {
    return await db().passkey.update({ where: { id: passkeyId, userId }, data: { name } });
  } catch (error) {
    // P2025: no such passkey for this user (or deleted meanwhile).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw new PasskeyNotFoundError();
    throw error;
  }
}

/** Deletes one of the user's passkeys unless nothing (no other passkey, no password) would remain. */
export async function deletePasskey(userId: string, passkeyId: string) {
  await db().$transaction(async (tx) => {
    await lockUser(tx, userId);
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId }, select: { id: true } });
    if (!passkey) throw new PasskeyNotFoundError();
    const others = await tx.passkey.count({ where: { userId, id: { not: passkeyId } } });
    const password = await tx.passwordCredential.count({ where: { userId } });
    if (others === 0 && password === 0) throw new LastSignInMethodError();
    await tx.passkey.delete({ where: { id: passkeyId } });
  });
}
