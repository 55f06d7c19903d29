import { runSql } from "../db";
import { assertNotRefused, countFailure, forgive, type LimitReachedError } from "../limits";
import { at, sql } from "../sql";
import { write } from "../unit-of-work";

// Auth0's brute-force protection for passwords. Ten wrong passwords for one identifier from one
// address block that pair for a while (limit_wc); many failures from one address across
// identifiers block the address (limit_mu). The identifier is the typed email, known or not, so
// a block says nothing about whether an account exists. A passkey still signs the user in: it
// cannot be guessed. An operator lists and lifts blocks with /api/v2/user-blocks.

type Pair = { connectionId: string; identifier: string; ip: string };

const pairKey = ({ connectionId, identifier, ip }: Pair) => `${connectionId}\n${identifier}\n${ip}`;

/**
 * Throws LimitReachedError when this address, or this identifier from it, may not try a password
 * now; otherwise the pair's failures so far (a right password then forgives them).
 */
export async function assertPasswordAllowed(pair: Pair): Promise<number> {
  const [, pairFailures] = await Promise.all([assertNotRefused("loginFailuresPerIp", pair.ip), assertNotRefused("passwordFailuresPerAccount", pairKey(pair))]);
  return pairFailures;
}

/** Counts a wrong password; the block it starts, if it starts one (recorded for the Management API). */
export async function countPasswordFailure(pair: Pair): Promise<LimitReachedError | undefined> {
  const [pairBlock, ipBlock] = await Promise.all([countFailure("passwordFailuresPerAccount", pairKey(pair)), countFailure("loginFailuresPerIp", pair.ip)]);
  if (pairBlock) {
    await write(sql`INSERT INTO user_block (connection_id, identifier, ip, blocked_until, created_at)
      VALUES (${pair.connectionId}, ${pair.identifier}, ${pair.ip}, ${at(new Date(Date.now() + pairBlock.retryAfterSeconds * 1000))}, ${at(new Date())})
      ON CONFLICT (connection_id, identifier, ip) DO UPDATE SET blocked_until = EXCLUDED.blocked_until, created_at = EXCLUDED.created_at`);
  }
  return pairBlock ?? ipBlock;
}

/** A right password: the pair's failures so far are forgiven (the limit counts consecutive failures, as Auth0's does). */
export async function clearPasswordFailures(pair: Pair): Promise<void> {
  await forgive("passwordFailuresPerAccount", pairKey(pair));
}

export type UserBlock = { identifier: string; ip: string; connection: string };

/** The blocks in force for an identifier (an email), in the Management API's shape. */
export async function blocksFor(identifier: string): Promise<UserBlock[]> {
  const { rows } = await runSql(sql`SELECT b.identifier, b.ip, c.name AS connection FROM user_block b JOIN connection c ON c.id = b.connection_id
    WHERE b.identifier = ${identifier} AND b.blocked_until > ${at(new Date())} ORDER BY b.created_at`);
  return rows as UserBlock[];
}

/** Lifts every block of an identifier: its rows go and its pairs' failures are forgiven. */
export async function liftBlocks(identifier: string): Promise<void> {
  const { rows } = await runSql(sql`DELETE FROM user_block WHERE identifier = ${identifier} RETURNING connection_id AS "connectionId", identifier, ip`);
  for (const row of rows as Pair[]) await forgive("passwordFailuresPerAccount", pairKey(row));
}
