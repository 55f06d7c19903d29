// The systems a run compares, each with the flows it can drive:
//
//   ours-postgres  this service on PostgreSQL   native login, native signup, hosted login, and the
//                                               native login on a custom database (your own store)
//   ours-pglite    this service on PGlite       the same four
//   better-auth    Better Auth + passkey plugin native login, native signup (PostgreSQL)
//   baseline       node:http + SimpleWebAuthn   native login, native signup (in memory)
//
// Every server is pinned to core 1 (the load generator has core 0).

import { freePort } from "./proc.ts";
import { flowExtra, startOurs, type OursTarget } from "../targets/ours.ts";

export const TARGET_NAMES = ["ours-postgres", "ours-pglite", "better-auth", "baseline"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];
export const FLOW_NAMES = ["nativeLogin", "nativeSignup", "hostedLogin", "customLogin"] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

export const SERVER_CORE = 1;

export type RunningTarget = {
  name: TargetName;
  baseUrl: string;
  pid: number;
  /** Relative to bench/, for the load worker. */
  flowModule: string;
  flows: FlowName[];
  extra?: Record<string, unknown>;
  /** Set for our service (its native app, action ids…). */
  ours?: OursTarget;
  stop(): Promise<void>;
};

type PeerModule = {
  start(opts: { port: number; core: number; databaseUrl?: string }): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }>;
};

/** Every server started and not yet stopped, so that a run that ends early stops them all. */
const alive = new Set<RunningTarget>();

export async function stopAllTargets(): Promise<void> {
  await Promise.allSettled([...alive].map((t) => t.stop()));
}

export async function startTarget(name: TargetName, options: { databaseUrl?: string } = {}): Promise<RunningTarget> {
  const target = await launch(name, options);
  alive.add(target);
  const stop = target.stop.bind(target);
  target.stop = async () => {
    alive.delete(target);
    await stop();
  };
  return target;
}

async function launch(name: TargetName, options: { databaseUrl?: string }): Promise<RunningTarget> {
  if (name === "ours-postgres" || name === "ours-pglite") {
    const ours = await startOurs({ storage: name === "ours-pglite" ? "pglite" : "postgres", core: SERVER_CORE, databaseUrl: options.databaseUrl });
    return {
      name,
      baseUrl: ours.baseUrl,
      pid: ours.pid,
      flowModule: "flows/ours.ts",
      flows: ["nativeLogin", "nativeSignup", "hostedLogin", "customLogin"],
      extra: flowExtra(ours),
      ours,
      stop: () => ours.stop(),
    };
  }
  const peer = (await import(name === "better-auth" ? "../targets/better-auth.ts" : "../targets/baseline.ts")) as PeerModule;
  const started = await peer.start({ port: await freePort(), core: SERVER_CORE, databaseUrl: options.databaseUrl });
  return {
    name,
    baseUrl: started.baseUrl,
    pid: started.pid,
    flowModule: name === "better-auth" ? "flows/better-auth.ts" : "flows/baseline.ts",
    flows: ["nativeLogin", "nativeSignup"],
    stop: () => started.stop(),
  };
}
