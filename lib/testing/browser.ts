// A test "browser": a cookie jar and fetch with manual redirects, talking to one issuer the way a
// real browser would (cookies by path and expiry, HttpOnly kept), one redirect at a time.

import { isProviderPath } from "../oidc/provider";

type Cookie = { name: string; value: string; path: string; httpOnly: boolean; expiresAt?: number };

export class Browser {
  private readonly jar = new Map<string, Cookie>();

  constructor(readonly base: string) {}

  /** fetch() relative to the issuer, sending this browser's cookies and storing what it sets. Never follows redirects. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.base);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) this.store(line, target);
    return response;
  }

  /**
   * GETs `url` and follows redirects while they stay on the provider's own paths (as the browser
   * would, with the server routing them to the provider). Stops at a redirect that leaves them
   * (a hosted page /u/…, or the application's redirect_uri) or at a response that is not a
   * redirect, and returns that response with its Location resolved.
   */
  async navigate(url: string | URL, maxRedirects = 10): Promise<{ response: Response; location?: URL }> {
    let target = new URL(url, this.base);
    for (let i = 0; i <= maxRedirects; i++) {
      const response = await this.fetch(target);
      const header = response.headers.get("location");
      if (!(response.status >= 300 && response.status < 400 && header)) return { response };
      const location = new URL(header, target);
      if (location.origin !== new URL(this.base).origin || !isProviderPath(location.pathname)) {
        await response.body?.cancel();
        return { response, location };
      }
      await response.body?.cancel();
      target = location;
    }
    throw new Error(`More than ${maxRedirects} redirects from ${url}`);
  }

  /** The value of a cookie sent to `path` (default "/"), if any. */
  cookie(name: string, path = "/"): string | undefined {
    return this.cookies(new URL(path, this.base)).find((c) => c.name === name)?.value;
  }

  private cookies(url: URL): Cookie[] {
    const now = Date.now();
    return [...this.jar.values()]
      .filter((c) => (c.expiresAt === undefined || c.expiresAt > now) && pathMatches(c.path, url.pathname))
      .sort((a, b) => b.path.length - a.path.length); // longer paths first, as browsers send them
  }

  private cookieHeader(url: URL): string {
    return this.cookies(url)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  private store(line: string, url: URL) {
    const [pair, ...attributes] = line.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const cookie: Cookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1), path: defaultPath(url), httpOnly: false };
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.split("=");
      const value = rest.join("=");
      switch (key.toLowerCase()) {
        case "path":
          if (value.startsWith("/")) cookie.path = value;
          break;
        case "max-age":
          cookie.expiresAt = Date.now() + Number(value) * 1000;
          break;
        case "expires":
          cookie.expiresAt ??= Date.parse(value);
          break;
        case "httponly":
          cookie.httpOnly = true;
          break;
      }
    }
    const key = `${cookie.name};${cookie.path}`;
    if (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now()) this.jar.delete(key);
    else this.jar.set(key, cookie);
  }
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

function defaultPath(url: URL): string {
  const i = url.pathname.lastIndexOf("/");
  return i <= 0 ? "/" : url.pathname.slice(0, i);
}
