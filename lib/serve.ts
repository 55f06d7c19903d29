import type { IncomingMessage, ServerResponse } from "node:http";
import { requestUrl, serveWeb } from "./api/node-adapter";
import { apiRouter } from "./api/routes";
import { UNAVAILABLE } from "./api/errors";
import { admit, sendRefusal, setTransportHeaders } from "./front-door";
import { logger } from "./logger";
import { runningProvider } from "./oidc/instance";
import { isProviderPath } from "./oidc/provider";
import { allSites, inSite, type Site } from "./sites";

// The request pipeline of every server of this service: server.ts (with Next.js for the pages)
// and the tests' servers (without). The front door admits a request to one of the sites (the
// issuer's host or a custom domain) or refuses it; then, as a request to that site, the
// provider's paths go to the site's provider, the JSON APIs' to their router (Next.js's request
// pipeline would cost more than their work), and everything else to the pages.

export type Pages = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export function requestHandler(pages: Pages) {
  return (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res, pages).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, "could not answer");
      if (res.headersSent) return void res.destroy();
      sendRefusal(req, res, {
        status: 503,
        error: "temporarily_unavailable",
        description: UNAVAILABLE.description,
        headers: { "Retry-After": String(UNAVAILABLE.retryAfterSeconds) },
      });
    });
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, pages: Pages): Promise<void> {
  setTransportHeaders(res);
  const admission = admit(req, await knownSites());
  if (admission.refusal) {
    sendRefusal(req, res, admission.refusal);
    return;
  }
  const { site } = admission;
  const { callback } = await runningProvider(site);
  inSite(site, () => {
    const url = requestUrl(req, site.origin);
    if (isProviderPath(url.pathname)) return void callback(req, res); // Koa answers its own errors
    if (apiRouter.serves(url.pathname)) return void serveWeb(req, res, url, (request) => apiRouter.answer(request));
    pages(req, res, url);
  });
}

// Which hosts are ours must not depend on the database answering this very moment: while it is
// away, the last list read stands, and the pages and APIs give their own 503s.
let lastKnown: Site[] | undefined;

async function knownSites(): Promise<Site[]> {
  try {
    lastKnown = await allSites();
  } catch (error) {
    if (!lastKnown) throw error;
  }
  return lastKnown;
}
