// The floor of oidc-provider's token endpoint on one core: how many token responses per second
// it gives with a grant that does no work of its own and an in-memory adapter, issuing what our
// webauthn grant issues (an RS256 ID token, an access token, a refresh token). Server on core 1,
// 16 concurrent callers here (run on core 0), 3 s warm-up, 10 s measured.
//
//   taskset -c 0 node bench/floor/oidc-provider.mjs
//
// Issue 10's note compares it with the budget: 1,600-1,680 tokens/s here (0.57-0.59 ms of CPU each).

import { execFileSync, fork } from "node:child_process";

const child = fork(new URL("./oidc-provider-server.mjs", import.meta.url).pathname, [], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
execFileSync("taskset", ["-cp", "1", String(child.pid)]);
await new Promise((resolve) => child.on("message", (m) => m === "ready" && resolve()));

const serverUsage = () =>
  new Promise((resolve) => {
    child.once("message", resolve);
    child.send("cpu");
  });
const body = "grant_type=urn%3Afloor&client_id=app&scope=openid%20email%20offline_access";

async function tokenResponse() {
  const response = await fetch("http://localhost:4100/oauth/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  const tokens = await response.json();
  if (!tokens.id_token || !tokens.refresh_token) throw new Error(JSON.stringify(tokens));
}

async function load(ms) {
  let count = 0;
  const end = Date.now() + ms;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (Date.now() < end) {
        await tokenResponse();
        count++;
      }
    }),
  );
  return count;
}

await load(3000);
const before = (await serverUsage()).cpu;
const started = Date.now();
const count = await load(10_000);
const after = await serverUsage();
const seconds = (Date.now() - started) / 1000;
const cpuMs = (after.cpu.user + after.cpu.system - before.user - before.system) / 1000;
console.log(
  JSON.stringify({
    tokensPerSecond: +(count / seconds).toFixed(1),
    cpuMsPerToken: +(cpuMs / count).toFixed(2),
    serverCpuPercent: Math.round(cpuMs / seconds / 10),
    rssMB: Math.round(after.rss / 1e6),
  }),
);
child.kill();
