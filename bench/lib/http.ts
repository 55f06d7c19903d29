// A small HTTP/1.1 client for the load generator: keep-alive sockets (node:http, far lighter
// than fetch), a cookie jar per virtual user, and no redirects followed (flows follow them
// themselves, as each hop is a request worth counting).

import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export type HttpResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; ttfbMs: number };

export type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  jar?: CookieJar;
};

/** One request; resolves with the whole body as text (never rejects on an HTTP status). */
export function request(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
  const cookie = options.jar?.header();
  if (cookie) headers.cookie = cookie;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? "GET", headers },
      (res) => {
        const ttfbMs = performance.now() - started;
        options.jar?.store(res.headers["set-cookie"]);
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ttfbMs }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function postJson(url: string, body: unknown, options: Omit<RequestOptions, "body" | "method"> = {}) {
  return request(url, { ...options, method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...options.headers } });
}

/** Cookies by name, as a browser keeps them for one site (path and expiry are ignored: flows are short). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** Closes idle keep-alive sockets so a process can exit. */
export function closeIdleSockets(): void {
  agent.destroy();
}
