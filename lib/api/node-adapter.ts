import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "../logger";

// Node's http objects to and from the web Request and Response the API handlers take and give,
// for server.ts to serve the JSON APIs without Next.js.

/**
 * The request's URL on `origin`, its site's (lib/sites.ts). The Host header is whatever the client
 * put there, so it names nothing here (a request URL with another host, too, keeps only its path).
 */
export function requestUrl(req: IncomingMessage, origin: string): URL {
  const target = req.url ?? "/";
  // Appended, not resolved: resolving "//evil.example/x" against the origin would change the host.
  if (target.startsWith("/")) return new URL(origin + target);
  try {
    const { pathname, search } = new URL(target, origin); // absolute-form ("http://host/path") or "*"
    return new URL(origin + pathname + search);
  } catch {
    return new URL(origin + "/"); // unreadable: none of the APIs' paths (Next.js answers it)
  }
}

/** A web Request for `req`; its body (a request with Content-Length or Transfer-Encoding) streams from the socket. */
export function toWebRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const init: RequestInit & { duplex?: "half" } = { method: req.method ?? "GET", headers };
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (hasBody && init.method !== "GET" && init.method !== "HEAD") {
    init.body = bodyStream(req);
    init.duplex = "half"; // a streamed request body must say so
  }
  return new Request(url, init);
}

/** Writes `response` to `res`: status, every header (each Set-Cookie on its own line), body. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  // The APIs answer small JSON documents: read whole first (so a failure leaves nothing half
  // written), then sent in one piece with their Content-Length.
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  res.end(body);
}

/** Serves `req` with `answer`, a web handler; a failure to read or write becomes a 500 or a closed connection. */
export async function serveWeb(req: IncomingMessage, res: ServerResponse, url: URL, answer: (request: Request) => Promise<Response>): Promise<void> {
  try {
    await sendWebResponse(res, await answer(toWebRequest(req, url)));
  } catch (error) {
    logger.error({ err: error }, "api: could not answer");
    if (res.headersSent) return void res.destroy();
    res.statusCode = 500;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ error: "server_error", error_description: "Something went wrong" }));
  }
}

/**
 * The request body as a web stream, read as fast as the handler reads it. Cancelling it (a
 * handler that stops reading a body over its size cap) drops the rest of the body instead of
 * destroying the request as Readable.toWeb does, which breaks the kept-alive connection.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const onData = (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      const onEnd = () => controller.close();
      req
        .on("data", onData)
        .once("end", onEnd)
        .once("error", (error) => controller.error(error));
      stop = () => {
        req.off("data", onData).off("end", onEnd);
        req.resume(); // flowing with no listener: what is left is dropped
      };
    },
    pull() {
      req.resume();
    },
    cancel() {
      stop();
    },
  });
}
