// SQL statements and round trips per iteration of each flow, counted at the wire by a proxy in
// front of PostgreSQL (lib/sql-proxy.ts), on a server of its own: the proxy lives in the
// orchestrator's process and must not sit in the throughput runs.

import { runLoad } from "../lib/load.ts";
import { createDatabase, databaseUrl } from "../lib/postgres.ts";
import { sleep } from "../lib/proc.ts";
import type { SqlCount } from "../lib/results.ts";
import { round } from "../lib/stats.ts";
import { startTarget, type FlowName, type RunningTarget, type TargetName } from "../lib/targets.ts";

/** One virtual user: 3 iterations not counted (first-use work), then 30 counted. */
export const SQL_COUNT = { warmup: 3, measured: 30 };

/**
 * Counts for every flow of `name`. The idle rate (housekeeping timers…) measured over a second
 * is subtracted. A flow with errors is reported through onFailure; the others still count.
 */
export async function countSql(
  name: TargetName,
  count: { warmup: number; measured: number },
  onFailure: (phase: string, message: string) => void,
): Promise<Partial<Record<FlowName, SqlCount>>> {
  const { startSqlProxy } = await import("../lib/sql-proxy.ts");
  const db = await createDatabase(`sql_${name}`);
  const proxy = await startSqlProxy(5432);
  let target: RunningTarget | undefined;
  try {
    target = await startTarget(name, { databaseUrl: databaseUrl(db.name, proxy.port) });
    await sleep(1000); // let start-up work finish before the idle reading
    proxy.reset();
    const idleStarted = performance.now();
    await sleep(1000);
    const idle = proxy.counts();
    const idleSeconds = (performance.now() - idleStarted) / 1000;
    const idleRate = { statements: idle.statements / idleSeconds, roundTrips: idle.roundTrips / idleSeconds };

    const out: Partial<Record<FlowName, SqlCount>> = {};
    for (const flow of target.flows) {
      let started = 0;
      let counted = { statements: 0, roundTrips: 0 };
      let storeCallsBefore = 0;
      let storeCalls = 0;
      const result = await runLoad({
        flowModule: target.flowModule,
        flowName: flow,
        options: { baseUrl: target.baseUrl, users: 5, vus: 1, extra: target.extra },
        count,
        // The worker waits for these with nothing in flight.
        beforeMeasured: () => {
          proxy.reset();
          storeCallsBefore = target?.ours?.userStore.calls.length ?? 0;
          started = performance.now();
        },
        afterMeasured: () => {
          const seconds = (performance.now() - started) / 1000;
          const c = proxy.counts();
          counted = { statements: c.statements - idleRate.statements * seconds, roundTrips: c.roundTrips - idleRate.roundTrips * seconds };
          storeCalls = (target?.ours?.userStore.calls.length ?? 0) - storeCallsBefore;
        },
      });
      if (result.errors || result.iterations === 0) {
        onFailure(`sql ${name} ${flow}`, `${result.errors} errors: ${result.errorMessages.join("; ")}`);
        continue;
      }
      out[flow] = {
        statements: round(counted.statements / result.iterations, 2),
        roundTrips: round(counted.roundTrips / result.iterations, 2),
        iterations: result.iterations,
        idleStatementsPerSecond: round(idleRate.statements, 2),
        idleRoundTripsPerSecond: round(idleRate.roundTrips, 2),
        ...(flow === "customLogin" && { storeCalls: round(storeCalls / result.iterations, 2) }),
      };
      console.log(
        `sql ${name} ${flow}: ${out[flow].statements} statements, ${out[flow].roundTrips} round trips per iteration (${result.iterations} iterations)`,
      );
    }
    return out;
  } finally {
    await target?.stop();
    await proxy.close();
    await db.drop();
  }
}
