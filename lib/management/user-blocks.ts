import { z } from "zod";
import { ApiError } from "../api/http";
import { db } from "../db";
import { blocksFor, liftBlocks } from "../users/blocks";
import { emailSchema } from "../users/store";

// Auth0's /api/v2/user-blocks: the identifier + address pairs that brute-force protection has
// blocked (lib/users/blocks.ts), by user id or by identifier (an email, known or not), and the
// operator's way to lift them before their time.

export const userBlocksQuerySchema = z.object({ identifier: emailSchema, consider_brute_force_enablement: z.enum(["true", "false"]).optional() }).strict();

export async function userBlocksById(id: string) {
  return { blocked_for: await blocksFor(await emailOf(id)) };
}

export async function userBlocksByIdentifier(identifier: string) {
  return { blocked_for: await blocksFor(identifier) };
}

export async function unblockById(id: string) {
  await liftBlocks(await emailOf(id));
}

export async function unblockByIdentifier(identifier: string) {
  await liftBlocks(identifier);
}

async function emailOf(userId: string): Promise<string> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new ApiError("not_found", "The user does not exist");
  return user.email;
}
