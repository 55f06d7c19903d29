import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, isUniqueViolation } from "../db";
import type { NewPasskey } from "../webauthn/registration";
import { passkeyRow } from "./passkeys";
import { hashPassword, passwordMatches } from "./passwords";

// The built-in user store. Emails are compared trimmed and lower-cased.

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export class UserExistsError extends Error {
  constructor() {
    super("A user with this email already exists");
    this.name = "UserExistsError";
  }
}

export function newUserId(): string {
  return randomUUID();
}

export async function findUserByEmail(connectionId: string, email: string) {
  return db().user.findUnique({
    where: { connectionId_email: { connectionId, email } },
    include: userParts,
  });
}

const userParts = {
  passkeys: { select: { id: true, transports: true } },
  password: { select: { userId: true } },
  mfaFactors: { select: { id: true, type: true } },
} as const;

export async function findUserById(userId: string) {
  return db().user.findUnique({ where: { id: userId }, include: userParts });
}

/** A new user and their first passkey, written together or not at all. */
export async function createUserWithPasskey(input: {
  connectionId: string;
  userId: string;
  email: string;
  passkey: NewPasskey;
  userAgent?: string;
}) {
  try {
    return await db().user.create({
      data: {
        id: input.userId,
        connectionId: input.connectionId,
        email: input.email,
        lastLoginAt: new Date(),
        passkeys: { create: passkeyRow(input.passkey, input.userAgent) },
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserExistsError();
    throw error;
  }
}

export async function createUserWithPassword(input: { connectionId: string; email: string; password: string }) {
  const hash = await hashPassword(input.password);
  try {
    return await db().user.create({
      data: {
        id: newUserId(),
        connectionId: input.connectionId,
        email: input.email,
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
export async function checkPassword(connectionId: string, email: string, password: string) {
  const user = await db().user.findUnique({
    where: { connectionId_email: { connectionId, email } },
    include: { password: true },
  });
  const ok = await passwordMatches(user?.password?.hash, password);
  return ok ? user : null;
}

export async function recordLogin(userId: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
}
