// `npm run bench`: the whole benchmark in one run on this machine (see bench/README.md).
//
//   1. per round: the ceilings on one core, then every target × flow, targets interleaved
//      (the order rotates each round), server on core 1, load generator on core 0
//   2. RSS over a soak (native login on PostgreSQL)
//   3. the login page (first-load JS, HTML, TTFB, LCP)
//   4. SQL statements and round trips per flow, counted at the wire (a proxy before PostgreSQL)
//   5. growth: native login with 1k, 100k, 1M users in PostgreSQL, and the lookups' query plans
//   6. budgets; bench/results/latest.json and latest.md (smoke.json and smoke.md for --smoke)
//
// Exit code: 0 all enforced budgets met, 1 a budget missed (listed), 2 a phase crashed.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { failedBudgets, judgeBudgets } from "./lib/budgets.ts";
import { closeIdleSockets } from "./lib/http.ts";
import { describeLoad, runLoad } from "./lib/load.ts";
import { loadAverage, sleep } from "./lib/proc.ts";
import { computeRatios, summarize } from "./lib/ratios.ts";
import { renderMarkdown } from "./lib/report.ts";
import type { Results } from "./lib/results.ts";
import { round } from "./lib/stats.ts";
import { parseOptions } from "./lib/options.ts";
import { startTarget, stopAllTargets, type RunningTarget, type TargetName } from "./lib/targets.ts";
import { measureGrowth } from "./phases/growth.ts";
import { measurePage } from "./phases/page.ts";
import { soak } from "./phases/soak.ts";
import { countSql, SQL_COUNT } from "./phases/sql.ts";
import { SERVICE_DIR } from "./targets/ours.ts";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
function machine(): Results["machine"] {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  return {
    nproc: Number(execFileSync("nproc", { encoding: "utf8" }).trim()),
    cpuModel: cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? "unknown",
    node: process.version,
    kernel: os.release(),
    memTotalMb: Math.round(os.totalmem() / 2 ** 20),
  };
}

