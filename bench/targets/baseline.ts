// Starts the baseline (./baseline-server.ts: node:http + @simplewebauthn/server + Maps, no
// database) pinned to one core with taskset; stop() ends it. taskset execs node, so the child's
// pid is the serving process's.

import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type StartOptions = { port: number; core: number; databaseUrl?: string };
export type StartedTarget = { baseUrl: string; pid: number; stop(): Promise<void> };

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.resolve(here, "..");

/** databaseUrl is accepted for a uniform signature and ignored: the baseline keeps everything in memory. */
export async function start(opts: StartOptions): Promise<StartedTarget> {
  const baseUrl = `http://localhost:${opts.port}`;
  const child = spawn("taskset", ["-c", String(opts.core), process.execPath, "--import", "tsx", path.join(here, "baseline-server.ts")], {
    cwd: benchDir,
    env: { ...process.env, PORT: String(opts.port), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = captureOutput(child, "baseline");
  try {
    await waitUntilAnswering(`${baseUrl}/health`, child, output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    baseUrl,
    pid: child.pid!,
    stop: () => terminate(child),
  };
}

// --- process helpers (the same few lines as in ./better-auth.ts) ---

/** Keeps the last few KB of the child's output for error messages; forwards its stderr. */
function captureOutput(child: ChildProcess, name: string): () => string {
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(`[${name}] ${chunk.toString("utf8")}`);
  });
  return () => tail;
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before answering ${url}:\n${output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
