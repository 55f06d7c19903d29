import { createHash, randomBytes, randomUUID } from "node:crypto";
import { db } from "../db";
import { decryptSecret, encryptSecret } from "./secrets";

// Recovery codes: ten single-use codes that stand in for the authenticator app when it is lost.
// Made with the app's secret and shown with its QR code (once: only digests are kept), stored
// when the app's first code confirms both, and made anew from account settings (the old ones
// then stop working). Each has 80 random bits (16 base32 characters, shown as four groups), so a
// SHA-256 digest is a safe way to keep it, and guessing one is no easier than a TOTP code under
// the same attempt limits.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols, none that read alike (0/O, 1/I)

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const symbols = [...randomBytes(16)].map((byte) => ALPHABET[byte % 32]);
    return [0, 4, 8, 12].map((at) => symbols.slice(at, at + 4).join("")).join("-");
  });
}

/** What a user typed, as it was made: capitals, no spaces or dashes. */
const normalized = (code: string) => code.toUpperCase().replace(/[\s-]+/g, "");
const digest = (code: string) => createHash("sha256").update(normalized(code)).digest("base64url");

/** Replaces the user's codes with these (kept as digests). */
export async function storeRecoveryCodes(userId: string, codes: string[]): Promise<void> {
  await db().$transaction([
    db().mfaRecoveryCode.deleteMany({ where: { userId } }),
    db().mfaRecoveryCode.createMany({ data: codes.map((code) => ({ id: randomUUID(), userId, codeHash: digest(code) })) }),
  ]);
}

/** Uses up one of the user's codes: true once per code (a conditional update, so a replay loses a race too). */
export async function spendRecoveryCode(userId: string, code: string): Promise<boolean> {
  if (normalized(code).length !== 16) return false;
  const { count } = await db().mfaRecoveryCode.updateMany({ where: { userId, codeHash: digest(code), usedAt: null }, data: { usedAt: new Date() } });
  return count === 1;
}

export async function recoveryCodesLeft(userId: string): Promise<number> {
  return db().mfaRecoveryCode.count({ where: { userId, usedAt: null } });
}

/** An app being set up: its secret and the recovery codes shown with it, encrypted while they wait for the first code. */
export type PendingSetup = { secret: string; recoveryCodes: string[] };

export async function sealSetup(setup: PendingSetup): Promise<string> {
  return encryptSecret(JSON.stringify(setup));
}

export async function openSetup(sealed: string): Promise<PendingSetup> {
  const plain = await decryptSecret(sealed);
  // A setup offered before recovery codes existed held the bare secret.
  return plain.startsWith("{") ? (JSON.parse(plain) as PendingSetup) : { secret: plain, recoveryCodes: [] };
}
