// Better Auth 1.7.6 with its passkey plugin, set up as its docs show for Node: a pg Pool,
// email and password on, the passkey plugin, tables made by getMigrations() at start, served by
// toNodeHandler() on node:http. Started by ./better-auth.ts (pinned with taskset); configured by
// PORT, DATABASE_URL and BETTER_AUTH_SECRET.
//
// Endpoints the benchmark drives (all under /api/auth; read from the installed 1.7.6 sources):
//   POST /sign-up/email {name, email, password}            -> session cookie (autoSignIn)
//   GET  /passkey/generate-register-options   (session)    -> creation options + challenge cookie
//   POST /passkey/verify-registration {response} (session + challenge cookie)
//   GET  /passkey/generate-authenticate-options            -> request options + challenge cookie
//   POST /passkey/verify-authentication {response} (challenge cookie) -> session cookie
// Cookie-bearing POSTs must carry an Origin in trustedOrigins (baseURL), as a browser's fetch does.

import http from "node:http";
import pg from "pg";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { passkey } from "@better-auth/passkey";

const port = Number(process.env.PORT ?? 3100);
const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error("DATABASE_URL is required");
const baseURL = `http://localhost:${port}`;

const pool = new pg.Pool({ connectionString });

const options = {
  database: pool,
  baseURL,
  secret: process.env.BETTER_AUTH_SECRET ?? "pul-bench-better-auth-secret-0123456789abcdef",
  emailAndPassword: { enabled: true },
  plugins: [passkey({ rpID: "localhost", rpName: "PUL benchmark (Better Auth)", origin: baseURL })],
  // Off for the benchmark: its default limiter would refuse a load generator hammering from one
  // address within seconds. Ours is measured with PASSKEY_API_RATE_LIMIT raised for the same
  // reason, so neither side spends the run answering 429s.
  rateLimit: { enabled: false },
} satisfies BetterAuthOptions;

// The docs' getMigrations(auth.options), run before betterAuth() so that its start-up schema check
// finds the tables instead of logging a mismatch.
const { runMigrations } = await getMigrations(options);
await runMigrations();
const auth = betterAuth(options);

const handler = toNodeHandler(auth);
// Fire and forget: node:http ignores a listener's result, and the handler answers its own errors.
const server = http.createServer((req, res) => void handler(req, res));
server.keepAliveTimeout = 65_000;
server.listen(port, () => {
  process.stdout.write(`better-auth listening on ${baseURL} (pid ${process.pid})\n`);
});

function shutdown() {
  server.close();
  server.closeAllConnections();
  // Not awaited: exit once the pool has closed (or failed to), or after 2 s whichever comes first.
  void pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
