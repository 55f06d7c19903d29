import { once } from "node:events";
import { createServer, IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import next from "next";
import { config } from "./lib/config";
import { startConfigListener, stopConfigListener } from "./lib/config-cache";
import { closeDb } from "./lib/db";
import { checkedServerAction, sendRefusal } from "./lib/front-door";
import { closeLimits } from "./lib/limits";
import { mailSettled } from "./lib/mail/mailer";
import { logger } from "./lib/logger";
import { answerOutagesWith503 } from "./lib/outage-pages";
import { setPageHeaders } from "./lib/page-headers";
import { setProviderFactory } from "./lib/oidc/instance";
import { createProvider } from "./lib/oidc/provider";
import { requestHandler } from "./lib/serve";
import { startHousekeeping } from "./lib/housekeeping";
import { seed } from "./prisma/seed";
import { migrate } from "./scripts/db-migrate";

// One process for every host of the tenant (the issuer's and its custom domains: lib/sites.ts):
// lib/serve.ts admits each request to its site, the site's OIDC provider answers its own paths
// (/authorize, /oauth/*, …), the JSON APIs' router its own (/passkey/*, /me/v1/*, /api/v2/*, the
// .well-known files), and Next.js renders everything else (/u/*, /demo).

async function main() {
  const dev = process.env.NODE_ENV !== "production";
  const { port, origin } = config();

  await migrate({ log: (m) => logger.info(m) });
  await seed();
  await startConfigListener();

  setProviderFactory(createProvider);

  const app = next({ dev, port, hostname: "localhost" });
  await app.prepare();
  const handleNext = app.getRequestHandler();

  const handle = requestHandler((req, res, url) => {
    if (!url.pathname.startsWith("/_next/static/")) {
      setPageHeaders(req, res, { dev, https: url.protocol === "https:" });
      answerOutagesWith503(req, res);
    }
    void checkedServerAction(req).then(
      (checked) => (checked instanceof IncomingMessage ? handleNext(checked, res) : sendRefusal(req, res, checked)),
      () => res.destroy(), // the client went away while sending
    );
  });
  const server = createServer((req, res) => {
    setClientAddress(req);
    handle(req, res);
  });
  const stopHousekeeping = startHousekeeping();

  server.listen(port, () => logger.info(`Passkey Universal Login on ${origin} (port ${port}); demo app at ${origin}/demo`));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    stopHousekeeping();
    // Requests under way finish (their writes commit before they answer); idle connections go now.
    server.close();
    server.closeIdleConnections();
    await Promise.race([once(server, "close"), sleep(10_000)]);
    server.closeAllConnections();
    await Promise.race([mailSettled(), sleep(10_000)]); // mail the last answers promised
    await stopConfigListener();
    closeLimits();
    await closeDb(); // PGlite flushes to disk on close
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/**
 * X-Forwarded-For becomes the one address this server believes (logs and rate limits read it):
 * the socket's peer, or behind a trusted proxy (TRUST_PROXY=true) the last hop that proxy added.
 * A client's own X-Forwarded-For is never believed, so it cannot dodge a limit or forge a log.
 */
function setClientAddress(req: IncomingMessage) {
  const hops = String(req.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const address = process.env.TRUST_PROXY === "true" && hops.length ? hops[hops.length - 1] : req.socket.remoteAddress;
  req.headers["x-forwarded-for"] = address ?? "";
}

main().catch(async (error: unknown) => {
  logger.fatal({ err: error }, "could not start");
  await closeDb().catch(() => {});
  process.exit(1);
});
