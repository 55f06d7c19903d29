// Runs one load (bench/load-worker.ts) in its own process pinned to the load generator's core,
// and watches the server from here while it is measured: CPU time over the measured window
// (→ % of one core) and resident memory sampled every 250 ms (max, and at the end).

import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FlowOptions } from "./flow.ts";
import { cpuMs, rssMb, spawnPinned } from "./proc.ts";
import { round } from "./stats.ts";
import type { WorkerArgs, WorkerMessage, WorkerResult } from "../load-worker.ts";

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const LOADGEN_CORE = 0;
/** An iteration still unanswered after this long is an error (the virtual user moves on). */
export const ITERATION_TIMEOUT_MS = 30_000;

export type LoadSpec = {
  flowModule: string;
  flowName: string;
  options: FlowOptions;
  warmupS?: number;
  durationS?: number;
  count?: { warmup: number; measured: number };
  /** The serving process to watch (its tree). */
  serverPid?: number;
  /** Called with nothing in flight before the measured iterations of a count run (zero counters here). */
  beforeMeasured?: () => void | Promise<void>;
  /** Called when the measured window ends (read counters here). */
  afterMeasured?: () => void | Promise<void>;
  /** For the RSS-over-time check: every sample of the measured window. */
  keepRssSamples?: boolean;
};

export type ServerUsage = { cpuPercent: number; rssMaxMb: number; rssEndMb: number; rssSamples?: { t: number; mb: number }[] };

export type LoadResult = WorkerResult & { server?: ServerUsage };

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const args: WorkerArgs = {
    flowModule: spec.flowModule,
    flowName: spec.flowName,
    options: spec.options,
    warmupS: spec.warmupS,
    durationS: spec.durationS,
    count: spec.count,
  };
  const worker = spawnPinned(LOADGEN_CORE, process.execPath, ["--import", "tsx", "load-worker.ts", JSON.stringify(args)], {
    cwd: benchDir,
    env: { ...process.env, NODE_ENV: "production" },
    name: `load ${spec.flowName}`,
    stdin: Boolean(spec.count),
  });

  let cpuStart = 0;
  let measureStartedAt = 0;
  let usage: ServerUsage | undefined;
  let sampler: NodeJS.Timeout | undefined;
  const samples: { t: number; mb: number }[] = [];
  const sample = () => {
    if (spec.serverPid) samples.push({ t: (performance.now() - measureStartedAt) / 1000, mb: rssMb(spec.serverPid) });
  };

  // Watchdogs: the setup may sign up many users on a slow target; after it, the load lasts its
  // warm-up and duration, plus the iteration timeout for what is in flight.
  const SETUP_LIMIT_S = 900;
  const loadLimitS = spec.count ? 600 : (spec.warmupS ?? 3) + (spec.durationS ?? 10) + ITERATION_TIMEOUT_MS / 1000 + 30;
  const result = await new Promise<WorkerResult>((resolve, reject) => {
    let buffered = "";
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const watchdog = (limitS: number, what: string) =>
      setTimeout(() => {
        fail(new Error(`load worker ${spec.flowName}: ${what} not done after ${limitS} s`));
        void worker.stop(1000);
      }, limitS * 1000);
    let killer = watchdog(SETUP_LIMIT_S, "setup");

    // Messages are handled one after the other (a handler may await the SQL counters).
    let queue = Promise.resolve();
    worker.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith("@@bench ")) queue = queue.then(() => handle(JSON.parse(line.slice(8)) as WorkerMessage));
      }
    });
    const handle = async (message: WorkerMessage) => {
      try {
        switch (message.event) {
          case "setup-done":
            clearTimeout(killer);
            killer = watchdog(loadLimitS, "load");
            break;
          case "measure-start":
            if (spec.count) {
              await spec.beforeMeasured?.();
              if (!worker.stdin) throw new Error(`load worker ${spec.flowName}: no stdin pipe to say "go" on`);
              worker.stdin.write("go\n");
            }
            measureStartedAt = performance.now();
            if (spec.serverPid) {
              cpuStart = cpuMs(spec.serverPid);
              sample();
              sampler = setInterval(sample, 250);
            }
            break;
          case "measure-end": {
            if (sampler) clearInterval(sampler);
            if (spec.serverPid) {
              const elapsedMs = performance.now() - measureStartedAt;
              const cpu = cpuMs(spec.serverPid) - cpuStart;
              sample();
              const last = samples.at(-1);
              if (!last) throw new Error(`load worker ${spec.flowName}: no RSS sample of the server`);
              usage = {
                cpuPercent: (cpu / elapsedMs) * 100,
                rssMaxMb: Math.max(...samples.map((s) => s.mb)),
                rssEndMb: last.mb,
                ...(spec.keepRssSamples ? { rssSamples: samples } : {}),
              };
            }
            await spec.afterMeasured?.();
            break;
          }
          case "result":
            settled = true;
            clearTimeout(killer);
            resolve(message.result);
            break;
          case "failed":
            clearTimeout(killer);
            fail(new Error(`load worker ${spec.flowName} failed: ${message.message}`));
            break;
        }
      } catch (error) {
        fail(error as Error);
      }
    };
    // "close" comes after the last stdout chunk; the queue, after the last message handled.
    worker.child.on("close", (code) => {
      void queue.then(() => {
        clearTimeout(killer);
        if (sampler) clearInterval(sampler);
        fail(new Error(`load worker ${spec.flowName} exited (${code}) without a result:\n${worker.output().slice(-2000)}`));
      });
    });
  });
  await worker.stop(2000);
  return { ...result, ...(usage ? { server: usage } : {}) };
}

const ms = (value: number) => (Number.isFinite(value) ? String(round(value)) : "–");

/** One line for the console: throughput, latency, server and load generator figures. */
export function describeLoad(m: LoadResult): string {
  const server = m.server ? ` · server ${round(m.server.cpuPercent, 0)}% CPU, ${round(m.server.rssMaxMb, 0)} MB` : "";
  const errors = m.errors + m.warmupErrors ? ` · ${m.errors} errors (+${m.warmupErrors} in warm-up): ${m.errorMessages[0] ?? ""}` : "";
  return `${round(m.throughput)}/s · p50 ${ms(m.latencyMs.p50)} p95 ${ms(m.latencyMs.p95)} p99 ${ms(m.latencyMs.p99)} ms${server} · load generator ${round(m.loadgenCpuPercent, 0)}% CPU${errors}`;
}
