// bench/results/latest.md from the run's results: the budgets first, then the figures behind them.

import type { Results } from "./results.ts";
import type { FlowName } from "./targets.ts";

const FLOW_LABELS: Record<FlowName, string> = {
  nativeLogin: "native login",
  nativeSignup: "native signup",
  hostedLogin: "hosted login (whole round trip)",
  customLogin: "native login, own database",
};

function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** `align`: one letter per column, l(eft) or r(ight); by default the first column is text, the rest numbers. */
function table(header: string[], rows: string[][], align = "l" + "r".repeat(header.length - 1)): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (align[i] === "r" ? "---:" : "---"))), ...rows.map(line)].join("\n");
}

export function renderMarkdown(r: Results): string {
  const out: string[] = [];
  const o = r.options;
  out.push(`# Benchmark results${o.smoke ? " (smoke)" : ""}`);
  out.push(
    [
      `Run ${r.startedAt}${r.finishedAt ? ` → ${r.finishedAt}` : ""}, build \`${r.build.buildId ?? "?"}\`.`,
      `Machine: ${r.machine.nproc} × ${r.machine.cpuModel}, ${r.machine.memTotalMb} MB, Linux ${r.machine.kernel}, Node ${r.machine.node}.`,
      `Load average before ${r.loadAverage.before.one} / ${r.loadAverage.before.five} / ${r.loadAverage.before.fifteen}` +
        (r.loadAverage.after ? `, after ${r.loadAverage.after.one} / ${r.loadAverage.after.five} / ${r.loadAverage.after.fifteen}` : "") +
        " (1 / 5 / 15 min).",
      `${o.rounds} round(s) of ${o.warmupS} s warm-up + ${o.durationS} s measured per target and flow, ${o.vus} concurrent virtual users, ${o.users} users with passkeys per login flow.` +
        (o.skip.length ? ` Skipped: ${o.skip.join(", ")}.` : ""),
    ].join("\n"),
  );

  if (r.failures.length) {
    out.push("## Failed phases");
    out.push(r.failures.map((f) => `- **${f.phase}**: ${f.message.split("\n")[0]}`).join("\n"));
  }

  out.push("## Budgets");
  out.push(
    table(
      ["Budget", "Measured", "Limit", "Result"],
      r.budgets
        .filter((b) => !o.smoke || b.pass !== null)
        .map((b) => [
          b.label,
          fmt(b.value, Number.isInteger(b.value) ? 0 : 2),
          b.limit,
          b.pass === null ? "not measured" : b.pass ? "pass" : b.enforced ? "**FAIL**" : "missed (reported)",
        ]),
      "lrll",
    ),
  );

  if (r.summary.length) {
    out.push(`## Throughput and latency (median of ${o.rounds} round${o.rounds === 1 ? "" : "s"})`);
    out.push(
      table(
        ["Target", "Flow", "Per second", "p50 ms", "p95 ms", "p99 ms", "Errors", "Server RSS max MB", "Server CPU %", "Load generator CPU %"],
        r.summary.map((s) => [
          s.target,
          FLOW_LABELS[s.flow],
          fmt(s.throughput),
          fmt(s.p50),
          fmt(s.p95),
          fmt(s.p99),
          String(s.errors + s.warmupErrors),
          fmt(s.rssMaxMb, 0),
          fmt(s.cpuPercent, 0),
          fmt(s.loadgenCpuPercent, 0),
        ]),
        "llrrrrrrrr",
      ),
    );
    const errors = r.summary.filter((s) => s.errorMessages.length);
    if (errors.length)
      out.push(errors.map((s) => `- ${s.target} ${FLOW_LABELS[s.flow]}: ${s.errorMessages.map((m) => `\`${m.replaceAll("`", "'")}\``).join("; ")}`).join("\n"));
    out.push("Server CPU is % of one core over the measured window (the server is pinned to one core: 100% is all of it).");
  }

  if (r.ratios.length) {
    out.push("## Ratios (within each round)");
    const rounds = Array.from({ length: o.rounds }, (_, i) => `round ${i + 1}`);
    out.push(
      table(
        ["Ratio", ...rounds, "Median"],
        r.ratios.map((x) => [x.label, ...x.perRound.map((v) => fmt(v, 2)), `**${fmt(x.median, 2)}**`]),
      ),
    );
  }

  const sqlRows = Object.entries(r.sql).flatMap(([target, flows]) =>
    Object.entries(flows).map(([flow, c]) => [target, FLOW_LABELS[flow as FlowName], fmt(c.statements, 1), fmt(c.roundTrips, 1), String(c.iterations)]),
  );
  if (sqlRows.length) {
    out.push("## SQL per iteration (counted at the wire, one virtual user)");
    out.push(table(["Target", "Flow", "Statements", "Round trips", "Iterations counted"], sqlRows, "llrrr"));
    out.push(
      "Statements = Execute + simple Query messages; round trips = Sync + simple Query (each a wait for PostgreSQL). Setup and warm-up are not counted; the idle rate is subtracted.",
    );
  }

  if (r.page) {
    const p = r.page;
    out.push("## Login page (/u/login)");
    out.push(
      table(
        ["First-load JS (gzip)", "Framework floor (gzip)", "Above the floor", "HTML", "TTFB p50", "TTFB p99", "LCP"],
        [
          [
            `${fmt(p.loginJsGzipBytes / 1024)} KB`,
            `${fmt(p.floorJsGzipBytes / 1024)} KB`,
            `${fmt((p.loginJsGzipBytes - p.floorJsGzipBytes) / 1024)} KB`,
            `${fmt(p.htmlBytes / 1024)} KB`,
            `${fmt(p.ttfbP50)} ms`,
            `${fmt(p.ttfbP99)} ms`,
            p.lcpMs === null ? "–" : `${fmt(p.lcpMs, 0)} ms`,
          ],
        ],
      ),
    );
    out.push("TTFB at 4 concurrent requests; the floor is a page of the same build with no client code of its own (the 404 page).");
  }

  if (r.growth) {
    out.push("## Growth: native login on PostgreSQL with more users");
    out.push(
      table(
        ["Users with a passkey", "Bulk insert s", "Logins/s", "p50 ms", "p99 ms", "Errors"],
        r.growth.steps.map((g) => [g.users.toLocaleString("en"), fmt(g.seedSeconds), fmt(g.throughput), fmt(g.p50), fmt(g.p99), String(g.errors)]),
      ),
    );
    if (r.growth.queryPlans) {
      out.push(`Query plans of the login's lookups at ${r.growth.steps.at(-1)?.users.toLocaleString("en") ?? "?"} users:`);
      for (const [name, plan] of Object.entries(r.growth.queryPlans)) out.push(`<details><summary>${name}</summary>\n\n\`\`\`\n${plan}\n\`\`\`\n</details>`);
    }
  }

  if (r.soak) {
    const s = r.soak;
    out.push("## Soak");
    out.push(
      `${s.target} ${FLOW_LABELS[s.flow]} for ${s.seconds} s: RSS ${fmt(s.startMb)} → ${fmt(s.endMb)} MB (max ${fmt(s.maxMb)}), ` +
        `slope after the first fifth ${fmt(s.slopeMbPerMin, 2)} MB/min.`,
    );
  }

  if (r.ceilings.length) {
    out.push("## Ceilings (one core, per round)");
    out.push(
      table(
        ["Round", "P-256 verify/s", "verifyAuthenticationResponse/s", "ES256 sign/s", "RS256 sign/s"],
        r.ceilings.map((c) => [
          String(c.round),
          fmt(c.value.p256VerifyPerSec, 0),
          fmt(c.value.verifyAuthenticationResponsePerSec, 0),
          fmt(c.value.es256SignPerSec, 0),
          fmt(c.value.rs256SignPerSec, 0),
        ]),
      ),
    );
  }

  if (r.loadAverage.rounds.length) {
    out.push("## Load average per round");
    out.push(
      table(
        ["Round", "Start (1 min)", "End (1 min)"],
        r.loadAverage.rounds.map((l) => [String(l.round), String(l.start.one), String(l.end.one)]),
      ),
    );
  }

  out.push("## Notes");
  out.push(r.notes.map((n) => `- ${n}`).join("\n"));
  return out.join("\n\n") + "\n";
}
