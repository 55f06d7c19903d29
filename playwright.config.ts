import { defineConfig } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// End-to-end tests run against the production build (`npm run build` first: .next and the
// bundled server .next/server.mjs), served by the real server on its own port with a fresh
// embedded database, in Debian's Chromium.

const port = Number(process.env.E2E_PORT ?? 3200);
const baseURL = `http://localhost:${port}`;
process.env.E2E_BASE_URL = baseURL;
// The runner loads this file, then each worker loads it again with the runner's environment:
// values made here are kept in process.env so both sides agree on them.
process.env.E2E_DIR ??= mkdtempSync(join(tmpdir(), "pul-e2e-"));
const dataDir = process.env.E2E_PGLITE_DIR ?? join(process.env.E2E_DIR, "pglite");

// The Management API client the specs use to set connection policy and tenant settings, as an
// operator would (seeded from these two variables).
process.env.E2E_MANAGEMENT_CLIENT_ID ??= "e2e-management";
process.env.E2E_MANAGEMENT_CLIENT_SECRET ??= randomBytes(32).toString("base64url");

// The server runs under libfaketime (Debian's `faketime` package) so a spec can move its clock
// ("30 days later") by writing an offset such as "+31d" to this file; "+0d" is real time. The
// browser keeps real time. Nothing in the server knows: its Date.now() simply reads later.
// Debian puts it under the machine's multiarch triplet (x86_64-linux-gnu, aarch64-linux-gnu, …).
const FAKETIME = [...readdirSync("/usr/lib").map((dir) => `/usr/lib/${dir}/faketime`), "/usr/lib/faketime"]
  .map((dir) => `${dir}/libfaketimeMT.so.1`)
  .find((path) => existsSync(path));
if (!FAKETIME) {
  throw new Error(
    "libfaketimeMT.so.1 is missing: on Debian or Ubuntu, apt-get install -y faketime (elsewhere, libfaketime's multithreaded library under /usr/lib)",
  );
}
process.env.E2E_CLOCK_FILE ??= join(process.env.E2E_DIR, "server-clock");
if (!existsSync(process.env.E2E_CLOCK_FILE)) writeFileSync(process.env.E2E_CLOCK_FILE, "+0d\n");

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Closing a context (the virtual authenticator, the trace) counts against a test's time, and on
  // a slow day teardown alone came near 30 s (that was with PGlite's alarm firing every
  // millisecond after the clock moved back, fixed in lib/db.ts). A journey takes 2-15 s; 60 s
  // leaves room without hiding a hang.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node .next/server.mjs",
    url: `${baseURL}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      ISSUER: baseURL,
      PGLITE_DIR: dataDir,
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      // Every browser here is 127.0.0.1: the per-address rates are raised, as the benchmark
      // raises them (lib/limits.test.ts proves them); the brute-force limits keep their values.
      SIGNUP_RATE_LIMIT: "10000",
      PASSKEY_API_RATE_LIMIT: "10000",
      MANAGEMENT_TOKEN_RATE_LIMIT: "10000",
      MANAGEMENT_CLIENT_ID: process.env.E2E_MANAGEMENT_CLIENT_ID,
      MANAGEMENT_CLIENT_SECRET: process.env.E2E_MANAGEMENT_CLIENT_SECRET,
      LD_PRELOAD: FAKETIME,
      FAKETIME_TIMESTAMP_FILE: process.env.E2E_CLOCK_FILE,
      // Re-read the offset at most once a second; monotonic clocks (timers) are left alone.
      FAKETIME_CACHE_DURATION: "1",
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
    },
  },
});
