import { request } from "node:http";
import type { CustomFetchOptions } from "openid-client";
import { config } from "../config";

/**
 * How the built-in apps (lib/rp/app.ts) reach this service's endpoints (discovery, token, JWKS,
 * userinfo): over loopback, to this process's own port, with the Host of the site they run on.
 * Not out through DNS and the TLS proxy: a custom domain need not resolve from inside, and no
 * request makes the round trip through the internet to come back here.
 */
export async function loopbackFetch(url: string, options: CustomFetchOptions): Promise<Response> {
  const target = new URL(url);
  const body = options.body instanceof URLSearchParams ? options.body.toString() : options.body;
  if (body !== undefined && body !== null && typeof body !== "string") throw new Error("loopbackFetch sends string bodies only");
  return new Promise<Response>((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port: config().port,
        method: options.method,
        path: target.pathname + target.search,
        headers: { ...options.headers, host: target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("error", reject);
        answer.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(answer.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
          }
          const status = answer.statusCode ?? 502;
          resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers }));
        });
      },
    );
    outgoing.on("error", reject);
    options.signal?.addEventListener("abort", () => outgoing.destroy(new Error("aborted")));
    outgoing.end(body ?? undefined);
  });
}
