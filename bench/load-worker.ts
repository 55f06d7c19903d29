// The load generator: its own process, pinned by bench/lib/load.ts to another core than the
// server. It imports one flow, runs its setup (not timed), then `vus` virtual users in a closed
// loop (each starts its next iteration when the last one ends).
//
//   node --import tsx load-worker.ts '<WorkerArgs as JSON>'
//
// Two modes:
//   time  (warmupS, durationS): iterations ending in the warm-up are discarded; those ending in
//         the next durationS seconds are measured; none starts after that.
//   count (count: {warmup, measured}): that many iterations, then that many more; before the
//         measured ones it says "measure-start" and waits for "go" on stdin, so the orchestrator
//         can zero the SQL counters with nothing in flight.
//
// It talks on stdout in lines "@@bench <json>" (events setup-done, measure-start, measure-end,
// then result); anything else a flow prints goes to stderr.

import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FlowFactory, FlowOptions } from "./lib/flow.ts";
import { closeIdleSockets } from "./lib/http.ts";
import { ITERATION_TIMEOUT_MS } from "./lib/load.ts";
import { percentile } from "./lib/stats.ts";

export type WorkerArgs = {
  /** Path of the flow module, relative to bench/ (e.g. "flows/ours.ts"). */
  flowModule: string;
  /** The exported FlowFactory. */
  flowName: string;
  options: FlowOptions;
  warmupS?: number;
  durationS?: number;
  count?: { warmup: number; measured: number };
};

export type WorkerResult = {
  flow: string;
  vus: number;
  setupMs: number;
  /** Wall time of the measured window (s). */
  measuredS: number;
  iterations: number;
  errors: number;
  /** The first few distinct error messages (measured window and warm-up). */
  errorMessages: string[];
  warmupIterations: number;
  warmupErrors: number;
  /** Completed iterations per second of the measured window. */
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** CPU time of this process during the measured window, % of one core (is the client the bottleneck?). */
  loadgenCpuPercent: number;
};

/** What the worker says on stdout, one "@@bench <json>" line each (bench/lib/load.ts reads them). */
export type WorkerMessage =
  | { event: "setup-done"; setupMs: number }
  | { event: "measure-start" }
  | { event: "measure-end" }
  | { event: "result"; result: WorkerResult }
  | { event: "failed"; message: string };

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const MAX_MESSAGES = 5;

function say(message: WorkerMessage): void {
  process.stdout.write(`@@bench ${JSON.stringify(message)}\n`);
}

// Flows must not write on the protocol channel.
console.log = (...args: unknown[]) => console.error(...args);

async function main() {
  const args = JSON.parse(process.argv[2]) as WorkerArgs;
  const flowModule = (await import(pathToFileURL(path.resolve(benchDir, args.flowModule)).href)) as Record<string, unknown>;
  const factory = flowModule[args.flowName] as FlowFactory | undefined;
  if (typeof factory !== "function") throw new Error(`${args.flowModule} exports no flow ${args.flowName}`);
  const driver = factory(args.options);

  const setupStarted = performance.now();
  await driver.setup();
  const setupMs = performance.now() - setupStarted;
  say({ event: "setup-done", setupMs });

  const latencies: number[] = [];
  const messages: string[] = [];
  let errors = 0;
  let warmupIterations = 0;
  let warmupErrors = 0;
  const noteError = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (messages.length < MAX_MESSAGES && !messages.includes(message)) messages.push(message);
  };

  /** One iteration: true when it succeeded; records the latency when `measured` says so at its end. */
  const run = async (vu: number, measured: () => boolean): Promise<void> => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        driver.iteration(vu),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`iteration timed out after ${ITERATION_TIMEOUT_MS / 1000} s`)), ITERATION_TIMEOUT_MS);
        }),
      ]);
      if (measured()) latencies.push(performance.now() - started);
      else warmupIterations++;
    } catch (error) {
      noteError(error);
      if (measured()) errors++;
      else warmupErrors++;
      await new Promise((r) => setTimeout(r, 5)); // a failing target must not become a busy loop
    } finally {
      clearTimeout(timer);
    }
  };

  let measureStart = 0;
  let measureEnd = 0;
  let cpuAtStart = 0;
  const vus = Math.max(1, args.options.vus);

  if (args.count) {
    const { warmup, measured } = args.count;
    let issued = 0;
    let inMeasured = false;
    const pass = (total: number) =>
      Promise.all(
        Array.from({ length: vus }, async (_, vu) => {
          while (issued < total) {
            issued++;
            await run(vu, () => inMeasured);
          }
        }),
      );
    await pass(warmup);
    say({ event: "measure-start" });
    await waitForGo();
    issued = 0;
    inMeasured = true;
    measureStart = performance.now();
    cpuAtStart = cpuMsNow();
    await pass(measured);
    measureEnd = performance.now();
    say({ event: "measure-end" });
  } else {
    const warmupMs = (args.warmupS ?? 3) * 1000;
    const durationMs = (args.durationS ?? 10) * 1000;
    const t0 = performance.now();
    measureStart = t0 + warmupMs;
    measureEnd = measureStart + durationMs;
    const inWindow = () => {
      const now = performance.now();
      return now >= measureStart && now <= measureEnd;
    };
    setTimeout(() => {
      cpuAtStart = cpuMsNow();
      say({ event: "measure-start" });
    }, warmupMs);
    const ended = new Promise<void>((resolve) =>
      setTimeout(() => {
        say({ event: "measure-end" });
        resolve();
      }, warmupMs + durationMs),
    );
    await Promise.all([
      ended,
      ...Array.from({ length: vus }, async (_, vu) => {
        while (performance.now() < measureEnd) await run(vu, inWindow);
      }),
    ]);
  }
  const cpuUsed = cpuMsNow() - cpuAtStart;

  const measuredS = (measureEnd - measureStart) / 1000;
  latencies.sort((a, b) => a - b);
  const result: WorkerResult = {
    flow: `${args.flowModule}#${args.flowName}`,
    vus,
    setupMs,
    measuredS,
    iterations: latencies.length,
    errors,
    errorMessages: messages,
    warmupIterations,
    warmupErrors,
    throughput: latencies.length / measuredS,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      mean: latencies.reduce((s, v) => s + v, 0) / (latencies.length || NaN),
    },
    loadgenCpuPercent: (cpuUsed / (measureEnd - measureStart)) * 100,
  };
  say({ event: "result", result });
  closeIdleSockets();
}

function cpuMsNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.on("line", (line) => {
      if (line.trim() === "go") {
        lines.close();
        resolve();
      }
    });
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say({ event: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
