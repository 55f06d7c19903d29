// The hosted login page as a browser meets it: how much JavaScript its first load costs (against
// the framework's floor: a page of the same build with no client code of its own), how big its
// HTML is, how fast it answers under load (TTFB), and when its largest content paints (LCP in
// headless Chromium).
//
// How JavaScript is counted
// - From the HTML: every <script src> (not nomodule: a module-capable browser skips those, and
//   Next ships its legacy polyfills that way), every <link rel="modulepreload"> and
//   <link rel="preload" as="script">, and every script chunk the inline React Flight data names
//   (Next 16 / Turbopack writes the client-reference chunks of the first render as rows like
//   `19:"/_next/static/chunks/083pfmb1ssfm8.js"` inside self.__next_f.push([1,"…"]); today the
//   same chunks also appear as async <script src> tags, the Flight scan is a safety net).
// - From Chromium (playwright-core): every response of resource type "script" from the page's
//   navigation until the load event plus a quiet second (hydration may import more).
// The browser's list is the source of truth (it is what a user downloads); the HTML list is
// kept to show any difference (`htmlOnly`, `browserOnly`). If Chromium cannot start, the HTML
// list is used and `jsSource` says "html".
// - Size: each script fetched uncompressed and gzipped here with zlib level 9 (`gzipBytes`), so
//   every target is measured the same whether or not its server compresses; `wireBytes` is what
//   the server actually sent for Accept-Encoding: gzip (its Content-Encoding size, or the raw
//   size when it does not compress).

import { scriptsInHtml } from "./html";
import http from "node:http";
import zlib from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { request } from "./http";

export type ScriptSize = { url: string; gzipBytes: number; rawBytes: number; wireBytes: number };

export type PageMeasurement = {
  /** Sum of gzipBytes over the login page's first-load scripts. */
  loginJsGzipBytes: number;
  /** The same for floorUrl. */
  floorJsGzipBytes: number;
  /** The /u/login HTML, uncompressed bytes. */
  htmlBytes: number;
  /** The same HTML gzipped (level 9). */
  htmlGzipBytes: number;
  ttfbP50: number;
  ttfbP99: number;
  /** Number of timed GETs, and how many answered other than 200 (not in the percentiles). */
  ttfbSamples: number;
  ttfbErrors: number;
  /** Median LCP over `lcpRuns` fresh contexts, ms; null if Chromium reported none. */
  lcpMs: number | null;
  lcpRunsMs: (number | null)[];
  /** The login page's first-load scripts (the browser's list when jsSource is "browser"). */
  scripts: ScriptSize[];
  floorScripts: ScriptSize[];
  jsSource: "browser" | "html";
  /** Differences between the HTML-derived and the browser-observed lists (paths). */
  htmlOnly: string[];
  browserOnly: string[];
};

export type PageOptions = {
  baseUrl: string;
  /** A fresh login transaction: the /u/login URL (absolute or relative) and its Cookie header. */
  newLoginUrl: () => Promise<{ url: string; cookieHeader: string }>;
  /** A page of the same build with no client code of its own (may answer 404: a not-found page). */
  floorUrl: string;
  /** TTFB load: concurrent loops (default 4) … */
  concurrency?: number;
  /** … for this many seconds (default 10). */
  seconds?: number;
  /** LCP: fresh browser contexts to take the median of (default 3). */
  lcpRuns?: number;
  chromiumPath?: string;
};

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function measureLoginPage(opts: PageOptions): Promise<PageMeasurement> {
  const abs = (u: string) => new URL(u, opts.baseUrl).toString();
  const floorUrl = abs(opts.floorUrl);

  // 1. HTML and the scripts it names.
  const login = await opts.newLoginUrl();
  const loginUrl = abs(login.url);
  const loginPage = await request(loginUrl, { headers: { cookie: login.cookieHeader } });
  if (loginPage.status !== 200) throw new Error(`GET ${loginUrl}: HTTP ${loginPage.status} ${loginPage.body.slice(0, 200)}`);
  const floorPage = await request(floorUrl);
  // A not-found page of the build is a fair floor too (root layout, no page code): 404 is fine.
  if (floorPage.status !== 200 && floorPage.status !== 404) throw new Error(`GET ${floorUrl}: HTTP ${floorPage.status}`);
  const htmlLogin = scriptsInHtml(loginPage.body, loginUrl);
  const htmlFloor = scriptsInHtml(floorPage.body, floorUrl);

  // 2. The browser: scripts it loads, and LCP (no other load on the server meanwhile).
  let browser: Browser | undefined;
  let browserLogin: string[] | undefined;
  let browserFloor: string[] | undefined;
  const lcpRunsMs: (number | null)[] = [];
  try {
    browser = await chromium.launch({
      executablePath: opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
    });
  } catch (error) {
    console.warn(`page: Chromium did not start (${(error as Error).message.split("\n")[0]}); JS from the HTML, no LCP`);
  }
  if (browser) {
    try {
      const runs = Math.max(1, opts.lcpRuns ?? 3);
      for (let i = 0; i < runs; i++) {
        const fresh = i === 0 ? login : await opts.newLoginUrl();
        const visit = await visitPage(browser, abs(fresh.url), fresh.cookieHeader, [200]);
        if (i === 0) browserLogin = visit.scripts;
        lcpRunsMs.push(visit.lcpMs);
      }
      browserFloor = (await visitPage(browser, floorUrl, "", [200, 404])).scripts;
    } finally {
      await browser.close();
    }
  }

  const loginList = browserLogin ?? htmlLogin;
  const floorList = browserFloor ?? htmlFloor;
  const sizes = new Map<string, Promise<ScriptSize>>();
  const sizeOf = (url: string) => {
    let size = sizes.get(url);
    if (!size) {
      size = scriptSize(url);
      sizes.set(url, size);
    }
    return size;
  };
  const scripts = await Promise.all(loginList.map(sizeOf));
  const floorScripts = await Promise.all(floorList.map(sizeOf));
  const path = (u: string) => new URL(u).pathname;
  const diff = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).map(path);

  // 3. TTFB under load: each loop reloads its own login page.
  const ttfb = await ttfbUnderLoad(opts, abs);

  const measured = lcpRunsMs.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return {
    loginJsGzipBytes: sum(scripts.map((s) => s.gzipBytes)),
    floorJsGzipBytes: sum(floorScripts.map((s) => s.gzipBytes)),
    htmlBytes: Buffer.byteLength(loginPage.body),
    htmlGzipBytes: zlib.gzipSync(loginPage.body, { level: 9 }).length,
    ttfbP50: percentile(ttfb.samples, 50),
    ttfbP99: percentile(ttfb.samples, 99),
    ttfbSamples: ttfb.samples.length,
    ttfbErrors: ttfb.errors,
    lcpMs: measured.length ? round(measured[Math.floor((measured.length - 1) / 2)]) : null,
    lcpRunsMs: lcpRunsMs.map((v) => (v === null ? null : round(v))),
    scripts,
    floorScripts,
    jsSource: browserLogin ? "browser" : "html",
    htmlOnly: browserLogin ? diff(htmlLogin, browserLogin) : [],
    browserOnly: browserLogin ? diff(browserLogin, htmlLogin) : [],
  };
}

