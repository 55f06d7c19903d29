// The budgets, judged on a run's results. PostgreSQL unless a budget says otherwise.
// A budget that this run did not measure (skipped phase, target not selected) has pass: null and
// fails nothing; a smoke run enforces only "0 errors".

import type { Budget, Results, Summary } from "./results.ts";
import type { FlowName, TargetName } from "./targets.ts";

/** Over a soak this long or longer, RSS growth is enforced; a shorter one cannot tell warm-up from a leak. */
export const SOAK_ENFORCED_FROM_S = 300;
/** "No growth": the least-squares RSS slope after the first fifth of the soak. */
export const SOAK_MAX_SLOPE_MB_PER_MIN = 1;

export function judgeBudgets(results: Results): Budget[] {
  const { options } = results;
  const budgets: Budget[] = [];
  const add = (b: Omit<Budget, "pass">, pass: (v: number) => boolean) =>
    budgets.push({ ...b, enforced: b.enforced && !options.smoke, pass: b.value === null || !Number.isFinite(b.value) ? null : pass(b.value) });
  const ratio = (id: string) => results.ratios.find((r) => r.id === id)?.median ?? null;
  const summary = (target: TargetName, flow: FlowName): Summary | undefined => results.summary.find((s) => s.target === target && s.flow === flow);

  // 0 errors, every target (the only budget a smoke run enforces).
  for (const target of options.targets) {
    const rows = results.summary.filter((s) => s.target === target);
    if (rows.length === 0) continue;
    const errors = rows.reduce((n, s) => n + s.errors + s.warmupErrors, 0);
    budgets.push({
      id: `errors-${target}`,
      label: `0 errors: ${target} (all flows, warm-up included)`,
      value: errors,
      limit: "= 0",
      pass: errors === 0,
      enforced: true,
    });
  }

  add(
    {
      id: "native-login-vs-better-auth",
      label: "Native login ÷ Better Auth login, same round (PostgreSQL)",
      value: ratio("native-login-vs-better-auth"),
      limit: "≥ 3×",
      enforced: true,
    },
    (v) => v >= 3,
  );
  add(
    {
      id: "native-login-vs-better-auth-pglite",
      label: "Native login on PGlite ÷ Better Auth login (PostgreSQL), same round",
      value: ratio("native-login-pglite-vs-better-auth"),
      limit: "≥ 2×",
      enforced: true,
    },
    (v) => v >= 2,
  );
  const nativeLogin = summary("ours-postgres", "nativeLogin");
  add(
    {
      id: "native-login-p99",
      label: `Native login p99 at ${options.vus} concurrent users (budget is at 16)`,
      value: nativeLogin?.p99 ?? null,
      limit: "≤ 50 ms",
      enforced: options.vus === 16,
    },
    (v) => v <= 50,
  );
  add(
    {
      id: "native-login-vs-baseline",
      label: "Native login ÷ bare baseline, same round",
      value: ratio("native-login-vs-baseline"),
      limit: "≥ 0.5×",
      enforced: false,
    },
    (v) => v >= 0.5,
  );
  add(
    {
      id: "hosted-login-vs-better-auth",
      label: "Hosted login (whole round trip) ÷ Better Auth login, same round",
      value: ratio("hosted-login-vs-better-auth"),
      limit: "≥ 0.5×",
      enforced: true,
    },
    (v) => v >= 0.5,
  );
  add(
    {
      id: "hosted-login-vs-better-auth-stretch",
      label: "Hosted login ÷ Better Auth login (stretch)",
      value: ratio("hosted-login-vs-better-auth"),
      limit: "≥ 1×",
      enforced: false,
    },
    (v) => v >= 1,
  );

  const sql = results.sql["ours-postgres"];
  add(
    { id: "sql-native-login", label: "SQL round trips per native login", value: sql?.nativeLogin?.roundTrips ?? null, limit: "≤ 6", enforced: true },
    (v) => v <= 6,
  );
  add(
    {
      id: "sql-hosted-login",
      label: "SQL round trips per hosted login (whole round trip)",
      value: sql?.hostedLogin?.roundTrips ?? null,
      limit: "≤ 20",
      enforced: true,
    },
    (v) => v <= 20,
  );

  add(
    {
      id: "store-calls-custom-login",
      label: "User store calls per native login on your own database",
      value: sql?.customLogin?.storeCalls ?? null,
      limit: "≤ 1",
      enforced: true,
    },
    (v) => v <= 1,
  );

  const page = results.page;
  add(
    {
      id: "login-page-js",
      label: "/u/login first-load JS above the framework floor (KB gzip)",
      value: page ? (page.loginJsGzipBytes - page.floorJsGzipBytes) / 1024 : null,
      limit: "≤ 20 KB",
      enforced: true,
    },
    (v) => v <= 20,
  );
  add(
    { id: "login-page-ttfb-p50", label: "/u/login TTFB p50 at 4 concurrent", value: page?.ttfbP50 ?? null, limit: "≤ 20 ms", enforced: true },
    (v) => v <= 20,
  );
  add(
    { id: "login-page-ttfb-p99", label: "/u/login TTFB p99 at 4 concurrent", value: page?.ttfbP99 ?? null, limit: "≤ 60 ms", enforced: true },
    (v) => v <= 60,
  );

  add(
    {
      id: "rss-postgres",
      label: "Server RSS under load, PostgreSQL (highest sample, MB)",
      value: maxRss(results, "ours-postgres"),
      limit: "≤ 300 MB",
      enforced: true,
    },
    (v) => v <= 300,
  );
  add(
    { id: "rss-pglite", label: "Server RSS under load, PGlite (highest sample, MB)", value: maxRss(results, "ours-pglite"), limit: "≤ 400 MB", enforced: true },
    (v) => v <= 400,
  );
  const soak = results.soak;
  add(
    {
      id: "rss-soak-slope",
      label: `RSS growth over a ${soak?.seconds ?? "–"} s soak (MB/min; enforced from ${SOAK_ENFORCED_FROM_S} s)`,
      value: soak?.slopeMbPerMin ?? null,
      limit: `≤ ${SOAK_MAX_SLOPE_MB_PER_MIN} MB/min`,
      enforced: (soak?.seconds ?? 0) >= SOAK_ENFORCED_FROM_S,
    },
    (v) => v <= SOAK_MAX_SLOPE_MB_PER_MIN,
  );

  const steps = results.growth?.steps ?? [];
  const small = steps.find((s) => s.users === 1_000);
  const large = steps.find((s) => s.users === 1_000_000);
  add(
    {
      id: "growth-1m-vs-1k",
      label: "Native login with 1M users ÷ with 1k users",
      value: small && large ? large.throughput / small.throughput : null,
      limit: "≥ 0.9× (within 10%)",
      enforced: true,
    },
    (v) => v >= 0.9,
  );
  return budgets;
}

function maxRss(results: Results, target: TargetName): number | null {
  const samples = results.measurements.flatMap((m) => (m.target === target && m.server ? [m.server.rssMaxMb] : []));
  if (results.soak?.target === target) samples.push(results.soak.maxMb);
  return samples.length ? Math.max(...samples) : null;
}

export function failedBudgets(budgets: Budget[]): Budget[] {
  return budgets.filter((b) => b.enforced && b.pass === false);
}
