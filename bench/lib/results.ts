// The shape of bench/results/latest.json: everything a run measured, in one object that
// lib/budgets.ts judges and lib/report.ts turns into Markdown.

import type { Ceilings } from "./ceilings.ts";
import type { LoadResult } from "./load.ts";
import type { LoadAverage } from "./proc.ts";
import type { FlowName, TargetName } from "./targets.ts";

export type RunOptions = {
  smoke: boolean;
  rounds: number;
  durationS: number;
  warmupS: number;
  vus: number;
  users: number;
  targets: TargetName[];
  skip: string[];
  soakS: number;
  growthSizes: number[];
};

/** One load of one flow on one target in one round. */
export type Measurement = { round: number; target: TargetName; flow: FlowName } & Omit<LoadResult, "flow">;

/** Medians over the rounds (errors summed, RSS the highest seen). */
export type Summary = {
  target: TargetName;
  flow: FlowName;
  rounds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  warmupErrors: number;
  errorMessages: string[];
  rssMaxMb: number;
  cpuPercent: number;
  loadgenCpuPercent: number;
};

export type RatioDefinition = {
  id: string;
  label: string;
  numerator: [TargetName, FlowName];
  denominator: [TargetName, FlowName] | { ceiling: keyof Ceilings };
};
export type Ratio = { id: string; label: string; perRound: (number | null)[]; median: number | null };

export type SqlCount = {
  statements: number;
  roundTrips: number;
  iterations: number;
  idleRoundTripsPerSecond: number;
  idleStatementsPerSecond: number;
  /** Calls to the custom database's user store per iteration (flows on a custom connection). */
  storeCalls?: number;
};

export type GrowthStep = { users: number; seedSeconds: number; throughput: number; p50: number; p99: number; errors: number };

export type Soak = {
  seconds: number;
  flow: FlowName;
  target: TargetName;
  startMb: number;
  endMb: number;
  maxMb: number;
  slopeMbPerMin: number;
  samples: { t: number; mb: number }[];
};

export type Budget = {
  id: string;
  label: string;
  /** The measured value (null: not measured in this run). */
  value: number | null;
  limit: string;
  /** null when not measured. */
  pass: boolean | null;
  /** Reported only (not enforced): stretch goals, or too short a run to judge. */
  enforced: boolean;
};

export type Results = {
  startedAt: string;
  finishedAt?: string;
  options: RunOptions;
  machine: { nproc: number; cpuModel: string; node: string; kernel: string; memTotalMb: number };
  build: { buildId: string | null; loginActionIds?: Record<string, string> };
  notes: string[];
  loadAverage: { before: LoadAverage; after?: LoadAverage; rounds: { round: number; start: LoadAverage; end: LoadAverage }[] };
  ceilings: { round: number; value: Ceilings }[];
  measurements: Measurement[];
  summary: Summary[];
  ratios: Ratio[];
  sql: Partial<Record<TargetName, Partial<Record<FlowName, SqlCount>>>>;
  page?: Record<string, unknown> & {
    loginJsGzipBytes: number;
    floorJsGzipBytes: number;
    htmlBytes: number;
    ttfbP50: number;
    ttfbP99: number;
    lcpMs: number | null;
  };
  growth?: { steps: GrowthStep[]; queryPlans?: Record<string, string> };
  soak?: Soak;
  budgets: Budget[];
  /** Phases that failed (the run goes on with the others and exits 2). */
  failures: { phase: string; message: string }[];
};
