import { db } from "./db";
import { purgeExpiredLimits } from "./limits";
import { logger } from "./logger";
import { purgeOldMail } from "./mail/outbox";
import { purgeExpiredOidcRows } from "./oidc/adapter";
import { purgeExpiredChallenges } from "./webauthn/challenges";

// Expired rows are dead weight: remove them every ten minutes.
export function startHousekeeping(intervalMs = 10 * 60 * 1000): () => void {
  const run = async () => {
    try {
      const oidc = await purgeExpiredOidcRows();
      const challenges = await purgeExpiredChallenges();
      const { count: transactions } = await db().loginTransaction.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      const limits = await purgeExpiredLimits();
      const { count: blocks } = await db().userBlock.deleteMany({ where: { blockedUntil: { lt: new Date() } } });
      const { count: tickets } = await db().emailTicket.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      const mail = await purgeOldMail();
      if (oidc + challenges + transactions + limits + blocks + tickets + mail > 0) {
        logger.info({ oidc, challenges, transactions, limits, blocks, tickets, mail }, "purged expired rows");
      }
    } catch (error) {
      logger.warn({ err: error }, "housekeeping failed");
    }
  };
  const timer = setInterval(() => void run(), intervalMs); // run() reports its own failures
  timer.unref();
  return () => clearInterval(timer);
}
