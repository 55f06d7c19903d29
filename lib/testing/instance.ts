// A second server instance for tests, in a process of its own, on the database the test's harness
// uses (PostgreSQL: one PGlite directory is one process's). It serves what server.ts serves
// without Next.js (the provider and the JSON APIs), with its own memory, so its own configuration
// cache: what several instances behind one load balancer would be.
//
//   const b = await startInstance();        // DATABASE_URL: the harness's database
//   await fetch(`${b.url}/passkey/challenge`, …);
//   await b.kill("SIGKILL");

import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";

export type Instance = { url: string; kill(signal?: NodeJS.Signals): Promise<void> };

/** Starts an instance on DATABASE_URL (which must be PostgreSQL) and waits until it answers. */
export async function startInstance(): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    // Its own issuer and port (set in main); the harness's would be another instance's.
    env: withoutIssuer({ ...process.env, LOG_LEVEL: "warn" }),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = out.match(/^listening (http:\/\/\S+)$/m);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`instance exited (${code}) before listening: ${out}`)));
  });
  return {
    url,
    async kill(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}

function withoutIssuer(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest.ISSUER;
  delete rest.PORT;
  return rest;
}

async function main() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "localhost", () => resolve()));
  const { port } = server.address() as AddressInfo;
  process.env.PORT = String(port);
  process.env.ISSUER = `http://localhost:${port}`;
  // Imported only now: lib/config.ts reads ISSUER once.
  const { startConfigListener } = await import("../config-cache");
  const { createProvider } = await import("../oidc/provider");
  const { setProviderFactory } = await import("../oidc/instance");
  const { requestHandler } = await import("../serve");
  await startConfigListener();
  setProviderFactory(createProvider);
  server.on(
    "request",
    requestHandler((_req, res) => {
      res.statusCode = 404;
      res.end();
    }),
  );
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
  process.stdout.write(`listening ${process.env.ISSUER}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