/** One navigation in a fresh context: the scripts it loaded and the LCP Chromium reported. */
async function visitPage(browser: Browser, url: string, cookieHeader: string, okStatuses: number[]): Promise<{ scripts: string[]; lcpMs: number | null }> {
  const context = await browser.newContext();
  try {
    const origin = new URL(url).origin;
    const cookies = cookieHeader
      .split(";")
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const eq = p.indexOf("=");
        return { name: p.slice(0, eq), value: p.slice(eq + 1), url: `${origin}/` };
      });
    if (cookies.length) await context.addCookies(cookies);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script" && !scripts.includes(response.url())) scripts.push(response.url());
    });
    const response = await page.goto(url, { waitUntil: "load", timeout: 30_000 });
    if (!response || !okStatuses.includes(response.status())) throw new Error(`Chromium GET ${url}: HTTP ${response?.status()}`);
    // LCP entries are buffered; wait a second after load for late candidates and late scripts.
    const lcpMs = await page.evaluate(
      () =>
        new Promise<number | null>((resolve) => {
          let last: number | null = null;
          try {
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              if (entries.length) last = entries[entries.length - 1].startTime;
            }).observe({ type: "largest-contentful-paint", buffered: true });
          } catch {
            resolve(null);
            return;
          }
          setTimeout(() => resolve(last), 1000);
        }),
    );
    return { scripts, lcpMs };
  } finally {
    await context.close();
  }
}

/** Raw (decoded) size, our gzip -9 size, and what the server sends for Accept-Encoding: gzip. */
async function scriptSize(url: string): Promise<ScriptSize> {
  const { body, encoding } = await getBytes(url, { "accept-encoding": "gzip" });
  const raw = encoding === "gzip" ? zlib.gunzipSync(body) : encoding === "br" ? zlib.brotliDecompressSync(body) : body;
  return { url, gzipBytes: zlib.gzipSync(raw, { level: 9 }).length, rawBytes: raw.length, wireBytes: body.length };
}

function getBytes(url: string, headers: Record<string, string>): Promise<{ body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ body: Buffer.concat(chunks), encoding: (res.headers["content-encoding"] ?? "identity").toLowerCase() }));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url}: timeout`)));
    req.on("error", reject);
  });
}

async function ttfbUnderLoad(opts: PageOptions, abs: (u: string) => string): Promise<{ samples: number[]; errors: number }> {
  const concurrency = opts.concurrency ?? 4;
  const seconds = opts.seconds ?? 10;
  // Transactions first (untimed), so the timed window holds only page loads.
  const logins = await Promise.all(Array.from({ length: concurrency }, () => opts.newLoginUrl()));
  const samples: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    logins.map(async (login) => {
      const url = abs(login.url);
      while (performance.now() < end) {
        const res = await request(url, { headers: { cookie: login.cookieHeader } });
        if (res.status === 200) samples.push(res.ttfbMs);
        else errors++;
      }
    }),
  );
  if (!samples.length) throw new Error(`TTFB: no 200 answer in ${errors} requests`);
  return { samples, errors };
}

/** Nearest-rank percentile, ms rounded to 0.01. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
}

const round = (v: number) => Math.round(v * 100) / 100;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
