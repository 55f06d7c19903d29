// Processes of a benchmark run: children pinned to a core, waiting for them to answer, and what
// the kernel says about them (RSS, CPU time, load average). Figures are read from /proc of the
// process that serves: `taskset` execs its command, so the pid we spawn is node's own, and the
// readings add up the process's descendants in case a server forks helpers.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import type { Readable, Writable } from "node:stream";

export type PinnedChild = {
  pid: number;
  child: ChildProcess;
  /** The child's stdout (always a pipe; its text is also kept for output()). */
  stdout: Readable;
  /** The child's stdin pipe, when spawned with `stdin: true`. */
  stdin: Writable | null;
  /** The last few KB of the child's stdout and stderr, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
  exited(): boolean;
};

export type SpawnOptions = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Prefix for the child's stderr lines forwarded to ours (stdout is only kept). */
  name: string;
  /** Forward the child's stderr to ours (default true). */
  forwardStderr?: boolean;
  /** Give the child a stdin pipe (child.stdin) instead of /dev/null. */
  stdin?: boolean;
};

/** `taskset -c <core> <command> <args>`: the child and everything it starts run on that core. */
export function spawnPinned(core: number, command: string, args: string[], options: SpawnOptions): PinnedChild {
  const child = spawn("taskset", ["-c", String(core), command, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  const { pid, stdout, stderr } = child;
  // No pid: the spawn itself failed (taskset missing…); the child's "error" event says why.
  if (pid === undefined) throw new Error(`could not start taskset -c ${core} ${command} (${options.name})`);
  if (!stdout || !stderr) {
    child.kill("SIGKILL");
    throw new Error(`${options.name}: the child has no stdout/stderr pipe`);
  }
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-6000);
  };
  stdout.on("data", keep);
  stderr.on("data", (chunk: Buffer) => {
    keep(chunk);
    if (options.forwardStderr !== false) process.stderr.write(prefixLines(`[${options.name}] `, chunk.toString("utf8")));
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid,
    child,
    stdout,
    stdin: child.stdin,
    output: () => tail,
    exited,
    stop: (graceMs = 10_000) => stopChild(child, graceMs),
  };
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function prefixLines(prefix: string, text: string): string {
  return text.replace(/^(?=.)/gm, prefix);
}

/** Polls `url` until it answers 2xx; fails early when the child dies. */
export async function waitForUrl(url: string, child: PinnedChild, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited()) throw new Error(`the server exited (${child.child.exitCode ?? child.child.signalCode}) before answering ${url}:\n${child.output()}`);
    if (await answers(url)) return;
    await sleep(200);
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs / 1000} s:\n${child.output()}`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    // A fresh socket (no agent): a half-started server must not poison a keep-alive pool.
    const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on("end", () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Ports Node's fetch refuses (the fetch spec's "bad ports"), among them 4045: a target on one
// of them would fail in a browser-like client for reasons that have nothing to do with it.
const BAD_PORTS = new Set([1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

/** A port free right now (the kernel's pick), never one of the bad ports. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    if (!BAD_PORTS.has(port)) return port;
  }
}

// --- /proc readings ---------------------------------------------------------------------

let clockTicks: number | undefined;
/** Clock ticks per second of /proc/<pid>/stat times (getconf CLK_TCK; 100 on Linux). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** The process and its descendants (children listed by the kernel for each thread). */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${all[i]}/task`);
    } catch {
      continue; // gone
    }
    for (const task of tasks) {
      try {
        for (const child of readFileSync(`/proc/${all[i]}/task/${task}/children`, "utf8").trim().split(/\s+/)) {
          if (child) all.push(Number(child));
        }
      } catch {
        // thread gone
      }
    }
  }
  return all;
}

/** Resident memory in MB of the process tree (VmRSS of each, summed); 0 when gone. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const line = readFileSync(`/proc/${p}/status`, "utf8").match(/^VmRSS:\s+(\d+)\s+kB/m);
      if (line) kb += Number(line[1]);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

/** CPU time (user + system) in ms of the process tree. */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      // Fields after the command name (which may hold spaces and parentheses): state is field 3,
      // utime field 14, stime field 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / ticksPerSecond();
}

export type LoadAverage = { one: number; five: number; fifteen: number; at: string };

export function loadAverage(): LoadAverage {
  const [one, five, fifteen] = readFileSync("/proc/loadavg", "utf8").split(" ").map(Number);
  return { one, five, fifteen, at: new Date().toISOString() };
}
