import { randomUUID } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import { toDataURL } from "qrcode";
import { config } from "../config";
import { db, isUniqueViolation } from "../db";
import { storeRecoveryCodes } from "./recovery-codes";
import { decryptSecret, encryptSecret } from "./secrets";

// TOTP (RFC 6238: SHA-1, 6 digits, 30 s) as a second factor, with otplib. A code is accepted one
// step either side of now (clock drift), and never twice: the last accepted time step is stored
// and the next code must come after it.

const CODE = /^\d{6}$/;

export const newTotpSecret = (): string => generateSecret();

/** What an authenticator app needs: the otpauth:// URI, as a QR code and as text. */
export async function totpSetup(secret: string, accountName: string) {
  const uri = generateURI({ issuer: config().rpName, label: accountName, secret });
  return { secret, uri, qr: await toDataURL(uri, { margin: 1, width: 200 }) };
}

/** The time step a code belongs to, or null when it is wrong or not newer than `after`. */
export async function checkCode(secret: string, code: string, after?: number | null): Promise<number | null> {
  const token = code.replace(/\s+/g, "");
  if (!CODE.test(token)) return null;
  try {
    const result = await verify({ secret, token, epochTolerance: 30, ...(after != null ? { afterTimeStep: after } : {}) });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    // otplib throws when `after` lies beyond the window (the clock went back): no code is valid then.
    return null;
  }
}

export async function hasTotp(userId: string): Promise<boolean> {
  return (await db().mfaFactor.count({ where: { userId, type: "totp" } })) > 0;
}

/**
 * Confirms a new factor with a first code from the app, then stores it, with the recovery codes
 * shown beside it. Never replaces an existing factor (that takes removing it first, from account
 * settings): a login parked at MFA setup must not overwrite an app the user set up meanwhile.
 */
export async function enrollTotp(userId: string, secret: string, code: string, recoveryCodes: string[]): Promise<"ok" | "invalid_code" | "exists"> {
  const step = await checkCode(secret, code);
  if (step === null) return "invalid_code";
  try {
    await db().mfaFactor.create({
      data: { id: randomUUID(), userId, type: "totp", secret: await encryptSecret(secret), lastTimeStep: step, lastUsedAt: new Date() },
    });
    if (recoveryCodes.length) await storeRecoveryCodes(userId, recoveryCodes);
    return "ok";
  } catch (error) {
    if (isUniqueViolation(error)) return "exists";
    throw error;
  }
}

/** Checks a code against the user's factor; the conditional update makes a replay lose a race too. */
export async function verifyTotp(userId: string, code: string): Promise<boolean> {
  const factor = await db().mfaFactor.findUnique({ where: { userId_type: { userId, type: "totp" } } });
  if (!factor) return false;
  const step = await checkCode(await decryptSecret(factor.secret), code, factor.lastTimeStep);
  if (step === null) return false;
  const { count } = await db().mfaFactor.updateMany({
    where: { id: factor.id, OR: [{ lastTimeStep: null }, { lastTimeStep: { lt: step } }] },
    data: { lastTimeStep: step, lastUsedAt: new Date() },
  });
  return count === 1;
}

/** Removes the app and its recovery codes (a new app comes with new ones). */
export async function removeTotp(userId: string): Promise<void> {
  await db().$transaction([db().mfaFactor.deleteMany({ where: { userId, type: "totp" } }), db().mfaRecoveryCode.deleteMany({ where: { userId } })]);
}
