// The command line of `npm run bench` (bench/README.md lists the options), with the smoke's
// defaults: every flow, briefly, nothing that takes minutes.

import { parseArgs } from "node:util";
import type { RunOptions } from "./results.ts";
import { TARGET_NAMES, type TargetName } from "./targets.ts";

export const PHASES = ["ceilings", "rounds", "soak", "page", "sql", "growth"] as const;

export function parseOptions(argv: string[]): RunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: "boolean", default: false },
      rounds: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      vus: { type: "string" },
      users: { type: "string" },
      only: { type: "string" },
      skip: { type: "string" },
      soak: { type: "string" },
      "growth-sizes": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run bench -- [--smoke] [--rounds N] [--duration S] [--warmup S] [--vus N] [--users N]\n" +
        `       [--only ${TARGET_NAMES.join(",")}] [--skip ${PHASES.join(",")}] [--soak S] [--growth-sizes 1000,100000,1000000]`,
    );
    process.exit(0);
  }
  const smoke = values.smoke;
  const number = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number: ${value}`);
    return n;
  };
  const list = (value: string | undefined) =>
    (value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);

  let targets = [...TARGET_NAMES] as TargetName[];
  if (values.only) {
    const wanted = list(values.only).flatMap((name) => (name === "ours" ? ["ours-postgres", "ours-pglite"] : [name]));
    for (const name of wanted) if (!TARGET_NAMES.includes(name as TargetName)) throw new Error(`--only: unknown target ${name} (${TARGET_NAMES.join(", ")})`);
    targets = TARGET_NAMES.filter((t) => wanted.includes(t));
  }
  const skip = list(values.skip);
  for (const name of skip) if (!PHASES.includes(name as (typeof PHASES)[number])) throw new Error(`--skip: unknown phase ${name} (${PHASES.join(", ")})`);
  // A smoke run: every flow, briefly, nothing that takes minutes.
  if (smoke) for (const phase of ["ceilings", "soak", "page", "sql", "growth"]) if (!skip.includes(phase)) skip.push(phase);
  const soakS = number("soak", values.soak, smoke ? 0 : 60);
  if (soakS === 0 && !skip.includes("soak")) skip.push("soak");

  return {
    smoke,
    rounds: number("rounds", values.rounds, smoke ? 1 : 3),
    durationS: number("duration", values.duration, smoke ? 4 : 10),
    warmupS: number("warmup", values.warmup, smoke ? 1 : 3),
    vus: number("vus", values.vus, smoke ? 4 : 16),
    users: number("users", values.users, smoke ? 8 : 200),
    targets,
    skip,
    soakS,
    growthSizes: values["growth-sizes"] ? list(values["growth-sizes"]).map(Number) : [1_000, 100_000, 1_000_000],
  };
}
