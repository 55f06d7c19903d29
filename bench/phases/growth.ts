// How the native login's cost grows with the user table: one server on one PostgreSQL database
// that is bulk-filled (lib/bulk-seed.ts, inside PostgreSQL, not through the API) to each size in
// turn, with a native login load after each; then the query plans of the login's lookups.

import { describeLoad, runLoad } from "../lib/load.ts";
import { createDatabase, defaultConnectionId } from "../lib/postgres.ts";
import type { GrowthStep, Results, RunOptions } from "../lib/results.ts";
import { round } from "../lib/stats.ts";
import { startTarget, type RunningTarget } from "../lib/targets.ts";

export async function measureGrowth(options: RunOptions, onFailure: (phase: string, message: string) => void): Promise<NonNullable<Results["growth"]>> {
  const { seedBulk, queryPlans } = await import("../lib/bulk-seed.ts");
  const db = await createDatabase("growth");
  let target: RunningTarget | undefined;
  try {
    target = await startTarget("ours-postgres", { databaseUrl: db.url });
    const connectionId = await defaultConnectionId(db.url);
    const steps: GrowthStep[] = [];
    for (const users of options.growthSizes) {
      const seedStarted = performance.now();
      await seedBulk(db.url, users, connectionId);
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      const result = await runLoad({
        flowModule: target.flowModule,
        flowName: "nativeLogin",
        options: { baseUrl: target.baseUrl, users: options.users, vus: options.vus, extra: target.extra },
        warmupS: options.warmupS,
        durationS: options.durationS,
        serverPid: target.pid,
      });
      steps.push({
        users,
        seedSeconds: round(seedSeconds, 1),
        throughput: result.throughput,
        p50: result.latencyMs.p50,
        p99: result.latencyMs.p99,
        errors: result.errors + result.warmupErrors,
      });
      console.log(`growth ${users.toLocaleString("en")} users (bulk insert ${round(seedSeconds, 1)} s): ${describeLoad(result)}`);
    }
    const growth: NonNullable<Results["growth"]> = { steps };
    try {
      growth.queryPlans = await queryPlans(db.url);
    } catch (error) {
      // The plans explain the figures; the figures stand without them.
      onFailure("growth: query plans", error instanceof Error ? error.message : String(error));
    }
    return growth;
  } finally {
    await target?.stop();
    await db.drop();
  }
}
