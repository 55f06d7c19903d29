// Starts the baseline (./baseline-server.ts: node:http + @simplewebauthn/server + Maps, no
// database) pinned to one core with taskset; stop() ends it. taskset execs node, so the child's
// pid is the serving process's.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnPinned, waitForUrl } from "../lib/proc.ts";

export type StartOptions = { port: number; core: number; databaseUrl?: string };
export type StartedTarget = { baseUrl: string; pid: number; stop(): Promise<void> };

const here = path.dirname(fileURLToPath(import.meta.url));

/** databaseUrl is accepted for a uniform signature and ignored: the baseline keeps everything in memory. */
export async function start(opts: StartOptions): Promise<StartedTarget> {
  const baseUrl = `http://localhost:${opts.port}`;
  const server = spawnPinned(opts.core, process.execPath, ["--import", "tsx", path.join(here, "baseline-server.ts")], {
    cwd: path.resolve(here, ".."),
    env: { ...process.env, PORT: String(opts.port), NODE_ENV: "production" },
    name: "baseline",
  });
  try {
    await waitForUrl(`${baseUrl}/health`, server, 30_000);
  } catch (error) {
    server.child.kill("SIGKILL");
    throw error;
  }
  return { baseUrl, pid: server.pid, stop: () => server.stop(5000) };
}
