// What every benchmarked flow is: an untimed setup, then iterations the load generator times.
// A flow module exports factories (one per flow it can drive) of this shape; the load generator
// (bench/lib/load.ts) runs `vus` virtual users, each calling iteration() in a loop.

export interface FlowDriver {
  /** Not timed: e.g. sign up the users whose passkeys the login flow will use. */
  setup(): Promise<void>;
  /** One complete login or signup by virtual user `vu`; throws on any unexpected answer. */
  iteration(vu: number): Promise<void>;
}

export type FlowOptions = {
  /** http://localhost:PORT of the target (also the WebAuthn origin). */
  baseUrl: string;
  /** How many users with passkeys a login flow signs up in setup (200 in the runs). */
  users: number;
  /** How many virtual users will call iteration() concurrently. */
  vus: number;
  /** Target-specific settings (client ids, action ids…), JSON-serialisable. */
  extra?: Record<string, unknown>;
};

export type FlowFactory = (options: FlowOptions) => FlowDriver;

export class FlowError extends Error {
  constructor(step: string, status: number, body: string) {
    super(`${step}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = "FlowError";
  }
}