function buildId(): string | null {
  try {
    return readFileSync(path.join(SERVICE_DIR, ".next/BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

/** The targets of the rounds, by name. */
const running = new Map<TargetName, RunningTarget>();

async function stopAll(): Promise<void> {
  await stopAllTargets();
  running.clear();
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const results: Results = {
    startedAt: new Date().toISOString(),
    options,
    machine: machine(),
    build: { buildId: buildId() },
    notes: [
      "Servers are pinned to core 1 and the load generator to core 0 (taskset); PostgreSQL is a system service and is not pinned.",
      "Rate limits are out of the way on both sides: this service runs with PASSKEY_API_RATE_LIMIT and SIGNUP_RATE_LIMIT at 100000000 (every virtual user comes from 127.0.0.1; the limits are still counted), Better Auth with its rateLimit off.",
      "Better Auth and the baseline run on PostgreSQL / in memory only: the PGlite ratios compare this service on PGlite with Better Auth on PostgreSQL.",
      "Better Auth has no passkey-first signup: its signup is email + password, then a passkey added with that session. The hosted login is compared with Better Auth's passkey login (its only one).",
      "The hosted login drives the pages' server actions over HTTP exactly as the browser posts them (Next-Action header, JSON arguments, React Flight answer).",
      "Ratios are taken within a round (same minutes of the machine), then the median over rounds is reported.",
    ],
    loadAverage: { before: loadAverage(), rounds: [] },
    ceilings: [],
    measurements: [],
    summary: [],
    ratios: [],
    sql: {},
    budgets: [],
    failures: [],
  };
  const skipped = (phase: string) => options.skip.includes(phase);
  const recordFailure = (phase: string, message: string) => {
    results.failures.push({ phase, message });
    console.error(`\n✗ ${phase} failed: ${message}\n`);
  };
  const phase = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      recordFailure(name, error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  };
  const flowOptions = (target: RunningTarget) => ({ baseUrl: target.baseUrl, users: options.users, vus: options.vus, extra: target.extra });

  console.log(`bench: ${JSON.stringify(options)}`);
  console.log(`machine: ${results.machine.nproc} × ${results.machine.cpuModel}, node ${results.machine.node}, load ${results.loadAverage.before.one}`);

  // 1. Rounds ---------------------------------------------------------------------------------
  if (!skipped("rounds")) {
    // All at once: start-up waits on disk and PostgreSQL as much as on the CPU. Nothing is
    // measured until every target is up.
    await Promise.all(
      options.targets.map((name) =>
        phase(`start ${name}`, async () => {
          const started = Date.now();
          const target = await startTarget(name);
          running.set(name, target);
          console.log(`started ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }),
      ),
    );
    results.build.loginActionIds = running.get("ours-postgres")?.ours?.actionIds ?? running.get("ours-pglite")?.ours?.actionIds;

    for (let r = 1; r <= options.rounds; r++) {
      const loadAtStart = loadAverage();
      if (!skipped("ceilings")) {
        await phase(`ceilings (round ${r})`, async () => {
          const { measureCeilings } = await import("./lib/ceilings.ts");
          const value = await measureCeilings();
          results.ceilings.push({ round: r, value });
          console.log(`[round ${r}] ceilings: ${JSON.stringify(value)}`);
        });
      }
      const targets = options.targets.flatMap((name) => running.get(name) ?? []);
      const order = targets.map((_, i) => targets[(i + r - 1) % targets.length]);
      for (const target of order) {
        for (const flow of target.flows) {
          await phase(`round ${r}: ${target.name} ${flow}`, async () => {
            const result = await runLoad({
              flowModule: target.flowModule,
              flowName: flow,
              options: flowOptions(target),
              warmupS: options.warmupS,
              durationS: options.durationS,
              serverPid: target.pid,
            });
            results.measurements.push({ ...result, round: r, target: target.name, flow });
            console.log(`[round ${r}] ${target.name} ${flow}: ${describeLoad(result)}`);
          });
          await sleep(500); // let the server settle between loads
        }
      }
      results.loadAverage.rounds.push({ round: r, start: loadAtStart, end: loadAverage() });
    }
    results.summary = summarize(results.measurements);
    results.ratios = computeRatios(results.measurements, results.ceilings, options.rounds);
  }

  // The soak and the page run on the rounds' PostgreSQL server (one is started if they were skipped).
  let oursPg = running.get("ours-postgres");
  if (
    !oursPg &&
    options.targets.includes("ours-postgres") &&
    !(skipped("soak") && skipped("page")) &&
    !results.failures.some((f) => f.phase === "start ours-postgres")
  ) {
    await phase("start ours-postgres", async () => {
      oursPg = await startTarget("ours-postgres");
    });
  }

  // 2. Soak: does RSS keep growing under a steady load? ---------------------------------------
  const pgServer = oursPg;
  if (!skipped("soak") && pgServer) {
    await phase("soak", async () => {
      results.soak = await soak(pgServer, options);
    });
  }

  // 3. The login page --------------------------------------------------------------------------
  if (!skipped("page") && pgServer) {
    await phase("page", async () => {
      results.page = await measurePage(pgServer);
    });
  }
  await stopAll();

  // 4. SQL per flow ----------------------------------------------------------------------------
  if (!skipped("sql")) {
    for (const name of options.targets.filter((t) => t !== "baseline" && t !== "ours-pglite")) {
      await phase(`sql ${name}`, async () => {
        results.sql[name] = await countSql(name, SQL_COUNT, recordFailure);
      });
    }
  }

  // 5. Growth ----------------------------------------------------------------------------------
  if (!skipped("growth") && options.targets.includes("ours-postgres")) {
    await phase("growth", async () => {
      results.growth = await measureGrowth(options, recordFailure);
    });
  }

  // 6. Budgets and the report ------------------------------------------------------------------
  // A rebuild under running servers takes their pages' chunks away (500s, hung requests).
  const finalBuild = buildId();
  if (finalBuild !== results.build.buildId) {
    recordFailure("build", `the production build changed during the run (${results.build.buildId} → ${finalBuild}): the figures are not of one build`);
  }
  results.loadAverage.after = loadAverage();
  results.finishedAt = new Date().toISOString();
  results.budgets = judgeBudgets(results);
  await writeResults(results);

  const missed = failedBudgets(results.budgets);
  for (const b of results.budgets) {
    if (b.pass === null) continue;
    console.log(`${b.pass ? "✓" : b.enforced ? "✗" : "·"} ${b.label}: ${round(b.value ?? NaN, 2)} (${b.limit})${b.enforced ? "" : " [reported]"}`);
  }
  if (results.failures.length) {
    console.error(`\n${results.failures.length} phase(s) crashed: ${results.failures.map((f) => f.phase).join("; ")}`);
    return 2;
  }
  if (missed.length) {
    console.error(`\nBudgets missed: ${missed.map((b) => `${b.label} = ${round(b.value ?? NaN, 2)} (${b.limit})`).join("; ")}`);
    return 1;
  }
  console.log("\nAll enforced budgets met.");
  return 0;
}

async function writeResults(results: Results): Promise<void> {
  const dir = path.join(benchDir, "results");
  await mkdir(dir, { recursive: true });
  const write = async (file: string, text: string) => {
    await writeFile(path.join(dir, `${file}.tmp`), text);
    await rename(path.join(dir, `${file}.tmp`), path.join(dir, file));
  };
  // A smoke (CI's, npm test's) leaves the last full run's results alone.
  const name = results.options.smoke ? "smoke" : "latest";
  await write(`${name}.json`, JSON.stringify(results, null, 2) + "\n");
  await write(`${name}.md`, renderMarkdown(results));
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(dir, `${name}.json`))} and ${name}.md`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    void stopAll().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await stopAll();
    closeIdleSockets();
    process.exit(code);
  },
  async (error: unknown) => {
    console.error(error);
    await stopAll();
    process.exit(2);
  },
);
