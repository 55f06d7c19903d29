// The login page as a browser meets it (lib/page.ts): fresh /u/login pages come from an
// /authorize hop of the demo client, with the cookies it set.

import { CookieJar } from "../lib/http.ts";
import type { Results } from "../lib/results.ts";
import { round } from "../lib/stats.ts";
import type { RunningTarget } from "../lib/targets.ts";
import { startHostedLogin } from "../flows/ours.ts";

export async function measurePage(target: RunningTarget): Promise<NonNullable<Results["page"]>> {
  const { measureLoginPage } = await import("../lib/page.ts");
  const newLoginUrl = async () => {
    const jar = new CookieJar();
    const { loginUrl } = await startHostedLogin(target.baseUrl, jar);
    return { url: loginUrl, cookieHeader: jar.header() };
  };
  // A page of the same build with no client code of its own: the app's 404 page.
  const page = await measureLoginPage({ baseUrl: target.baseUrl, newLoginUrl, floorUrl: `${target.baseUrl}/u/nonexistent-floor` });
  const kb = (bytes: number) => round(bytes / 1024);
  console.log(
    `page: login JS ${kb(page.loginJsGzipBytes)} KB gzip (floor ${kb(page.floorJsGzipBytes)} KB), HTML ${kb(page.htmlBytes)} KB, ` +
      `TTFB p50 ${round(page.ttfbP50)} p99 ${round(page.ttfbP99)} ms, LCP ${page.lcpMs ?? "–"} ms`,
  );
  return page;
}
