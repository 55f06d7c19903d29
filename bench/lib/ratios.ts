// Ratios between targets, taken within one round (the same minutes of the same machine) and then
// their median over the rounds: a slow minute for everyone cancels out of a same-round ratio.

import type { Ceilings } from "./ceilings.ts";
import type { Measurement, Ratio, RatioDefinition, Summary } from "./results.ts";
import { median } from "./stats.ts";
import type { FlowName, TargetName } from "./targets.ts";

export const RATIOS: RatioDefinition[] = [
  {
    id: "native-login-vs-better-auth",
    label: "native login ÷ Better Auth login (PostgreSQL)",
    numerator: ["ours-postgres", "nativeLogin"],
    denominator: ["better-auth", "nativeLogin"],
  },
  {
    id: "native-login-pglite-vs-better-auth",
    label: "native login on PGlite ÷ Better Auth login",
    numerator: ["ours-pglite", "nativeLogin"],
    denominator: ["better-auth", "nativeLogin"],
  },
  {
    id: "native-signup-vs-better-auth",
    label: "native signup ÷ Better Auth signup (PostgreSQL)",
    numerator: ["ours-postgres", "nativeSignup"],
    denominator: ["better-auth", "nativeSignup"],
  },
  {
    id: "native-signup-pglite-vs-better-auth",
    label: "native signup on PGlite ÷ Better Auth signup",
    numerator: ["ours-pglite", "nativeSignup"],
    denominator: ["better-auth", "nativeSignup"],
  },
  {
    id: "hosted-login-vs-better-auth",
    label: "hosted login ÷ Better Auth login (PostgreSQL)",
    numerator: ["ours-postgres", "hostedLogin"],
    denominator: ["better-auth", "nativeLogin"],
  },
  {
    id: "hosted-login-pglite-vs-better-auth",
    label: "hosted login on PGlite ÷ Better Auth login",
    numerator: ["ours-pglite", "hostedLogin"],
    denominator: ["better-auth", "nativeLogin"],
  },
  {
    id: "custom-login-vs-native-login",
    label: "native login on your own database ÷ native login (PostgreSQL)",
    numerator: ["ours-postgres", "customLogin"],
    denominator: ["ours-postgres", "nativeLogin"],
  },
  {
    id: "native-login-vs-baseline",
    label: "native login ÷ baseline login (PostgreSQL)",
    numerator: ["ours-postgres", "nativeLogin"],
    denominator: ["baseline", "nativeLogin"],
  },
  {
    id: "native-login-pglite-vs-baseline",
    label: "native login on PGlite ÷ baseline login",
    numerator: ["ours-pglite", "nativeLogin"],
    denominator: ["baseline", "nativeLogin"],
  },
  {
    id: "native-signup-vs-baseline",
    label: "native signup ÷ baseline signup (PostgreSQL)",
    numerator: ["ours-postgres", "nativeSignup"],
    denominator: ["baseline", "nativeSignup"],
  },
  {
    id: "better-auth-login-vs-baseline",
    label: "Better Auth login ÷ baseline login",
    numerator: ["better-auth", "nativeLogin"],
    denominator: ["baseline", "nativeLogin"],
  },
  {
    id: "native-login-vs-ceiling",
    label: "native login ÷ verifyAuthenticationResponse() ceiling (one core)",
    numerator: ["ours-postgres", "nativeLogin"],
    denominator: { ceiling: "verifyAuthenticationResponsePerSec" },
  },
  {
    id: "native-login-pglite-vs-ceiling",
    label: "native login on PGlite ÷ verifyAuthenticationResponse() ceiling",
    numerator: ["ours-pglite", "nativeLogin"],
    denominator: { ceiling: "verifyAuthenticationResponsePerSec" },
  },
  {
    id: "better-auth-login-vs-ceiling",
    label: "Better Auth login ÷ verifyAuthenticationResponse() ceiling",
    numerator: ["better-auth", "nativeLogin"],
    denominator: { ceiling: "verifyAuthenticationResponsePerSec" },
  },
];

export function computeRatios(measurements: Measurement[], ceilings: { round: number; value: Ceilings }[], rounds: number): Ratio[] {
  const throughput = (round: number, [target, flow]: [TargetName, FlowName]) =>
    measurements.find((m) => m.round === round && m.target === target && m.flow === flow)?.throughput;
  const out: Ratio[] = [];
  for (const def of RATIOS) {
    const perRound: (number | null)[] = [];
    for (let round = 1; round <= rounds; round++) {
      const top = throughput(round, def.numerator);
      const bottom = Array.isArray(def.denominator)
        ? throughput(round, def.denominator)
        : ceilings.find((c) => c.round === round)?.value[def.denominator.ceiling];
      perRound.push(top !== undefined && bottom ? top / bottom : null);
    }
    if (perRound.every((r) => r === null)) continue;
    const m = median(perRound.filter((r): r is number => r !== null));
    out.push({ id: def.id, label: def.label, perRound, median: Number.isFinite(m) ? m : null });
  }
  return out;
}

/** Medians over the rounds per target × flow. */
export function summarize(measurements: Measurement[]): Summary[] {
  const keys = [...new Set(measurements.map((m) => `${m.target} ${m.flow}`))];
  return keys.map((key) => {
    const [target, flow] = key.split(" ") as [TargetName, FlowName];
    const ms = measurements.filter((m) => m.target === target && m.flow === flow);
    const messages = [...new Set(ms.flatMap((m) => m.errorMessages))].slice(0, 5);
    return {
      target,
      flow,
      rounds: ms.length,
      throughput: median(ms.map((m) => m.throughput)),
      p50: median(ms.map((m) => m.latencyMs.p50)),
      p95: median(ms.map((m) => m.latencyMs.p95)),
      p99: median(ms.map((m) => m.latencyMs.p99)),
      errors: ms.reduce((n, m) => n + m.errors, 0),
      warmupErrors: ms.reduce((n, m) => n + m.warmupErrors, 0),
      errorMessages: messages,
      rssMaxMb: highest(ms.map((m) => m.server?.rssMaxMb ?? NaN)),
      cpuPercent: median(ms.map((m) => m.server?.cpuPercent ?? NaN)),
      loadgenCpuPercent: median(ms.map((m) => m.loadgenCpuPercent)),
    };
  });
}

function highest(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? Math.max(...finite) : NaN;
}
