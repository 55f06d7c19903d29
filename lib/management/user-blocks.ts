import { z } from "zod";
import { ApiError } from "../api/http";
import { db } from "../db";
import { blocksFor, liftBlocks } from "../users/blocks";

// Auth0's /api/v2/user-blocks: the identifier + address pairs that brute-force protection has
// blocked (lib/users/blocks.ts), by user id (any of their identifiers) or by identifier (an email,
// username or phone number as typed at login, known or not), and the operator's way to lift them
// before their time.

export const userBlocksQuerySchema = z
  .object({ identifier: z.string().trim().toLowerCase().min(1).max(254), consider_brute_force_enablement: z.enum(["true", "false"]).optional() })
  .strict();

export async function userBlocksById(id: string) {
  const blocks = await Promise.all((await identifiersOf(id)).map(blocksFor));
  return { blocked_for: blocks.flat() };
}

export async function userBlocksByIdentifier(identifier: string) {
  return { blocked_for: await blocksFor(identifier) };
}

export async function unblockById(id: string) {
  for (const identifier of await identifiersOf(id)) await liftBlocks(identifier);
}

export async function unblockByIdentifier(identifier: string) {
  await liftBlocks(identifier);
}

async function identifiersOf(userId: string): Promise<string[]> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, username: true, phoneNumber: true } });
  if (!user) throw new ApiError("not_found", "The user does not exist");
  const { email, username, phoneNumber } = user;
  return [email, username, phoneNumber].filter((i): i is string => i !== null);
}
