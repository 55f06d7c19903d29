// Does the server's RSS keep growing under a steady load? Native login for `seconds`, RSS
// sampled every 250 ms; the least-squares slope after the first fifth (warm-up of caches and
// the JIT, not a leak).

import { describeLoad, runLoad } from "../lib/load.ts";
import type { RunOptions, Soak } from "../lib/results.ts";
import { round, slope } from "../lib/stats.ts";
import type { RunningTarget } from "../lib/targets.ts";

export async function soak(target: RunningTarget, options: RunOptions): Promise<Soak> {
  console.log(`soak: native login on ${target.name} for ${options.soakS} s`);
  const result = await runLoad({
    flowModule: target.flowModule,
    flowName: "nativeLogin",
    options: { baseUrl: target.baseUrl, users: options.users, vus: options.vus, extra: target.extra },
    warmupS: options.warmupS,
    durationS: options.soakS,
    serverPid: target.pid,
    keepRssSamples: true,
  });
  // runLoad watches serverPid and keeps every sample (keepRssSamples), at least one at each end.
  const { server } = result;
  const samples = server?.rssSamples;
  const last = samples?.at(-1);
  if (!server || !samples || !last) throw new Error(`soak: the load on ${target.name} (pid ${target.pid}) returned no RSS samples of the server`);
  const steady = samples.filter((s) => s.t >= options.soakS / 5);
  const out: Soak = {
    seconds: options.soakS,
    flow: "nativeLogin",
    target: target.name,
    startMb: samples[0].mb,
    endMb: last.mb,
    maxMb: server.rssMaxMb,
    slopeMbPerMin: slope(steady.map((s) => ({ x: s.t / 60, y: s.mb }))),
    // One sample a second is plenty in the JSON.
    samples: samples.filter((_, i) => i % 4 === 0).map((s) => ({ t: round(s.t, 1), mb: round(s.mb, 1) })),
  };
  console.log(`soak: ${describeLoad(result)} · RSS ${round(out.startMb)} → ${round(out.endMb)} MB, slope ${round(out.slopeMbPerMin, 2)} MB/min`);
  return out;
}
